/*
 * escape.c - a submission that tries to write outside its own folder:
 * mm_init opens "../../escape" (from the folder the grader runs it in:
 * the class's output folder) and, as a student's debugging log would, stops
 * with a message when it cannot. tests/t-tools-class.sh checks that the
 * file never appears and that the reason is in the submission's row.
 *
 * Policy: a size word before each payload, bump allocation, frees ignored;
 * realloc grows the last block in place.
 */
#include <stdio.h>
#include <string.h>

#include "mm.h"
#include "memlib.h"

#define WORD 8
#define ROUND(n) (((n) + 7) & ~(size_t)7)
#define SIZE(p) (*(size_t *)((char *)(p) - WORD))

static char *last;      /* the payload nearest the end of the heap */

int mm_init(void)
{
    FILE *log = fopen("../../escape", "w");
    if (log == NULL) {
        perror("../../escape");
        return -1;
    }
    fputs("written from inside the grader\n", log);
    fclose(log);
    return 0;
}

void *mm_malloc(size_t size)
{
    char *p = mem_sbrk((intptr_t)(ROUND(size) + WORD));
    if (p == (void *)-1)
        return NULL;
    last = p + WORD;
    SIZE(last) = ROUND(size);
    return last;
}

void mm_free(void *ptr) { (void)ptr; }

/* The last block grows in place; any other moves. */
void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    size_t have = SIZE(ptr);
    if (ROUND(size) <= have)
        return ptr;
    if (ptr == last) {
        if (mem_sbrk((intptr_t)(ROUND(size) - have)) == (void *)-1)
            return NULL;
        SIZE(ptr) = ROUND(size);
        return ptr;
    }
    char *q = mm_malloc(size);
    if (q != NULL)
        memcpy(q, ptr, have);
    return q;
}
