/*
 * run.c - one trace in a child process (see run.h).
 *
 * The child reports through a page shared with the parent: the phase and
 * the operation it is in (so a crash can be placed) and, at the end, its
 * result. The parent waits for it, up to the time limit. The child has a
 * process group of its own, killed whole at the time limit, and dies with
 * the driver. The C library's footprint is measured afterwards, by the
 * driver, for a trace found valid (footprint.c bounds that replay).
 */
#include "run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "memlib.h"
#include "outside.h"
#include "validate.h"

enum phase { PHASE_START, PHASE_VALIDATE, PHASE_TIME, PHASE_DONE };

struct shared {
    volatile int phase;
    volatile size_t op;        /* op of the correctness pass being run */
    volatile int replay;       /* timed sample being run               */
    struct trace_result result;
};

const char *run_status_name(enum run_status s)
{
    switch (s) {
    case RUN_VALID: return "valid";
    case RUN_INVALID: return "invalid";
    case RUN_OUT_OF_MEMORY: return "out of memory";
    case RUN_CRASHED: return "crashed";
    case RUN_TIMEOUT: return "timeout";
    case RUN_NOT_RUN: return "not run";
    }
    return "?";
}

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

/* The correctness pass of mm, with the heap checks and the series asked for. */
static void check_here(const struct trace *t, const struct mm_api *mm,
                       const struct run_options *opt, struct shared *sh)
{
    struct trace_result *res = &sh->result;
    mem_init();
    outside_reset();
    FILE *series;
    series_open(opt, t, &series);
    struct validate_options vopt = { .check_every = opt->check_every, .series = series,
                                     .progress = &sh->op };
    struct validate_result vr;
    sh->phase = PHASE_VALIDATE;
    validate_trace(t, mm, &vopt, &vr);
    if (series != NULL)
        fclose(series);
    res->status = vr.status;
    memcpy(res->message, vr.message, sizeof res->message);
    res->peak_live = vr.peak_live;
    res->heap_size = vr.heap_size;
    res->util = vr.util;
    res->outside_bytes = mm_object_facts.static_bytes + outside_peak();
    if (vr.status != RUN_VALID && vr.failed_op < t->num_ops)
        res->fail_op = vr.failed_op + 1;
}

/* The work itself, in the child (or in the driver with --no-fork). */
static void run_here(const struct trace *t, const struct mm_api *mm, const struct mm_api *libc,
                     const struct run_options *opt, struct shared *sh)
{
    struct trace_result *res = &sh->result;
    if (mm != NULL)
        check_here(t, mm, opt, sh);
    else
        res->status = RUN_VALID;   /* the reference alone: nothing to check */
    if (res->status == RUN_VALID && opt->time_it) {
        sh->phase = PHASE_TIME;
        int rc = replay_time(t, mm, libc, opt->time_limit_secs, &sh->replay, &res->times,
                             res->message, sizeof res->message);
        if (rc == 0)
            res->timed = true;
        else if ((rc == REPLAY_LIBC_FAILED && mm != NULL) || rc == REPLAY_OVER_LIMIT)
            fprintf(stderr, "mdriver: %s: not timed: %s\n", t->path, res->message);
        else
            res->status = rc == REPLAY_LIBC_FAILED ? RUN_OUT_OF_MEMORY : RUN_INVALID;
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

/* The op a crash of the correctness pass was in, as a call ("malloc(24) for
 * block 2"), for the crash message; "" elsewhere. */
static void describe_op(const struct trace *t, const struct shared *sh, char *buf, size_t len)
{
    buf[0] = '\0';
    if (sh->phase != PHASE_VALIDATE || sh->op >= t->num_ops)
        return;
    const struct trace_op *op = &t->ops[sh->op];
    switch (op->kind) {
    case TRACE_ALLOC:
        snprintf(buf, len, ": malloc(%zu) for block %u", op->size, op->id);
        break;
    case TRACE_FREE:
        if (op->id == t->null_id)
            snprintf(buf, len, ": free(NULL)");
        else
            snprintf(buf, len, ": free of block %u", op->id);
        break;
    case TRACE_REALLOC:
        snprintf(buf, len, ": realloc of block %u to %zu bytes", op->id, op->size);
        break;
    case TRACE_WRITE:
        snprintf(buf, len, ": a write of %zu bytes to block %u", op->size, op->id);
        break;
    }
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The progress line (opt->progress) of the trace in hand. */
static void show_progress(const struct trace *t, const struct shared *sh, FILE *out)
{
    if (sh->phase == PHASE_VALIDATE && sh->op < t->num_ops)
        fprintf(out, "\r\033[K%s: op %zu of %zu", t->name, sh->op + 1, t->num_ops);
    else if (sh->phase == PHASE_TIME)
        fprintf(out, "\r\033[K%s: timed replay %d", t->name, sh->replay);
    fflush(out);
}

/* Waits for the child; returns its wait status, or -1 when a time limit
 * passed (the child is then killed): -s, and from the timed replays on
 * --time-limit when given. Keeps the progress line (opt->progress). */
static int wait_child(pid_t pid, const struct trace *t, const struct shared *sh,
                      const struct run_options *opt)
{
    double deadline = seconds_now() + (opt->timeout_secs ? opt->timeout_secs : 1e12);
    double next_progress = seconds_now() + 0.25;
    bool timing = false;
    long sleep_ns = 50000;
    for (;;) {
        if (opt->progress != NULL && seconds_now() > next_progress) {
            show_progress(t, sh, opt->progress);
            next_progress = seconds_now() + 0.25;
        }
        int status;
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            return status;
        if (w < 0 && errno != EINTR)
            return 0;
        if (!timing && opt->time_limit_secs > 0 && sh->phase == PHASE_TIME) {
            timing = true;
            deadline = seconds_now() + opt->time_limit_secs;
        }
        if (seconds_now() > deadline) {
            kill(-pid, SIGKILL);   /* the child's process group: all it started */
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

/* The C library's footprint on a valid, timed trace (the reference alone:
 * on every trace it replayed, timed or not), outside its time limit; when
 * it cannot be had, the reason goes to stderr and nothing else changes. */
static void measure_footprint(const struct trace *t, const struct mm_api *mm,
                              const struct mm_api *libc, const struct run_options *opt,
                              struct trace_result *res)
{
    if (opt->footprint == NULL || libc == NULL || res->status != RUN_VALID ||
        (mm != NULL && !res->timed))
        return;
    char why[300];
    if (footprint_measure(opt->footprint, t, opt->timeout_secs, &res->libc_footprint, why,
                          sizeof why) != 0)
        fprintf(stderr, "mdriver: %s: no footprint for %s: %s\n", t->path, opt->footprint->allocator,
                why);
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
        measure_footprint(t, mm, libc, opt, res);
        return;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t driver = getpid(), pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != driver)
            _exit(127);
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
    setpgid(pid, pid);   /* as the child does, whichever runs first */
    int status = wait_child(pid, t, sh, opt);
    if (opt->progress != NULL) {
        fprintf(opt->progress, "\r\033[K");   /* erase the progress line */
        fflush(opt->progress);
    }
    *res = sh->result;
    char place[200];
    describe_place(t, sh, place, sizeof place);
    if (status < 0 || WIFSIGNALED(status) || sh->phase != PHASE_DONE)
        res->fail_op = sh->phase == PHASE_VALIDATE && sh->op < t->num_ops ? sh->op + 1 : 0;
    if (status < 0 && sh->phase == PHASE_TIME && opt->time_limit_secs > 0) {
        /* valid, with its utilization: only the timing was cut short */
        snprintf(res->message, sizeof res->message, "the timed replays did not finish within "
                 "%u s (--time-limit)", opt->time_limit_secs);
        fprintf(stderr, "mdriver: %s: not timed: %s\n", t->path, res->message);
    } else if (status < 0) {
        res->status = RUN_TIMEOUT;
        snprintf(res->message, sizeof res->message,
                 "did not finish within %u s (time limit, -s): stopped %s",
                 opt->timeout_secs, place);
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        const char *abbrev = sigabbrev_np(sig);
        res->status = RUN_CRASHED;
        char op[120], flag[32];
        describe_op(t, sh, op, sizeof op);
        snprintf(res->message, sizeof res->message,
                 "SIG%s (%s) %s%s. Under a debugger: gdb --args %s --no-fork%s -f %s",
                 abbrev ? abbrev : "?", strsignal(sig), place, op, program_invocation_name,
                 run_check_flag(opt, flag, sizeof flag), t->path);
    } else if (sh->phase != PHASE_DONE) {
        res->status = RUN_CRASHED;
        snprintf(res->message, sizeof res->message, "the process exited with status %d %s",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1, place);
    }
    res->message[sizeof res->message - 1] = '\0';
    munmap(sh, sizeof *sh);
    measure_footprint(t, mm, libc, opt, res);
}

const char *run_check_flag(const struct run_options *o, char *buf, size_t len)
{
    if (o->check_every == 0)
        snprintf(buf, len, "%s", "");
    else if (o->check_every == 1)
        snprintf(buf, len, "%s", " -c");
    else
        snprintf(buf, len, " -C %zu", o->check_every);
    return buf;
}
