/*
 * rule_breaker.c - a correct allocator that breaks the CS:APP rules: its
 * free lists' heads live in a static array outside the simulated heap
 * (the handout allows global scalars only). tests/t-tools-class.sh grades
 * it as a student's file: valid on every trace; with a driver that checks
 * the rules, the finding is in its row.
 *
 * Policy: sizes rounded up to powers of two from 16 bytes; one LIFO list
 * per power, its links in the freed payloads; a header word holds the class.
 */
#include <string.h>

#include "mm.h"
#include "memlib.h"

#define CLASSES 48
#define HEADER 8

static void *heads[CLASSES];    /* the rule broken: a global array */

static size_t class_of(size_t size)
{
    size_t c = 4;               /* 16 bytes */
    while (((size_t)1 << c) < size)
        c++;
    return c;
}

int mm_init(void)
{
    memset(heads, 0, sizeof heads);
    return 0;
}

void *mm_malloc(size_t size)
{
    size_t c = class_of(size);
    if (c >= CLASSES)
        return NULL;
    if (heads[c] != NULL) {
        void *p = heads[c];
        heads[c] = *(void **)p;
        return p;
    }
    char *b = mem_sbrk((intptr_t)(((size_t)1 << c) + HEADER));
    if (b == (void *)-1)
        return NULL;
    *(size_t *)b = c;
    return b + HEADER;
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
    size_t c = *(size_t *)((char *)ptr - HEADER);
    *(void **)ptr = heads[c];
    heads[c] = ptr;
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    size_t have = (size_t)1 << *(size_t *)((char *)ptr - HEADER);
    if (size <= have)
        return ptr;
    void *q = mm_malloc(size);
    if (q != NULL) {
        memcpy(q, ptr, have);
        mm_free(ptr);
    }
    return q;
}
