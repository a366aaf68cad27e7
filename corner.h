/*
 * corner.h - the corner calls: free(NULL), realloc(NULL, n) and
 * realloc(p, 0), made once a run with the semantics the allocator's course
 * states, each in a child process of its own so that a crash is a finding
 * and takes nothing else down.
 *
 *   CS:APP (handout, mm_realloc)  realloc(NULL, n) acts as mm_malloc(n);
 *   and MIT 6.172                 realloc(p, 0) acts as mm_free(p)
 *   CMU 15-213                    the same, and free(NULL) does nothing
 *                                 (its functions stand for the C library's)
 *
 * A crash, a time-out or a wrong answer (realloc(NULL, n) returning NULL,
 * a misaligned pointer, one outside the heap or overlapping another block)
 * is a finding of kind "corner": reported, it changes no score and no exit
 * status. The traces make these calls only where they say so themselves.
 */
#ifndef CORNER_H
#define CORNER_H

#include "findings.h"
#include "mm_api.h"

/* interface: "csapp", "mit" or "cmu" (mm_api_build); each call's child
 * has at most CORNER_TIMEOUT seconds, or timeout_secs when that is less
 * and not 0. */
void corner_check(const struct mm_api *mm, const char *interface, unsigned timeout_secs,
                  struct findings *f);

#endif /* CORNER_H */
