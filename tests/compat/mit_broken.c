/**
 * mit_broken.c - an MIT 6.172-style test allocator with a bug the driver
 * must name: it forgets to round the request up, so the next payload is
 * misaligned as soon as a size is not a multiple of 8.
 */
#include "./allocator_interface.h"

int my_check() { return 0; }
int my_init() { return 0; }

void* my_malloc(size_t size) {
  if (size == 0) return NULL;
  char* p = mem_sbrk(size);   /* the bug: no ALIGN(size) */
  return p == (void*)-1 ? NULL : p;
}

void my_free(void* ptr) { (void)ptr; }

void* my_realloc(void* ptr, size_t size) {
  void* q = my_malloc(size);
  if (q != NULL && ptr != NULL) memcpy(q, ptr, size);
  return q;
}
