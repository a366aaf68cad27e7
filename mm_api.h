/*
 * mm_api.h - the allocator the driver replays traces against, as a table of
 * functions, so the same replay code serves the lab's allocator (mm_* or
 * the MIT 6.172 lab's my_* names) and the C library's malloc.
 */
#ifndef MM_API_H
#define MM_API_H

#include <stddef.h>

struct mm_api {
    const char *name;
    int (*init)(void);                  /* 0, or -1 on failure          */
    void *(*malloc)(size_t);
    void (*free)(void *);
    void *(*realloc)(void *, size_t);
    int (*check)(int verbose);          /* NULL when not provided       */
    int on_simulated_heap;              /* 1: lives in memlib's heap    */
    int check_returns_nothing;          /* 1: a void checker, run for its
                                           output; it always reads as 0 */
    /* A checker that answers no count (CMU's bool, MIT's 0 / non-zero):
     * what it last answered, in words ("my_check returned -1"), for the
     * message of a failed check; NULL for a checker that counts. */
    const char *(*check_said)(void);
};

/* The allocator linked into this driver. Returns -1 with a message in err
 * when the file defines neither interface completely. */
int mm_api_linked(struct mm_api *api, char *err, size_t errlen);

/* The process's malloc (glibc, or whatever LD_PRELOAD put in its place). */
void mm_api_libc(struct mm_api *api);

/* The team name, when the allocator defines the CS:APP `team` record. */
const char *mm_api_team_name(void);

/* What the build says of the allocator: its file, the DEFS it was compiled
 * with, and its course interface ("csapp", "mit" or "cmu"). */
struct mm_build {
    const char *file;
    const char *defs;
    const char *interface;
    int asserts_off;        /* 1: built with -DNDEBUG (an MIT file, as its
                               course builds it, or DEFS) */
};
struct mm_build mm_api_build(void);

#endif /* MM_API_H */
