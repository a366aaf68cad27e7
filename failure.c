/*
 * failure.c - the class of a failed trace (see failure.h).
 *
 * The class is read from the run's status and from the wording of the
 * validator's messages (validate.c) and of run.c's crash messages; the
 * tests of --shrink and --json fail if that wording drifts away from what
 * is matched here.
 */
#include "failure.h"

#include <stdio.h>
#include <string.h>

/* A message fragment and the class it names, for RUN_INVALID. */
static const struct {
    const char *words;
    enum failure_class class_;
} invalid_words[] = {
    { "mm_init failed", FAILURE_INIT },
    { "heap checker found", FAILURE_CHECKER },
    { "overlaps live block", FAILURE_OVERLAP },
    { "lost its data", FAILURE_CORRUPTED },
    { "did not preserve its data", FAILURE_CORRUPTED },
    { "not aligned to", FAILURE_MISALIGNED },
    { "not inside the heap", FAILURE_OUTSIDE_HEAP },
    { "returned NULL", FAILURE_NULL },
};

/* The signal's name that opens run.c's crash message "SIGSEGV (...) in
 * op ...", or "". */
static void crash_signal(const char *message, char sig[16])
{
    if (strncmp(message, "SIG", 3) != 0 || sscanf(message, "%15[A-Z0-9?]", sig) != 1)
        sig[0] = '\0';
}

void failure_classify(const struct trace_result *r, struct failure *f)
{
    *f = (struct failure){ .class_ = FAILURE_OTHER };
    switch (r->status) {
    case RUN_VALID:
        f->class_ = FAILURE_NONE;
        return;
    case RUN_OUT_OF_MEMORY:
        f->class_ = FAILURE_OUT_OF_MEMORY;
        return;
    case RUN_TIMEOUT:
        f->class_ = FAILURE_TIMEOUT;
        return;
    case RUN_TIMED_DIFFERS:
        f->class_ = FAILURE_TIMED_DIFFERS;
        return;
    case RUN_BAD_RECORD:
        f->class_ = FAILURE_BAD_RECORD;
        return;
    case RUN_CRASHED:
        crash_signal(r->message, f->signal);
        f->class_ = f->signal[0] != '\0' ? FAILURE_CRASH : FAILURE_EXIT;
        return;
    case RUN_INVALID:
        for (size_t i = 0; i < sizeof invalid_words / sizeof invalid_words[0]; i++)
            if (strstr(r->message, invalid_words[i].words) != NULL) {
                f->class_ = invalid_words[i].class_;
                return;
            }
        return;
    case RUN_NOT_RUN:
        return;
    }
}

bool failure_same(const struct failure *a, const struct failure *b)
{
    return a->class_ == b->class_ && strcmp(a->signal, b->signal) == 0;
}

const char *failure_name(const struct failure *f, char *buf, size_t len)
{
    static const char *const names[] = {
        [FAILURE_NONE] = "valid",
        [FAILURE_OVERLAP] = "overlap",
        [FAILURE_CORRUPTED] = "payload corrupted",
        [FAILURE_MISALIGNED] = "misaligned",
        [FAILURE_OUTSIDE_HEAP] = "outside the heap",
        [FAILURE_NULL] = "NULL without out of memory",
        [FAILURE_OUT_OF_MEMORY] = "out of memory",
        [FAILURE_INIT] = "mm_init failed",
        [FAILURE_CHECKER] = "heap checker violation",
        [FAILURE_CRASH] = "crash",
        [FAILURE_EXIT] = "exit",
        [FAILURE_TIMEOUT] = "timeout",
        [FAILURE_TIMED_DIFFERS] = "differs when timed",
        [FAILURE_BAD_RECORD] = "bad result record",
        [FAILURE_OTHER] = "other failure",
    };
    if (f->class_ == FAILURE_CRASH)
        snprintf(buf, len, "crash %s", f->signal);
    else
        snprintf(buf, len, "%s", names[f->class_]);
    return buf;
}
