/*
 * footprint.c - the process's malloc and its footprint (see footprint.h).
 *
 * Each allocator's statistics call is looked up with dlsym(RTLD_DEFAULT):
 *              held                                in use
 *   jemalloc   mallctl "stats.resident"            "stats.allocated"
 *   tcmalloc   generic.heap_size less              generic.current_allocated_bytes
 *              tcmalloc.pageheap_unmapped_bytes
 *   mimalloc   found by mi_process_info(), measured by the resident set size
 *              (its commit statistics are too coarse in release builds);
 *              pages it frees stay resident for a while unless
 *              MIMALLOC_RESET_DELAY=0, which plots/compare.sh sets
 *   glibc      mallinfo2(): arena - keepcost       uordblks + hblkhd
 *              + hblkhd
 * and, when none answers, the resident set size from /proc/self/statm.
 */
#include "footprint.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int mallctl_fn(const char *, void *, size_t *, void *, size_t);
typedef int tc_property_fn(const char *, size_t *);
typedef void mi_info_fn(size_t *, size_t *, size_t *, size_t *, size_t *, size_t *, size_t *,
                        size_t *);
typedef struct mallinfo2 mallinfo2_fn(void);

static mallctl_fn *je_mallctl;
static tc_property_fn *tc_property;
static mi_info_fn *mi_info;
static mallinfo2_fn *glibc_mallinfo2;


/* dlsym returns void *; converting it to a function pointer goes through
 * memcpy so the code stays ISO C. */
#define LOOKUP(var, name)                                    \
    do {                                                     \
        void *sym = dlsym(RTLD_DEFAULT, name);               \
        memcpy(&(var), &sym, sizeof sym);                    \
    } while (0)

static size_t jemalloc_stat(const char *name)
{
    uint64_t epoch = 1;
    size_t len = sizeof epoch, v = 0;
    je_mallctl("epoch", &epoch, &len, &epoch, len);
    len = sizeof v;
    return je_mallctl(name, &v, &len, NULL, 0) == 0 ? v : 0;
}
static size_t jemalloc_held(void) { return jemalloc_stat("stats.resident"); }
static size_t jemalloc_in_use(void) { return jemalloc_stat("stats.allocated"); }

static size_t tcmalloc_stat(const char *name)
{
    size_t v = 0;
    return tc_property(name, &v) ? v : 0;
}
static size_t tcmalloc_held(void)
{
    return tcmalloc_stat("generic.heap_size") - tcmalloc_stat("tcmalloc.pageheap_unmapped_bytes");
}
static size_t tcmalloc_in_use(void) { return tcmalloc_stat("generic.current_allocated_bytes"); }

/* Less the top chunk (keepcost): with a large top_pad (the tuned glibc of
 * plots/compare.sh) arena counts 256 MiB of address space never touched. */
static size_t glibc_held(void)
{
    struct mallinfo2 mi = glibc_mallinfo2();
    return mi.arena - mi.keepcost + mi.hblkhd;
}
static size_t glibc_in_use(void)
{
    struct mallinfo2 mi = glibc_mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* Read with open/read into a static buffer: stdio would call malloc. */
static size_t read_rss(void)
{
    static char buf[128];
    int fd = open("/proc/self/statm", O_RDONLY);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *field = strchr(buf, ' ');  /* the second field: resident pages */
    return field != NULL ? (size_t)strtoull(field + 1, NULL, 10) * (size_t)sysconf(_SC_PAGESIZE)
                         : 0;
}

void footprint_probe(struct footprint *fp)
{
    LOOKUP(je_mallctl, "mallctl");
    LOOKUP(tc_property, "MallocExtension_GetNumericProperty");
    LOOKUP(mi_info, "mi_process_info");
    LOOKUP(glibc_mallinfo2, "mallinfo2");
    if (je_mallctl != NULL)
        *fp = (struct footprint){ "jemalloc", "jemalloc stats.resident", jemalloc_held,
                                  jemalloc_in_use };
    else if (tc_property != NULL)
        *fp = (struct footprint){ "tcmalloc", "tcmalloc heap_size - unmapped", tcmalloc_held,
                                  tcmalloc_in_use };
    else if (mi_info != NULL)
        /* mi_process_info() is only a detector: in Debian's release build
         * its commit figure moves in whole 32 MiB segments (0 at start, then
         * 33554432 whether 100 KB or 64 MiB more are allocated), so every
         * trace read 0. The resident set size measures it instead. */
        *fp = (struct footprint){ "mimalloc", "resident set size", read_rss, read_rss };
    else if (glibc_mallinfo2 != NULL && glibc_held() > 0)
        *fp = (struct footprint){ "libc", "glibc mallinfo2 arena-keepcost+hblkhd", glibc_held,
                                  glibc_in_use };
    else
        *fp = (struct footprint){ "libc", "resident set size", read_rss, read_rss };
}

size_t footprint_peak(const struct footprint *fp, const struct trace *t)
{
    /* Every byte a block gains is written, as the program would: the
     * resident set size counts only pages touched, and an allocator that
     * hands out fresh pages (mimalloc) would otherwise look free. */
    size_t n = t->num_ids ? t->num_ids : 1;
    void **ptrs = calloc(n, sizeof *ptrs);
    size_t *sizes = calloc(n, sizeof *sizes);
    if (ptrs == NULL || sizes == NULL) {
        free(ptrs);
        free(sizes);
        return 0;
    }
    size_t base = fp->in_use(), peak = fp->held();
    for (size_t i = 0; i < t->num_ops; i++) {
        const struct trace_op *op = &t->ops[i];
        void **slot = &ptrs[op->id];
        size_t *size = &sizes[op->id];
        switch (op->kind) {
        case TRACE_ALLOC:
            *slot = malloc(op->size);
            *size = 0;
            break;
        case TRACE_FREE: free(*slot); *slot = NULL; *size = 0; break;
        case TRACE_REALLOC: {
            void *p = realloc(*slot, op->size);
            if (p != NULL || op->size == 0)
                *slot = p;
            if (p == NULL)
                *size = 0;
            if (*size > op->size)
                *size = op->size;
            break;
        }
        case TRACE_WRITE: continue;
        }
        if (op->kind != TRACE_FREE) {
            if (*slot != NULL && op->size > *size) {
                memset((char *)*slot + *size, (int)(op->id & 0xFF), op->size - *size);
                *size = op->size;
            }
            size_t now = fp->held();
            if (now > peak)
                peak = now;
        }
    }
    for (size_t id = 0; id < t->num_ids; id++)
        free(ptrs[id]);
    free(ptrs);
    free(sizes);
    return peak > base ? peak - base : 0;
}
