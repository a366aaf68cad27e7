/*
 * nocompile.c - a submission that does not compile (a missing semicolon
 * and an undeclared name): its row in class.csv says "build failed" with
 * the compiler's first error.
 */
#include "mm.h"
#include "memlib.h"

int mm_init(void) { return 0 }

void *mm_malloc(size_t size) { return mem_sbrk(size_rounded); }

void mm_free(void *ptr) { (void)ptr; }

void *mm_realloc(void *ptr, size_t size) { (void)ptr; return mm_malloc(size); }
