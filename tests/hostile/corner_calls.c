/*
 * tests/hostile/corner_calls.c - a correct CS:APP file but for one corner
 * call, chosen by CORNER_BUG (t-harness-rules.sh):
 *   1  realloc(NULL, n) reads the block's header before testing for NULL,
 *      and crashes (as two MIT 6.172 files seen in the wild do)
 *   2  realloc(NULL, n) returns NULL
 *   3  free(NULL) crashes (which only the CMU 15-213 semantics forbid)
 *   0  none
 */
#include "base.h"

#ifndef CORNER_BUG
#define CORNER_BUG 0
#endif

team_t team = { "hostile", "corner calls", "", "", "" };

int mm_init(void) { return 0; }

void *mm_malloc(size_t size) { return base_malloc(NULL, 0, size); }

/* marks the block free in its header (and never uses it again) */
void mm_free(void *ptr)
{
    if (CORNER_BUG != 3 && ptr == NULL)
        return;
    *(volatile size_t *)((char *)ptr - BASE_HEADER) |= 1;
}

void *mm_realloc(void *ptr, size_t size)
{
    if (CORNER_BUG == 1 && base_size(ptr) >= size)
        return ptr;
    if (CORNER_BUG == 2 && ptr == NULL)
        return NULL;
    return base_realloc(NULL, 0, ptr, size);
}
