/*
 * memlib_test.c - unit test of the simulated heap (memlib.c).
 * Built by tests/t-harness-memlib.sh with -DMAX_HEAP=65536, so the limit is
 * cheap to reach. Prints "PASS: name" / "FAIL: name: why" lines.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "memlib.h"

static int failures;

#define CHECK(name, cond, ...)                                   \
    do {                                                         \
        if (cond) {                                              \
            printf("PASS: memlib-%s\n", name);                   \
        } else {                                                 \
            printf("FAIL: memlib-%s: ", name);                   \
            printf(__VA_ARGS__);                                 \
            printf(" (%s:%d)\n", __FILE__, __LINE__);            \
            failures++;                                          \
        }                                                        \
    } while (0)

#define SBRK_FAILED ((void *)-1)

int main(void)
{
    CHECK("max-heap-is-small", MAX_HEAP == 65536, "built with MAX_HEAP=%llu",
          (unsigned long long)MAX_HEAP);

    mem_init();
    char *lo = mem_heap_lo();
    CHECK("init-empty", lo != NULL && mem_heapsize() == 0 &&
          (char *)mem_heap_hi() == lo - 1 && mem_sbrk_refusals() == 0,
          "lo %p hi %p size %zu refusals %zu", (void *)lo, mem_heap_hi(), mem_heapsize(),
          mem_sbrk_refusals());
    CHECK("pagesize", mem_pagesize() == (size_t)sysconf(_SC_PAGESIZE), "mem_pagesize %zu",
          mem_pagesize());

    /* growth returns the old break; lo, hi and heapsize agree */
    char *a = mem_sbrk(100);
    CHECK("first-sbrk-returns-lo", a == lo, "got %p, lo %p", (void *)a, (void *)lo);
    CHECK("size-after-100", mem_heapsize() == 100 && (char *)mem_heap_hi() == lo + 99,
          "size %zu hi-lo %td", mem_heapsize(), (char *)mem_heap_hi() - lo);
    char *b = mem_sbrk(28);
    CHECK("second-sbrk-returns-old-break", b == lo + 100, "got lo+%td", b - lo);
    char *c = mem_sbrk(0);
    CHECK("sbrk-0-returns-break", c == lo + 128 && mem_heapsize() == 128, "got lo+%td size %zu",
          c - lo, mem_heapsize());
    CHECK("lo-stable", mem_heap_lo() == lo, "lo moved");
    /* the heap is writable to its last byte */
    memset(lo, 0xab, mem_heapsize());
    CHECK("writable", ((unsigned char *)mem_heap_hi())[0] == 0xab, "last byte not written");

    /* negative increment: EINVAL, heap unchanged, counted as a refusal */
    errno = 0;
    void *n = mem_sbrk(-8);
    CHECK("negative-refused", n == SBRK_FAILED && errno == EINVAL, "got %p errno %d", n, errno);
    CHECK("negative-leaves-heap", mem_heapsize() == 128 && (char *)mem_heap_hi() == lo + 127 &&
          mem_heap_lo() == lo, "size %zu", mem_heapsize());
    CHECK("negative-counted", mem_sbrk_refusals() == 1, "refusals %zu", mem_sbrk_refusals());

    /* growing to exactly MAX_HEAP works; one byte more is refused */
    char *d = mem_sbrk((intptr_t)(MAX_HEAP - 128));
    CHECK("grow-to-limit", d == lo + 128 && mem_heapsize() == MAX_HEAP &&
          (char *)mem_heap_hi() == lo + MAX_HEAP - 1, "got lo+%td size %zu", d - lo,
          mem_heapsize());
    memset(lo, 0xcd, MAX_HEAP);
    errno = 0;
    void *e = mem_sbrk(1);
    CHECK("past-limit-refused", e == SBRK_FAILED && errno == ENOMEM, "got %p errno %d", e, errno);
    CHECK("past-limit-leaves-heap", mem_heapsize() == MAX_HEAP &&
          (char *)mem_heap_hi() == lo + MAX_HEAP - 1, "size %zu", mem_heapsize());
    CHECK("past-limit-counted", mem_sbrk_refusals() == 2, "refusals %zu", mem_sbrk_refusals());

    /* reset: empty again; growth starts at lo; refusals are not reset */
    mem_reset_brk();
    CHECK("reset-empties", mem_heapsize() == 0 && (char *)mem_heap_hi() == lo - 1 &&
          mem_heap_lo() == lo, "size %zu", mem_heapsize());
    char *f = mem_sbrk(16);
    CHECK("grow-after-reset", f == lo && mem_heapsize() == 16, "got lo+%td", f - lo);

    /* a huge increment (that would overflow a pointer sum) is refused */
    errno = 0;
    void *g = mem_sbrk(INTPTR_MAX);
    CHECK("huge-refused", g == SBRK_FAILED && errno == ENOMEM && mem_heapsize() == 16,
          "got %p errno %d size %zu", g, errno, mem_heapsize());
    errno = 0;
    void *h = mem_sbrk((intptr_t)(MAX_HEAP - 15));
    CHECK("just-past-limit-refused", h == SBRK_FAILED && errno == ENOMEM && mem_heapsize() == 16,
          "got %p errno %d size %zu", h, errno, mem_heapsize());
    CHECK("refusals-count", mem_sbrk_refusals() == 4, "refusals %zu, want 4",
          mem_sbrk_refusals());
    errno = 0;
    void *neg = mem_sbrk(INTPTR_MIN);
    CHECK("most-negative-refused", neg == SBRK_FAILED && errno == EINVAL && mem_heapsize() == 16,
          "got %p errno %d", neg, errno);

    /* mem_init again (the driver does this per trace): empty, same region,
     * refusals back to 0 */
    mem_init();
    CHECK("reinit", mem_heap_lo() == lo && mem_heapsize() == 0 && mem_sbrk_refusals() == 0,
          "lo %p size %zu refusals %zu", mem_heap_lo(), mem_heapsize(), mem_sbrk_refusals());

    mem_deinit();
    mem_init();
    char *z = mem_sbrk(64);
    CHECK("deinit-init", z == mem_heap_lo() && mem_heapsize() == 64 && mem_sbrk_refusals() == 0,
          "size %zu", mem_heapsize());
    memset(z, 1, 64);
    mem_deinit();
    return failures != 0;
}
