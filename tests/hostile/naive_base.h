/* naive_base.h - the hostile allocators' honest part: allocators/naive.c
 * (every malloc extends the heap; free does nothing) with its functions
 * renamed naive_init, naive_malloc, naive_free and naive_realloc, so that a
 * hostile file defines the mm_* functions around them with its cheat. */
#ifndef NAIVE_BASE_H
#define NAIVE_BASE_H

#define mm_init naive_init
#define mm_malloc naive_malloc
#define mm_free naive_free
#define mm_realloc naive_realloc
#include "../../allocators/naive.c"
#undef mm_init
#undef mm_malloc
#undef mm_free
#undef mm_realloc

#endif /* NAIVE_BASE_H */
