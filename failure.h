/*
 * failure.h - the class of a failed trace: what went wrong, without where.
 *
 * Two failures are "the same" when their classes are equal (and, for a
 * crash, the signal is the same): that is what --shrink keeps while it
 * makes a trace smaller, and what --json reports beside the message.
 */
#ifndef FAILURE_H
#define FAILURE_H

#include <stdbool.h>

#include "run.h"

enum failure_class {
    FAILURE_NONE = 0,        /* the trace is valid                          */
    FAILURE_OVERLAP,         /* a payload overlaps a live one               */
    FAILURE_CORRUPTED,       /* a payload lost its data (or realloc's copy) */
    FAILURE_MISALIGNED,      /* a payload not aligned to ALIGNMENT          */
    FAILURE_OUTSIDE_HEAP,    /* a payload not wholly inside the heap        */
    FAILURE_NULL,            /* NULL although the heap was not full          */
    FAILURE_OUT_OF_MEMORY,   /* NULL after mem_sbrk refused: not a bug       */
    FAILURE_INIT,            /* mm_init failed                              */
    FAILURE_CHECKER,         /* the heap checker found a problem (-c)       */
    FAILURE_CRASH,           /* killed by a signal (see signal)             */
    FAILURE_EXIT,            /* the allocator exited the process            */
    FAILURE_TIMEOUT,         /* over the time limit                         */
    FAILURE_TIMED_DIFFERS,   /* a timed replay answered otherwise than the
                                validated pass                              */
    FAILURE_BAD_RECORD,      /* the child's result does not fit the trace   */
    FAILURE_OTHER            /* anything else (could not run, ...)          */
};

struct failure {
    enum failure_class class_;
    char signal[16];         /* FAILURE_CRASH: "SIGSEGV", ...; else ""      */
};

/* The class of a trace's result. */
void failure_classify(const struct trace_result *r, struct failure *f);

/* Whether two failures are the same (class, and signal for a crash). */
bool failure_same(const struct failure *a, const struct failure *b);

/* A short name: "overlap", "payload corrupted", "crash SIGSEGV", ... */
const char *failure_name(const struct failure *f, char *buf, size_t len);

#endif /* FAILURE_H */
