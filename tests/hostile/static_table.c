/*
 * tests/hostile/static_table.c - a CS:APP file that keeps its free-list
 * heads in a 4 KiB static array, outside the heap: the CS:APP rules allow
 * global scalars only (t-harness-rules.sh: the build names the array, the
 * run fails, and utilization with everything counted is lower by 4096
 * bytes on every trace).
 */
#include "base.h"

team_t team = { "hostile", "static table", "", "", "" };

#define LISTS 512
static void *free_lists[LISTS];   /* 512 pointers: 4096 bytes */

int mm_init(void)
{
    memset(free_lists, 0, sizeof free_lists);
    return 0;
}

void *mm_malloc(size_t size) { return base_malloc(free_lists, LISTS, size); }
void mm_free(void *ptr) { if (ptr != NULL) base_free(free_lists, LISTS, ptr); }
void *mm_realloc(void *ptr, size_t size) { return base_realloc(free_lists, LISTS, ptr, size); }
