/*
 * run.c - one trace in a child process (see run.h).
 *
 * The child reports through a page shared with the parent: the phase and
 * the operation it is in (so a crash can be placed) and, at the end, its
 * result. The parent waits for it, up to the time limit.
 */
#include "run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "memlib.h"

enum phase { PHASE_START, PHASE_VALIDATE, PHASE_TIME, PHASE_DONE };

struct shared {
    volatile int phase;
    volatile size_t op;        /* op of the correctness pass being run */
    volatile int replay;       /* timed sample being run               */
    struct trace_result result;
};

static void series_open(const struct run_options *opt, const struct trace *t, FILE **f)
{
    *f = NULL;
    if (opt->series_dir == NULL)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", opt->series_dir, t->name);
    *f = fopen(path, "w");
    if (*f == NULL)
        fprintf(stderr, "mdriver: cannot write %s: %s\n", path, strerror(errno));
    else
        fprintf(*f, "op,live_bytes,heap_bytes\n");
}

/* The work itself, in the child (or in the driver with --no-fork). */
static void run_here(const struct trace *t, const struct mm_api *mm, const struct mm_api *libc,
                     const struct run_options *opt, struct shared *sh)
{
    struct trace_result *res = &sh->result;
    mem_init();
    FILE *series;
    series_open(opt, t, &series);
    struct validate_options vopt = { .check_every = opt->check_every, .series = series,
                                     .progress = &sh->op };
    struct validate_result vr;
    if (opt->time_it && opt->footprint != NULL && libc != NULL)
        res->libc_footprint = footprint_measure(t);
    sh->phase = PHASE_VALIDATE;
    validate_trace(t, mm, &vopt, &vr);
    if (series != NULL)
        fclose(series);
    res->status = vr.status;
    memcpy(res->message, vr.message, sizeof res->message);
    res->peak_live = vr.peak_live;
    res->heap_size = vr.heap_size;
    res->util = vr.util;
    if (vr.status == RUN_VALID && opt->time_it) {
        sh->phase = PHASE_TIME;
        if (replay_time(t, mm, libc, &sh->replay, &res->times, res->message,
                        sizeof res->message) == 0)
            res->timed = true;
        else
            res->status = RUN_INVALID;
    }
    sh->phase = PHASE_DONE;
}

/* Where the child was, for a crash or timeout message. */
static void describe_place(const struct trace *t, const struct shared *sh, char *buf, size_t len)
{
    switch (sh->phase) {
    case PHASE_VALIDATE:
        if (sh->op < t->num_ops)
            snprintf(buf, len, "in op %zu (line %u) of the correctness pass", sh->op + 1,
                     t->lines[sh->op]);
        else if (sh->op == SIZE_MAX)
            snprintf(buf, len, "in mm_init, before the first operation");
        else
            snprintf(buf, len, "at the end of the correctness pass");
        break;
    case PHASE_TIME:
        snprintf(buf, len, "in timed replay %d", sh->replay);
        break;
    case PHASE_DONE:
        snprintf(buf, len, "after finishing");
        break;
    default:
        snprintf(buf, len, "before the first operation");
        break;
    }
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for the child; returns its wait status, or -1 when the time limit
 * passed (the child is then killed). */
static int wait_child(pid_t pid, unsigned timeout_secs)
{
    double deadline = seconds_now() + (timeout_secs ? timeout_secs : 1e12);
    long sleep_ns = 50000;
    for (;;) {
        int status;
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            return status;
        if (w < 0 && errno != EINTR)
            return 0;
        if (seconds_now() > deadline) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            return -1;
        }
        struct timespec ts = { 0, sleep_ns };
        nanosleep(&ts, NULL);
        if (sleep_ns < 10000000)
            sleep_ns *= 2;
    }
}

void run_trace(const struct trace *t, const struct mm_api *mm, const struct mm_api *libc,
               const struct run_options *opt, struct trace_result *res)
{
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        *res = (struct trace_result){ .status = RUN_NOT_RUN };
        snprintf(res->message, sizeof res->message, "cannot map shared memory: %s",
                 strerror(errno));
        return;
    }
    memset(sh, 0, sizeof *sh);
    sh->result.status = RUN_NOT_RUN;
    if (opt->no_fork) {
        run_here(t, mm, libc, opt, sh);
        *res = sh->result;
        munmap(sh, sizeof *sh);
        return;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        run_here(t, mm, libc, opt, sh);
        fflush(stdout);
        _exit(0);
    }
    if (pid < 0) {
        *res = (struct trace_result){ .status = RUN_NOT_RUN };
        snprintf(res->message, sizeof res->message, "cannot fork: %s", strerror(errno));
        munmap(sh, sizeof *sh);
        return;
    }
    int status = wait_child(pid, opt->timeout_secs);
    *res = sh->result;
    char place[200];
    describe_place(t, sh, place, sizeof place);
    if (status < 0) {
        res->status = RUN_TIMEOUT;
        snprintf(res->message, sizeof res->message,
                 "did not finish within %u s (time limit, -s): stopped %s",
                 opt->timeout_secs, place);
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        const char *abbrev = sigabbrev_np(sig);
        res->status = RUN_CRASHED;
        snprintf(res->message, sizeof res->message, "crashed with SIG%s (%s) %s",
                 abbrev ? abbrev : "?", strsignal(sig), place);
    } else if (sh->phase != PHASE_DONE) {
        res->status = RUN_CRASHED;
        snprintf(res->message, sizeof res->message, "the process exited with status %d %s",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1, place);
    }
    res->message[sizeof res->message - 1] = '\0';
    munmap(sh, sizeof *sh);
}
