/*
 * allocator_interface.h - the MIT 6.172 lab's allocator interface, so an
 * allocator.c written for that lab builds here unchanged (`make MM=...`).
 * my_init returns 0 (or -1 on failure); my_check returns 0 when the heap is
 * consistent and non-zero otherwise.
 */
#ifndef ALLOCATOR_INTERFACE_H
#define ALLOCATOR_INTERFACE_H

#include <stddef.h>

#include "config.h"
#include "memlib.h"

int my_init(void);
void *my_malloc(size_t size);
void my_free(void *ptr);
void *my_realloc(void *ptr, size_t size);
int my_check(void);

#endif /* ALLOCATOR_INTERFACE_H */
