/*
 * naive.c - the lab handout's naive allocator, written for this project.
 *
 * Every malloc extends the heap by ALIGN(size + SIZE_T_SIZE) and stores the
 * request size in the word before the payload; free does nothing; realloc
 * allocates a new block and copies. It reuses nothing, so its utilization is
 * poor and it runs out of heap on traces that allocate much in total; it is
 * the baseline every other variant is compared with.
 */
#include <string.h>

#include "mm.h"

#define ALIGN(size) (((size) + (ALIGNMENT - 1)) & ~(size_t)(ALIGNMENT - 1))
#define SIZE_T_SIZE (ALIGN(sizeof(size_t)))

int mm_init(void)
{
    return 0;
}

void *mm_malloc(size_t size)
{
    if (size > (size_t)INTPTR_MAX - 2 * SIZE_T_SIZE)
        return NULL;
    size_t total = ALIGN(size + SIZE_T_SIZE);
    char *p = mem_sbrk((intptr_t)total);
    if (p == (void *)-1)
        return NULL;
    *(size_t *)(void *)p = size;
    return p + SIZE_T_SIZE;
}

void mm_free(void *ptr)
{
    (void)ptr;
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    void *newptr = mm_malloc(size);
    if (newptr == NULL)
        return NULL;
    size_t old = *(size_t *)(void *)((char *)ptr - SIZE_T_SIZE);
    memcpy(newptr, ptr, old < size ? old : size);
    mm_free(ptr);
    return newptr;
}
