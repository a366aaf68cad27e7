/**
 * allocator.c - an allocator file in the shape of the MIT 6.172 project 3
 * handout, to check that such files build and run here unmodified: it
 * includes "./allocator_interface.h" and "./memlib.h", defines my_init,
 * my_malloc, my_free, my_realloc, my_check and my_reset_brk, returns NULL
 * for malloc(0), and keeps a size header before each payload.
 *
 * Policy: a single free list of exact-size blocks (LIFO), else extend.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "./allocator_interface.h"
#include "./memlib.h"

// All blocks must have a specified minimum alignment.
#ifndef ALIGNMENT
#define ALIGNMENT 8
#endif

// Rounds up to the nearest multiple of ALIGNMENT.
#define ALIGN(size) (((size) + (ALIGNMENT-1)) & ~(ALIGNMENT-1))

// The smallest aligned size that will hold a size_t value.
#define SIZE_T_SIZE (ALIGN(sizeof(size_t)))

typedef struct free_block {
  struct free_block* next;
} free_block;

static free_block* free_list = NULL;

// check - This checks our invariant that the size_t header before every
// block points to either the beginning of the next block, or the end of the
// heap.
int my_check() {
  char* p;
  char* lo = (char*)mem_heap_lo();
  char* hi = (char*)mem_heap_hi() + 1;
  size_t size = 0;

  p = lo;
  while (lo <= p && p < hi) {
    size = ALIGN(*(size_t*)p + SIZE_T_SIZE);
    p += size;
  }

  if (p != hi) {
    printf("Bad headers did not end at heap_hi!\n");
    printf("heap_lo: %p, heap_hi: %p, size: %lu, p: %p\n", lo, hi, size, p);
    return -1;
  }

  return 0;
}

// init - Initialize the malloc package.  Called once before any other
// calls are made.
int my_init() {
  free_list = NULL;
  return 0;
}

//  malloc - Allocate a block by incrementing the brk pointer.
//  Always allocate a block whose size is a multiple of the alignment.
void* my_malloc(size_t size) {
  if (size == 0) {
    return NULL;
  }
  size_t aligned_size = ALIGN(size + SIZE_T_SIZE);

  // reuse a freed block of exactly this size
  free_block** link = &free_list;
  while (*link != NULL) {
    char* header = (char*)*link - SIZE_T_SIZE;
    if (ALIGN(*(size_t*)header + SIZE_T_SIZE) == aligned_size) {
      void* found = *link;
      *link = (*link)->next;
      *(size_t*)header = size;
      return found;
    }
    link = &(*link)->next;
  }

  void* p = mem_sbrk(aligned_size);
  if (p == (void*)-1) {
    return NULL;
  } else {
    *(size_t*)p = size;
    return (void*)((char*)p + SIZE_T_SIZE);
  }
}

// free - keeps the block on the free list; its size header stays.
void my_free(void* ptr) {
  if (ptr == NULL) {
    return;
  }
  size_t size = *(size_t*)((char*)ptr - SIZE_T_SIZE);
  if (size < sizeof(free_block)) {
    return;   // too small to hold a link: leaked
  }
  free_block* b = (free_block*)ptr;
  b->next = free_list;
  free_list = b;
}

// realloc - Implemented simply in terms of malloc and free
void* my_realloc(void* ptr, size_t size) {
  void* newptr;
  size_t copy_size;

  if (ptr == NULL) {
    return my_malloc(size);
  }
  if (size == 0) {
    my_free(ptr);
    return NULL;
  }
  newptr = my_malloc(size);
  if (NULL == newptr) {
    return NULL;
  }
  copy_size = *(size_t*)((char*)ptr - SIZE_T_SIZE);
  if (size < copy_size) {
    copy_size = size;
  }
  memcpy(newptr, ptr, copy_size);
  my_free(ptr);
  return newptr;
}

// call mem_reset_brk.
void my_reset_brk() {
  mem_reset_brk();
}

// call mem_heap_lo
void* my_heap_lo() {
  return mem_heap_lo();
}

// call mem_heap_hi
void* my_heap_hi() {
  return mem_heap_hi();
}
