/*
 * tests/hostile/libc_heap.c - a CS:APP file that keeps its free-list heads
 * in the C library's heap, taken with calloc in mm_init: no static array,
 * but 64 KiB outside the simulated heap at run time (t-harness-rules.sh:
 * the bytes show in outside_bytes, and the build names calloc).
 */
#include <stdlib.h>

#include "base.h"

team_t team = { "hostile", "libc heap", "", "", "" };

#define LISTS 8192
static void **free_lists;   /* LISTS pointers from calloc: 64 KiB */

int mm_init(void)
{
    free(free_lists);
    free_lists = calloc(LISTS, sizeof *free_lists);
    return free_lists != NULL ? 0 : -1;
}

void *mm_malloc(size_t size) { return base_malloc(free_lists, LISTS, size); }
void mm_free(void *ptr) { if (ptr != NULL) base_free(free_lists, LISTS, ptr); }
void *mm_realloc(void *ptr, size_t size) { return base_realloc(free_lists, LISTS, ptr, size); }
