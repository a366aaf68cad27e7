/*
 * tests/hostile/calls_malloc.c - a CS:APP file whose mm_malloc calls the C
 * library's malloc: it notes each request in a record of its own there
 * (t-harness-rules.sh: the build names malloc; the records show in
 * outside_bytes).
 */
#include <stdlib.h>

#include "base.h"

team_t team = { "hostile", "calls malloc", "", "", "" };

struct note {
    struct note *next;
    size_t size;
};
static struct note *notes;   /* a scalar: the notes are in the C library's heap */

int mm_init(void)
{
    while (notes != NULL) {
        struct note *next = notes->next;
        free(notes);
        notes = next;
    }
    return 0;
}

void *mm_malloc(size_t size)
{
    struct note *n = malloc(sizeof *n);
    if (n != NULL) {
        *n = (struct note){ notes, size };
        notes = n;
    }
    return base_malloc(NULL, 0, size);
}

void mm_free(void *ptr) { (void)ptr; }
void *mm_realloc(void *ptr, size_t size) { return base_realloc(NULL, 0, ptr, size); }
