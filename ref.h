/*
 * ref.h - the reference allocator: the malloc the lab's allocator is timed
 * against in the same run (--ref NAME).
 *
 *   libc        the C library's malloc as shipped
 *   libc-tuned  the same, set with mallopt before anything is timed so that
 *               it never gives memory back to the kernel (no trimming, no
 *               mmap threshold, a 256 MiB top pad): warm, as the simulated
 *               heap is
 *   tcmalloc, jemalloc, mimalloc
 *               that allocator, preloaded: the driver runs itself again
 *               with LD_PRELOAD set to the library (REF_LIBDIR/...)
 *   preload     whatever malloc LD_PRELOAD already put in the process
 *   none        no reference: the allocator is timed alone (the driver
 *               passes no reference to run_trace)
 *
 * Without --ref the reference is the process's malloc, named as
 * footprint_probe finds it (glibc, or an allocator the caller preloaded).
 */
#ifndef REF_H
#define REF_H

#include <stddef.h>

#include "footprint.h"

/* Sets the reference up before anything else runs. name NULL: none asked
 * for. A preloaded allocator not yet in the process: re-executes the driver
 * with argv and does not return. On success *label is the name to report
 * the reference by (NULL: the name footprint_probe finds). Returns 0, or -1
 * with a message in err (an unknown name, a library that is not installed,
 * a preload that did not take, a mallopt glibc refused). */
int ref_select(const char *name, char **argv, const char **label, char *err, size_t errlen);

/* Called first thing in main(): a driver started by the driver (the
 * footprint child) sets the same reference up as its parent did. */
void ref_inherit(void);

#endif /* REF_H */
