/*
 * allocator_interface.h - the MIT 6.172 lab's allocator interface, so an
 * allocator.c written for that lab builds here unchanged (`make MM=...`).
 *
 * It gives what the course's header and wrapper file give such a file: the
 * standard headers students rely on without including them (assert, the
 * integer types, stdio, stdlib, string; not stddef, whose offsetof a
 * student may define), memlib, and my_heap_lo,
 * my_heap_hi and my_reset_brk over memlib (defined in mm_api.c, weak, so a
 * file that defines them keeps its own). my_init returns 0 (or -1 on
 * failure); my_check returns 0 when the heap is consistent and non-zero
 * otherwise. The Makefile builds such a file with NDEBUG, as the course's
 * normal build does (ASSERTS=1 keeps its asserts on).
 */
#ifndef ALLOCATOR_INTERFACE_H
#define ALLOCATOR_INTERFACE_H

#include <assert.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memlib.h"

int my_init(void);
void *my_malloc(size_t size);
void my_free(void *ptr);
void *my_realloc(void *ptr, size_t size);
int my_check(void);

void *my_heap_lo(void);
void *my_heap_hi(void);
void my_reset_brk(void);

#endif /* ALLOCATOR_INTERFACE_H */
