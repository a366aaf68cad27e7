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
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
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
    case RUN_TIMED_DIFFERS: return "differs when timed";
    case RUN_BAD_RECORD: return "bad result";
    }
    return "?";
}

/* --series: the trace's file, opened by the driver itself (so that the
 * message when it cannot be is not in the child's output), its header
 * written out before the child starts. */
static void series_open(const struct run_options *opt, const struct trace *t,
                        const struct mm_api *mm, FILE **f)
{
    *f = NULL;
    if (opt->series_dir == NULL || mm == NULL)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", opt->series_dir, t->name);
    *f = fopen(path, "w");
    if (*f == NULL)
        fprintf(stderr, "mdriver: cannot write %s: %s\n", path, strerror(errno));
    else if (fputs("op,live_bytes,heap_bytes\n", *f) == EOF || fflush(*f) != 0)
        fprintf(stderr, "mdriver: cannot write %s: %s\n", path, strerror(errno));
}

/* The correctness pass of mm, with the heap checks and the series asked
 * for; what the timed replays must answer goes to *check (its answers, when
 * they could be kept, are the caller's to free). */
static void check_here(const struct trace *t, const struct mm_api *mm,
                       const struct run_options *opt, FILE *series, struct shared *sh,
                       struct replay_check *check)
{
    struct trace_result *res = &sh->result;
    mem_init();
    outside_reset();
    void **answers = calloc(t->num_ops ? t->num_ops : 1, sizeof *answers);
    struct validate_options vopt = { .check_every = opt->check_every, .series = series,
                                     .progress = &sh->op, .answers = answers };
    struct validate_result vr;
    sh->phase = PHASE_VALIDATE;
    validate_trace(t, mm, &vopt, &vr);
    res->status = vr.status;
    memcpy(res->message, vr.message, sizeof res->message);
    res->peak_live = vr.peak_live;
    res->heap_size = vr.heap_size;
    res->util = vr.util;
    res->outside_bytes = mm_object_facts.static_bytes + outside_peak();
    if (vr.status != RUN_VALID && vr.failed_op < t->num_ops)
        res->fail_op = vr.failed_op + 1;
    *check = (struct replay_check){ .hash = vr.answers_hash, .answers = answers };
}

/* The work itself, in the child (or in the driver with --no-fork); closes
 * series. */
static void run_here(const struct trace *t, const struct mm_api *mm, const struct mm_api *libc,
                     const struct run_options *opt, FILE *series, struct shared *sh)
{
    struct trace_result *res = &sh->result;
    struct replay_check check = { 0 };
    if (mm != NULL)
        check_here(t, mm, opt, series, sh, &check);
    else
        res->status = RUN_VALID;   /* the reference alone: nothing to check */
    if (series != NULL)
        fclose(series);
    if (res->status == RUN_VALID && opt->time_it) {
        sh->phase = PHASE_TIME;
        int rc = replay_time(t, mm, libc, mm != NULL ? &check : NULL, opt->time_limit_secs,
                             &sh->replay, &res->times, res->message, sizeof res->message);
        if (rc == 0)
            res->timed = true;
        else if ((rc == REPLAY_LIBC_FAILED && mm != NULL) || rc == REPLAY_OVER_LIMIT)
            res->not_timed = true;   /* the driver says why (finish) */
        else
            res->status = rc == REPLAY_LIBC_FAILED ? RUN_OUT_OF_MEMORY
                        : rc == REPLAY_DIFFERS ? RUN_TIMED_DIFFERS : RUN_INVALID;
    }
    free((void *)check.answers);
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

/* A byte of the child's as the driver shows it: printable ASCII and tabs
 * as they are, anything else as '?' (so no newline, carriage return or
 * terminal escape can make a line that the driver did not write). */
static char shown(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c < 0x7f) ? (char)c : '?';
}

/* The child's stdout or stderr, a pipe the driver reads: each line goes
 * out labeled, every byte shown(). */
#define RELAY_LINE 1024   /* a longer line is cut into several */

struct relay {
    int fd;                  /* the pipe's read end (non-blocking); -1: closed */
    FILE *to;                /* the driver's stdout or stderr */
    const char *label;
    size_t len;
    char line[RELAY_LINE];   /* the line so far */
};

static void relay_line(struct relay *r)
{
    fprintf(r->to, "%s%.*s\n", r->label, (int)r->len, r->line);
    r->len = 0;
}

/* Relays what the pipe holds now (a bounded amount, so a chatty child
 * cannot keep the driver from its time limit); at_end: then closes it,
 * with its last line even if unfinished (something the child started may
 * still hold the pipe open: the driver does not wait for it). */
static void relay_read(struct relay *r, bool at_end)
{
    char buf[4096];
    for (int reads = 0; r->fd >= 0 && (at_end || reads < 16); reads++) {
        ssize_t n = read(r->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0 || errno != EAGAIN) {
                close(r->fd);
                r->fd = -1;
            }
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)buf[i];
            if (c == '\n') {
                relay_line(r);
                continue;
            }
            r->line[r->len++] = shown(c);
            if (r->len == sizeof r->line)
                relay_line(r);
        }
    }
    if (at_end) {
        if (r->len > 0)
            relay_line(r);
        if (r->fd >= 0)
            close(r->fd);
        r->fd = -1;
    }
}

/* Waits for the child, relaying its output; returns its wait status, or -1
 * when a time limit passed (the child is then killed): -s, and from the
 * timed replays on --time-limit when given. Keeps the progress line
 * (opt->progress). */
static int wait_child(pid_t pid, const struct trace *t, const struct shared *sh,
                      const struct run_options *opt, struct relay out[2])
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
        struct pollfd fds[2] = { { .fd = out[0].fd, .events = POLLIN },
                                 { .fd = out[1].fd, .events = POLLIN } };
        struct timespec ts = { 0, sleep_ns };
        if (ppoll(fds, 2, &ts, NULL) > 0)
            for (int i = 0; i < 2; i++)
                if (fds[i].revents != 0)
                    relay_read(&out[i], false);
        if (sleep_ns < 10000000)
            sleep_ns *= 2;
    }
}

/* Checks a result that came from the child against what the driver knows
 * of the trace, since the allocator runs in that process and can write the
 * record itself; the utilization is computed here, from the trace's own
 * peak, and the message is made one line of printable text. What this cannot tell is in RELIABILITY.md ("Grading untrusted
 * files"). */
static void check_record(const struct trace *t, const struct mm_api *mm,
                         struct trace_result *res)
{
    char why[200] = "";
    res->message[sizeof res->message - 1] = '\0';
    for (char *c = res->message; *c != '\0'; c++)
        *c = shown((unsigned char)*c);
    if ((unsigned)res->status > RUN_BAD_RECORD)
        snprintf(why, sizeof why, "status %d is none the driver knows", (int)res->status);
    else if (res->fail_op > t->num_ops)
        snprintf(why, sizeof why, "it failed in op %zu of a trace of %zu", res->fail_op,
                 t->num_ops);
    else if (mm == NULL || res->status != RUN_VALID)
        return;
    else if (res->peak_live != t->peak_live)
        snprintf(why, sizeof why, "its peak live payload is %zu bytes, the trace's is %zu",
                 res->peak_live, t->peak_live);
    else if (res->heap_size < res->peak_live || res->heap_size > (size_t)MAX_HEAP)
        snprintf(why, sizeof why, "its heap of %zu bytes cannot hold the trace's peak live "
                 "payload of %zu bytes in MAX_HEAP %llu", res->heap_size, res->peak_live,
                 (unsigned long long)MAX_HEAP);
    else if (res->timed && !(res->times.mm_secs > 0 && res->times.mm_secs < 1e9))
        snprintf(why, sizeof why, "its time of %g s for one replay is none a replay takes",
                 res->times.mm_secs);
    if (why[0] == '\0') {
        res->util = res->heap_size > 0 ? (double)res->peak_live / (double)res->heap_size
                                       : 1.0;
        return;
    }
    *res = (struct trace_result){ .status = RUN_BAD_RECORD };
    snprintf(res->message, sizeof res->message, "the result reported by the trace's process "
             "does not fit the trace (the allocator runs in that process and can write it): %s",
             why);
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

/* What the driver does with a result, from the child or not: checks it,
 * says why a valid trace was not timed, measures the C library's footprint. */
static void finish(const struct trace *t, const struct mm_api *mm, const struct mm_api *libc,
                   const struct run_options *opt, struct trace_result *res)
{
    check_record(t, mm, res);
    if (res->status == RUN_VALID && res->not_timed)
        fprintf(stderr, "mdriver: %s: not timed: %s\n", t->path, res->message);
    measure_footprint(t, mm, libc, opt, res);
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
    FILE *series;
    series_open(opt, t, mm, &series);
    if (opt->no_fork) {
        run_here(t, mm, libc, opt, series, sh);
        *res = sh->result;
        munmap(sh, sizeof *sh);
        finish(t, mm, libc, opt, res);
        return;
    }
    int pipes[2][2] = { { -1, -1 }, { -1, -1 } };   /* the child's stdout, stderr */
    if (pipe2(pipes[0], O_CLOEXEC) != 0 || pipe2(pipes[1], O_CLOEXEC) != 0) {
        *res = (struct trace_result){ .status = RUN_NOT_RUN };
        snprintf(res->message, sizeof res->message, "cannot make a pipe: %s", strerror(errno));
        for (int i = 0; i < 4; i++)
            if (pipes[i / 2][i % 2] >= 0)
                close(pipes[i / 2][i % 2]);
        if (series != NULL)
            fclose(series);
        munmap(sh, sizeof *sh);
        return;
    }
    /* Out of the child's reach, for a user other than root: not dumpable,
     * the driver's /proc/PID/fd and /proc/PID/mem cannot be opened by
     * another process of the user, nor can it be traced (the child starts
     * with the same setting: it keeps its own /proc/self). */
    prctl(PR_SET_DUMPABLE, 0);
    fflush(stdout);
    fflush(stderr);
    pid_t driver = getpid(), pid = fork();
    if (pid == 0) {
        setsid();   /* its own process group, and no terminal to write to */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != driver)
            _exit(127);
        dup2(pipes[0][1], STDOUT_FILENO);
        dup2(pipes[1][1], STDERR_FILENO);
        for (int i = 0; i < 4; i++)
            close(pipes[i / 2][i % 2]);
        setvbuf(stdout, NULL, _IOLBF, 0);   /* what it printed before a crash survives */
        run_here(t, mm, libc, opt, series, sh);
        fflush(stdout);
        _exit(0);
    }
    close(pipes[0][1]);
    close(pipes[1][1]);
    if (series != NULL)
        fclose(series);   /* the child's to write: nothing is left in this copy's buffer */
    char label[160];
    snprintf(label, sizeof label, "[%s output, %s] ", mm != NULL ? mm->name : libc->name, t->name);
    struct relay out[2] = { { .fd = pipes[0][0], .to = stdout, .label = label },
                            { .fd = pipes[1][0], .to = stderr, .label = label } };
    for (int i = 0; i < 2; i++)
        fcntl(out[i].fd, F_SETFL, O_NONBLOCK);
    if (pid < 0) {
        *res = (struct trace_result){ .status = RUN_NOT_RUN };
        snprintf(res->message, sizeof res->message, "cannot fork: %s", strerror(errno));
        relay_read(&out[0], true);
        relay_read(&out[1], true);
        munmap(sh, sizeof *sh);
        return;
    }
    int status = wait_child(pid, t, sh, opt, out);
    kill(-pid, SIGKILL);   /* what the child started and left running */
    if (opt->progress != NULL) {
        fprintf(opt->progress, "\r\033[K");   /* erase the progress line */
        fflush(opt->progress);
    }
    relay_read(&out[0], true);
    relay_read(&out[1], true);
    *res = sh->result;
    char place[200];
    describe_place(t, sh, place, sizeof place);
    if (status < 0 || WIFSIGNALED(status) || sh->phase != PHASE_DONE)
        res->fail_op = sh->phase == PHASE_VALIDATE && sh->op < t->num_ops ? sh->op + 1 : 0;
    if (status < 0 && sh->phase == PHASE_TIME && opt->time_limit_secs > 0) {
        /* valid, with its utilization: only the timing was cut short */
        snprintf(res->message, sizeof res->message, "the timed replays did not finish within "
                 "%u s (--time-limit)", opt->time_limit_secs);
        res->not_timed = true;
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
    finish(t, mm, libc, opt, res);
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
