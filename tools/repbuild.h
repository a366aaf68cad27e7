/*
 * repbuild.h - turning a stream of allocator calls on real pointers into a
 * .rep trace (CS:APP classic dialect).
 *
 * Both converters (rec2rep for the recorder's binary log, mtrace2rep for
 * glibc's mtrace log) feed calls in program order; repbuild maps each live
 * pointer to a block id, reuses the ids of freed blocks (lowest id last
 * freed first: a stack) so num_ids stays near the peak number of live
 * blocks, and writes the trace:
 *
 *     0            sugg_heapsize (unused)
 *     NUM_IDS
 *     NUM_OPS
 *     1            weight
 *     a ID SIZE | f ID | r ID SIZE ...
 *
 * Rules (the same for both converters):
 *   - free/realloc of a pointer that is not live in the trace (allocated
 *     before recording began, or by a path the recorder cannot see) is
 *     dropped; a realloc of such a pointer starts a new block: `a`.
 *   - an allocation returning a pointer that is still live (its free was
 *     not seen) first frees the old block: `f`, then `a`.
 *   - once the trace holds `limit` operations (0 = no limit), later calls
 *     are ignored.
 */
#ifndef REPBUILD_H
#define REPBUILD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct repbuild;

struct repbuild_counts {
    size_t dropped_free;     /* free of an unknown pointer              */
    size_t dropped_realloc;  /* realloc of an unknown pointer (-> a)    */
    size_t implicit_free;    /* alloc returned a pointer still live     */
};

struct repbuild *repbuild_new(size_t limit);
void repbuild_delete(struct repbuild *rb);

void repbuild_alloc(struct repbuild *rb, uint64_t ptr, uint64_t size);
void repbuild_free(struct repbuild *rb, uint64_t ptr);
/* realloc(old, size) returned new (both non-NULL, size > 0). */
void repbuild_realloc(struct repbuild *rb, uint64_t old, uint64_t new_ptr,
                      uint64_t size);

/* 1 once the operation limit is reached. */
int repbuild_full(const struct repbuild *rb);

size_t repbuild_num_ops(const struct repbuild *rb);
const struct repbuild_counts *repbuild_counts(const struct repbuild *rb);

/* Writes the trace to out; returns 0, or -1 on a write error. */
int repbuild_write(const struct repbuild *rb, FILE *out);

/* Writes the trace to path (via a temporary file renamed into place);
 * returns 0, or -1 after printing "path: reason" to stderr. */
int repbuild_write_file(const struct repbuild *rb, const char *path);

#endif /* REPBUILD_H */
