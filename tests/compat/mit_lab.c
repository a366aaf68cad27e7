/**
 * mit_lab.c - a test allocator in the shape of an MIT 6.172 project 3
 * allocator.c: it includes only "./allocator_interface.h" and relies on it
 * for assert, the integer types and the C library's headers, calls
 * my_heap_lo/my_heap_hi (which the course's wrapper file provides) and
 * defines neither, returns NULL for malloc(0), and has an assert that is
 * stricter than the traces: it holds in the course's normal build (NDEBUG)
 * and stops a trace asking for 1 MiB or more when built with ASSERTS=1.
 *
 * Policy: a size_t header, a LIFO list of freed blocks, first fit.
 */
#include "./allocator_interface.h"

#define ALIGN(size) (((size) + 7) & ~(size_t)7)
#define HEADER ALIGN(sizeof(size_t))

typedef struct free_block {
  struct free_block* next;
} free_block;

static free_block* free_list;

int my_check() {
  char* p = (char*)my_heap_lo();
  char* hi = (char*)my_heap_hi() + 1;
  while (p < hi) {
    p += ALIGN(*(size_t*)p) + HEADER;
  }
  if (p != hi) {
    printf("headers end at %p, the heap at %p\n", (void*)p, (void*)hi);
    return -1;
  }
  return 0;
}

int my_init() {
  free_list = NULL;
  return 0;
}

void* my_malloc(size_t size) {
  if (size == 0) return NULL;
  assert(size < (1u << 20) && "stricter than the traces on purpose");
  uint64_t want = ALIGN(size);
  for (free_block** link = &free_list; *link != NULL; link = &(*link)->next) {
    size_t* hdr = (size_t*)((char*)*link - HEADER);
    if (*hdr >= want) {
      void* p = *link;
      *link = (*link)->next;
      return p;
    }
  }
  char* p = mem_sbrk(want + HEADER);
  if (p == (void*)-1) return NULL;
  *(size_t*)p = want;
  return p + HEADER;
}

void my_free(void* ptr) {
  if (ptr == NULL) return;
  free_block* b = ptr;
  b->next = free_list;
  free_list = b;
}

void* my_realloc(void* ptr, size_t size) {
  if (ptr == NULL) return my_malloc(size);
  if (size == 0) { my_free(ptr); return NULL; }
  size_t have = *(size_t*)((char*)ptr - HEADER);
  if (have >= size) return ptr;
  void* q = my_malloc(size);
  if (q == NULL) return NULL;
  memcpy(q, ptr, have);
  my_free(ptr);
  return q;
}
