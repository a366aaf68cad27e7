/*
 * peakgaps - where the heap is not live payload, at the peak of a trace.
 *
 *   peakgaps TRACE
 *
 * Linked with one allocator's objects (see plots.mk, target plots-peakgaps),
 * it replays TRACE once to find the first op after which the live payload
 * (the sum of the requested sizes of live blocks) is largest, replays it
 * again up to that op, and then walks the live payloads in address order.
 * Every run of heap bytes between two live payloads (and before the first,
 * after the last) is a gap: free blocks, but also headers, footers and the
 * padding of each block. The gaps are counted in power-of-two size classes:
 *
 *   # trace T peak_op P live_bytes L heap_bytes H gap_bytes G
 *   # class lo hi count bytes
 *   0 1 1 12 12
 *   ...
 *
 * class k holds gaps of lo = 2^k .. hi = 2^(k+1) - 1 bytes. Only classes
 * with a gap are printed. This is what the driver could print with a flag
 * of its own (see plots/README.md); it needs no help from the allocator.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm_api.h"
#include "trace.h"

struct live {
    uintptr_t addr;
    size_t size;
};

static int by_addr(const void *a, const void *b)
{
    uintptr_t x = ((const struct live *)a)->addr, y = ((const struct live *)b)->addr;
    return (x > y) - (x < y);
}

/* Replays ops [0, stop) of t; returns the index of the op after which the
 * live payload peaked (when stop is num_ops). ptrs and sizes are per id. */
static size_t replay(const struct trace *t, const struct mm_api *api, size_t stop, void **ptrs,
                     size_t *sizes, size_t *peak_live)
{
    size_t live = 0, peak = 0, peak_op = 0;
    for (size_t i = 0; i < stop; i++) {
        const struct trace_op *op = &t->ops[i];
        switch (op->kind) {
        case TRACE_ALLOC:
            ptrs[op->id] = api->malloc(op->size);
            sizes[op->id] = op->size;
            live += op->size;
            break;
        case TRACE_FREE:
            api->free(ptrs[op->id]);
            live -= sizes[op->id];
            ptrs[op->id] = NULL;
            sizes[op->id] = 0;
            break;
        case TRACE_REALLOC:
            ptrs[op->id] = api->realloc(ptrs[op->id], op->size);
            live += op->size - sizes[op->id];
            sizes[op->id] = op->size;
            break;
        default:
            continue;
        }
        if (op->kind != TRACE_FREE && ptrs[op->id] == NULL && op->size > 0) {
            fprintf(stderr, "peakgaps: %s: op %zu: allocation failed\n", t->name, i + 1);
            exit(1);
        }
        if (live > peak) {
            peak = live;
            peak_op = i + 1;
        }
    }
    *peak_live = peak;
    return peak_op;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: peakgaps TRACE\n");
        return 2;
    }
    char err[512];
    struct trace t;
    if (trace_read(argv[1], TRACE_DIALECT_AUTO, ALIGNMENT, &t, err, sizeof err) != 0) {
        fprintf(stderr, "peakgaps: %s\n", err);
        return 2;
    }
    struct mm_api api;
    if (mm_api_linked(&api, err, sizeof err) != 0) {
        fprintf(stderr, "peakgaps: %s\n", err);
        return 2;
    }
    if (!api.on_simulated_heap) {
        fprintf(stderr, "peakgaps: the allocator does not use the simulated heap\n");
        return 2;
    }
    void **ptrs = calloc(t.num_ids + 1, sizeof *ptrs);
    size_t *sizes = calloc(t.num_ids + 1, sizeof *sizes);
    if (ptrs == NULL || sizes == NULL)
        return 1;

    mem_init();
    if (api.init() != 0) {
        fprintf(stderr, "peakgaps: init failed\n");
        return 1;
    }
    size_t peak_live;
    size_t peak_op = replay(&t, &api, t.num_ops, ptrs, sizes, &peak_live);

    /* Again, stopping at the peak. */
    memset(ptrs, 0, (t.num_ids + 1) * sizeof *ptrs);
    memset(sizes, 0, (t.num_ids + 1) * sizeof *sizes);
    mem_reset_brk();
    if (api.init() != 0)
        return 1;
    size_t live_now;
    replay(&t, &api, peak_op, ptrs, sizes, &live_now);

    struct live *blocks = malloc((t.num_ids + 1) * sizeof *blocks);
    size_t n = 0;
    for (size_t id = 0; id < t.num_ids; id++)
        if (ptrs[id] != NULL)
            blocks[n++] = (struct live){ (uintptr_t)ptrs[id], sizes[id] };
    qsort(blocks, n, sizeof *blocks, by_addr);

    uintptr_t lo = (uintptr_t)mem_heap_lo(), end = (uintptr_t)mem_heap_hi() + 1;
    size_t count[65] = { 0 }, bytes[65] = { 0 }, gap_total = 0;
    uintptr_t at = lo;
    for (size_t i = 0; i <= n; i++) {
        uintptr_t next = i < n ? blocks[i].addr : end;
        if (next > at) {
            size_t gap = next - at;
            int k = 63 - __builtin_clzll((unsigned long long)gap);
            count[k]++;
            bytes[k] += gap;
            gap_total += gap;
        }
        if (i < n && blocks[i].addr + blocks[i].size > at)
            at = blocks[i].addr + blocks[i].size;
    }
    printf("# trace %s peak_op %zu live_bytes %zu heap_bytes %zu gap_bytes %zu\n", t.name, peak_op,
           live_now, (size_t)(end - lo), gap_total);
    printf("# class lo hi count bytes\n");
    for (int k = 0; k < 64; k++)
        if (count[k] > 0)
            printf("%d %llu %llu %zu %zu\n", k, 1ULL << k, (2ULL << k) - 1, count[k], bytes[k]);
    free(blocks);
    free(ptrs);
    free(sizes);
    trace_free(&t);
    return 0;
}
