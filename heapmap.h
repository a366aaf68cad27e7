/*
 * heapmap.h - `mdriver --heapmap OUT.png -f FILE`: a picture of the
 * simulated heap after one operation of a trace (OUT.svg: an SVG).
 *
 * The heap's bytes, from mem_heap_lo to mem_heap_hi, are drawn as rows of
 * a fixed width, like a memory map: the live payload of each block in a
 * colour of its own, every other byte of the heap (headers, padding, free
 * blocks: the driver cannot tell them apart) in grey. Only the driver's
 * own knowledge is used (the payload addresses and sizes the allocator
 * returned), so it works for any allocator. The moment is --at N (after
 * op N), peak (after the op at which the live payload peaks: the default)
 * or fail (the failing op: the default when the trace fails); the blocks
 * named in the failure are outlined. A key under the picture says what
 * each colour means. A window (--window BYTES) shows only that many heap
 * bytes around the blocks of interest: the blocks the failure names, else
 * the block of the last op drawn; at the failure the picture zooms so by
 * itself when those blocks would be too small to see in the whole heap
 * (--window 0: always the whole heap). The title's "live/heap now" is the
 * live payload over the heap size after that op, not the table's util
 * (peak live payload over the final heap size). Writes OUT.dat (the data)
 * and OUT.gp (the gnuplot script) beside the picture, and runs gnuplot
 * when it is there.
 */
#ifndef HEAPMAP_H
#define HEAPMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "mm_api.h"
#include "run.h"
#include "trace.h"

/* HEAPMAP_MAX_FRAMES: the most frames --heapmap-every may ask for (each
 * is a picture of its own). */
#ifndef HEAPMAP_MAX_FRAMES
#define HEAPMAP_MAX_FRAMES 200
#endif
#if HEAPMAP_MAX_FRAMES < 1
#error "HEAPMAP_MAX_FRAMES must be at least 1"
#endif

/* HEAPMAP_ZOOM: at the failure, without --window, the picture shows a
 * window around the named blocks when they span less than 1/HEAPMAP_ZOOM
 * of the heap: HEAPMAP_ZOOM times their span (at least 4 KiB). */
#ifndef HEAPMAP_ZOOM
#define HEAPMAP_ZOOM 64
#endif
#if HEAPMAP_ZOOM < 2
#error "HEAPMAP_ZOOM must be at least 2"
#endif

struct heapmap_options {
    const char *out;      /* --heapmap OUT.png or OUT.svg               */
    const char *at;       /* --at N|peak|fail (NULL: fail or peak)      */
    size_t every;         /* --heapmap-every K: also a frame every K ops */
    size_t window;        /* --window BYTES (0: the whole heap)         */
    bool window_set;      /* --window given (else: zoom at a failure)   */
};

/* Parses --heapmap-every's argument; -1 (with a message) when bad. */
int heapmap_parse_every(const char *arg, struct heapmap_options *o);

/* Parses --window's argument (bytes, 0 = the whole heap); -1 (with a
 * message) when bad. */
int heapmap_parse_window(const char *arg, struct heapmap_options *o);

/* Draws the heap map of the trace at path; returns the exit status (0, or
 * 2 with a message). */
int heapmap_main(const struct heapmap_options *o, const char *path, enum trace_dialect dialect,
                 const struct run_options *run, const struct mm_api *mm);

#endif /* HEAPMAP_H */
