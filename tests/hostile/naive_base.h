/* naive_base.h - the hostile allocators' honest part: allocators/naive.c
 * (every malloc extends the heap; free does nothing). Its mm_init is
 * renamed naive_init, for the hostile file's own mm_init to call; so are
 * mm_malloc and mm_free when the file defines HOSTILE_MALLOC or
 * HOSTILE_FREE before it includes this (naive's realloc then calls the
 * renamed ones). The rest stays naive's. */
#ifndef NAIVE_BASE_H
#define NAIVE_BASE_H

#include "config.h"

#define mm_init naive_init
#ifdef HOSTILE_MALLOC
#define mm_malloc naive_malloc
#endif
#ifdef HOSTILE_FREE
#define mm_free naive_free
#endif
#include "../../allocators/naive.c"
#undef mm_init
#undef mm_malloc
#undef mm_free

#endif /* NAIVE_BASE_H */
