# stress/hard-lib.sh - helpers shared by the hardening tests
# (tests/t-hard-*.sh); source it after tests/lib.sh.

ANCHOR_TRACES=${ANCHOR_TRACES:-../shared/anchor-traces}

# Sanitizer reports abort the process (SIGABRT), also in the driver's child.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

# The allocators hardened: every variant, or before variants.mk exists
# "default" (mm.c) and "naive" (see HARD_VARIANTS in hardening.mk).
hard_variants() {
    make -s --no-print-directory print-hard-variants 2>/dev/null | tr ' ' '\n'
}

# hard_drivers DIR: DIR/mdriver-NAME for each of them, as `make asan` lays
# them out.
hard_drivers() {
    local v
    for v in $(hard_variants); do echo "$1/mdriver-$v"; done
}

# The text by which a sanitizer report is recognised in a driver's output.
HARD_SAN_PATTERN='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: (Address|Undefined|Leak)'

# hard_planted_allocator FILE: writes an allocator (naive, on the simulated
# heap) with a bug planted for a request of exactly 123 bytes, chosen by
# -DBUG=: 1 heap overflow on the C heap, 2 misaligned 8-byte load from the
# simulated heap, 3 signed overflow, 4 overlapping payloads (every 50th
# allocation returns the previous payload again), 5 the heap checker
# reports a problem once 100 allocations were made, 6 sizes truncated to 32
# bits (malloc(2^32 + 8) gets 8 bytes), 7 when the heap is full, the last
# block's first byte is overwritten before returning NULL.
hard_planted_allocator() {
    cat >"$1" <<'CEOF'
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "mm.h"
#define ALIGN(size) (((size) + (ALIGNMENT - 1)) & ~(size_t)(ALIGNMENT - 1))
static volatile int sink;
static unsigned long count;
static char *last;
int mm_init(void) { count = 0; last = NULL; return 0; }
void *mm_malloc(size_t size)
{
    if (size == 123) {
#if BUG == 1
        char *q = malloc(16);
        memset(q, 1, 17);
        sink = q[3];
        free(q);
#elif BUG == 2
        char *h = mem_sbrk(64);
        sink = (int)*(volatile long *)(void *)(h + 1);
#elif BUG == 3
        volatile int big = INT_MAX;
        sink = big + (int)size;
#endif
    }
    count++;
#if BUG == 6
    size = (unsigned)size;
#endif
#if BUG == 4
    if (count % 50 == 0 && last != NULL)
        return last;
#endif
    if (size > (size_t)INTPTR_MAX - 16)
        return NULL;
    char *p = mem_sbrk((intptr_t)ALIGN(size + 8));
    if (p == (void *)-1) {
#if BUG == 7
        if (last != NULL)
            last[0] ^= 0x5a;
#endif
        return NULL;
    }
    last = p + 8;
    return p + 8;
}
void mm_free(void *ptr) { (void)ptr; }
void *mm_realloc(void *ptr, size_t size)
{
    if (size == 0)
        return NULL;
    char *p = mm_malloc(size);
    if (p != NULL && ptr != NULL)
        memmove(p, ptr, size);  /* may read past the old block: the heap is big */
    return p;
}
int mm_checkheap(int verbose)
{
    (void)verbose;
#if BUG == 5
    return count >= 100;
#else
    return 0;
#endif
}
CEOF
}
