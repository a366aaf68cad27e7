/*
 * footprint.c - the process's malloc and its footprint (see footprint.h).
 *
 * Each allocator's statistics call is looked up with dlsym(RTLD_DEFAULT):
 *   jemalloc   mallctl "stats.resident"
 *   tcmalloc   generic.heap_size less tcmalloc.pageheap_unmapped_bytes
 *   mimalloc   found by mi_process_info(), measured by the resident set size
 *              (its commit statistics are too coarse in release builds);
 *              pages it frees stay resident for a while unless
 *              MIMALLOC_RESET_DELAY=0, which the footprint replay's process
 *              runs with (the timed replays run without it)
 *   glibc      mallinfo2(): arena - keepcost + hblkhd
 * and, when none answers, the resident set size from /proc/self/statm.
 *
 * The footprint replay runs in a freshly started copy of the driver (an
 * exec of /proc/self/exe, so the same LD_PRELOAD applies) that receives the
 * trace's operations in a memfd and keeps them, and its per-block state,
 * in mappings of its own: the allocator then holds nothing but what the
 * replay asks of it, not the driver's own data or the caches it left.
 * That process can never hurt the run: it is started after the trace has
 * been checked and timed, dies with the driver (PR_SET_PDEATHSIG), is
 * killed at its time limit, and runs under an RLIMIT_DATA of twice the
 * trace's peak live bytes plus FOOTPRINT_BASE_BYTES, refused outright when
 * that is more than FOOTPRINT_MEM_PERCENT of the RAM (config.h).
 */
#include "footprint.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"

/* What the replay's process needs beside the blocks: the driver's image,
 * the C library, the trace's operations and per-block state. */
#define FOOTPRINT_BASE_BYTES (256ull << 20)

/* Exit status of the replay's process when malloc returned NULL (its
 * memory limit). */
#define FOOTPRINT_EXIT_NO_MEMORY 3

typedef int mallctl_fn(const char *, void *, size_t *, void *, size_t);
typedef int tc_property_fn(const char *, size_t *);
typedef void mi_info_fn(size_t *, size_t *, size_t *, size_t *, size_t *, size_t *, size_t *,
                        size_t *);
typedef struct mallinfo2 mallinfo2_fn(void);

static mallctl_fn *je_mallctl;
static tc_property_fn *tc_property;
static mi_info_fn *mi_info;
static mallinfo2_fn *glibc_mallinfo2;


/* dlsym returns void *; converting it to a function pointer goes through
 * memcpy so the code stays ISO C. */
#define LOOKUP(var, name)                                    \
    do {                                                     \
        void *sym = dlsym(RTLD_DEFAULT, name);               \
        memcpy(&(var), &sym, sizeof sym);                    \
    } while (0)

static size_t jemalloc_stat(const char *name)
{
    uint64_t epoch = 1;
    size_t len = sizeof epoch, v = 0;
    je_mallctl("epoch", &epoch, &len, &epoch, len);
    len = sizeof v;
    return je_mallctl(name, &v, &len, NULL, 0) == 0 ? v : 0;
}
static size_t jemalloc_held(void) { return jemalloc_stat("stats.resident"); }

static size_t tcmalloc_stat(const char *name)
{
    size_t v = 0;
    return tc_property(name, &v) ? v : 0;
}
static size_t tcmalloc_held(void)
{
    return tcmalloc_stat("generic.heap_size") - tcmalloc_stat("tcmalloc.pageheap_unmapped_bytes");
}

/* Less the top chunk (keepcost): with a large top_pad (the tuned glibc of
 * plots/compare.sh) arena counts 256 MiB of address space never touched. */
static size_t glibc_held(void)
{
    struct mallinfo2 mi = glibc_mallinfo2();
    return mi.arena - mi.keepcost + mi.hblkhd;
}

/* Read with open/read into a static buffer: stdio would call malloc. */
static size_t read_rss(void)
{
    static char buf[128];
    int fd = open("/proc/self/statm", O_RDONLY);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *field = strchr(buf, ' ');  /* the second field: resident pages */
    return field != NULL ? (size_t)strtoull(field + 1, NULL, 10) * (size_t)sysconf(_SC_PAGESIZE)
                         : 0;
}

void footprint_probe(struct footprint *fp)
{
    LOOKUP(je_mallctl, "mallctl");
    LOOKUP(tc_property, "MallocExtension_GetNumericProperty");
    LOOKUP(mi_info, "mi_process_info");
    LOOKUP(glibc_mallinfo2, "mallinfo2");
    if (je_mallctl != NULL)
        *fp = (struct footprint){ "jemalloc", "jemalloc stats.resident", jemalloc_held, 0, NULL };
    else if (tc_property != NULL)
        *fp = (struct footprint){ "tcmalloc", "tcmalloc heap_size - unmapped", tcmalloc_held, 0,
                                  NULL };
    else if (mi_info != NULL)
        /* mi_process_info() is only a detector: in Debian's release build
         * its commit figure moves in whole 32 MiB segments (0 at start, then
         * 33554432 whether 100 KB or 64 MiB more are allocated), so every
         * trace read 0. The resident set size measures it instead. */
        *fp = (struct footprint){ "mimalloc", "resident set size (MIMALLOC_RESET_DELAY=0)",
                                  read_rss, 1, "MIMALLOC_RESET_DELAY=0" };
    else if (glibc_mallinfo2 != NULL && glibc_held() > 0)
        *fp = (struct footprint){ "libc", "glibc mallinfo2 arena-keepcost+hblkhd", glibc_held, 0,
                                  NULL };
    else
        *fp = (struct footprint){ "libc", "resident set size", read_rss, 1, NULL };
}

/* The replay itself, in the fresh process: ops and per-id state are in
 * memory mapped outside malloc, so the allocator holds nothing but what the
 * replay asks of it. Every byte a block gains is written, as the program
 * would: the resident set size counts only pages touched, and an allocator
 * that hands out fresh pages would otherwise look free. */
static size_t replay_peak(const struct footprint *fp, const struct trace_op *ops, size_t num_ops,
                          void **ptrs, size_t *sizes)
{
    size_t base = fp->whole_process ? fp->held() : 0, peak = fp->held();
    for (size_t i = 0; i < num_ops; i++) {
        const struct trace_op *op = &ops[i];
        void **slot = &ptrs[op->id];
        size_t *size = &sizes[op->id];
        switch (op->kind) {
        case TRACE_ALLOC:
            *slot = malloc(op->size);
            *size = 0;
            break;
        case TRACE_FREE:
            free(*slot);
            *slot = NULL;
            *size = 0;
            continue;
        case TRACE_REALLOC: {
            void *p = realloc(*slot, op->size);
            if (p == NULL && op->size > 0)
                return SIZE_MAX;   /* out of memory: the limit */
            *slot = p;
            if (p == NULL || *size > op->size)
                *size = p == NULL ? 0 : op->size;
            break;
        }
        default:
            continue;
        }
        if (*slot == NULL && op->size > 0)
            return SIZE_MAX;   /* out of memory: the limit */
        if (op->size > *size) {
            memset((char *)*slot + *size, (int)(op->id & 0xFF), op->size - *size);
            *size = op->size;
        }
        size_t now = fp->held();
        if (now > peak)
            peak = now;
    }
    return peak - base;
}

static void *map_anonymous(size_t bytes)
{
    void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

bool footprint_is_child(int argc, char **argv)
{
    return argc > 1 && strcmp(argv[1], FOOTPRINT_CHILD_FLAG) == 0;
}

int footprint_child_main(int argc, char **argv)
{
    if (argc != 6)
        return 2;
    int ops_fd = atoi(argv[2]), out_fd = atoi(argv[5]);
    size_t num_ops = (size_t)strtoull(argv[3], NULL, 10);
    size_t num_ids = (size_t)strtoull(argv[4], NULL, 10);
    const struct trace_op *ops = num_ops == 0 ? NULL :
        mmap(NULL, num_ops * sizeof *ops, PROT_READ, MAP_PRIVATE, ops_fd, 0);
    void **ptrs = map_anonymous(num_ids * sizeof *ptrs);
    size_t *sizes = map_anonymous(num_ids * sizeof *sizes);
    if (ops == MAP_FAILED || ptrs == NULL || sizes == NULL)
        return 2;
    struct footprint fp;
    footprint_probe(&fp);
    size_t peak = replay_peak(&fp, ops, num_ops, ptrs, sizes);
    if (peak == SIZE_MAX)
        return FOOTPRINT_EXIT_NO_MEMORY;
    char line[32];
    int n = snprintf(line, sizeof line, "%zu\n", peak);
    return write(out_fd, line, (size_t)n) == n ? 0 : 2;
}

/* Writes all of buf to fd. */
static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The memory the replay may take for t, or 0 with the reason in why when
 * that is more than FOOTPRINT_MEM_PERCENT of the RAM. */
static size_t memory_bound(const struct trace *t, char *why, size_t whylen)
{
    double ram = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
    double cap = ram * FOOTPRINT_MEM_PERCENT / 100;
    double need = 2.0 * (double)t->peak_live + (double)FOOTPRINT_BASE_BYTES +
                  (double)(t->num_ops * sizeof *t->ops) +
                  2.0 * (double)(t->num_ids * sizeof(void *));
    if (need > cap) {
        snprintf(why, whylen, "its replay would need up to %.0f MB (twice the %zu peak live "
                 "bytes, and %llu MiB), more than FOOTPRINT_MEM_PERCENT (%d%%) of the %.0f MB "
                 "of RAM", need / 1e6, t->peak_live, FOOTPRINT_BASE_BYTES >> 20,
                 FOOTPRINT_MEM_PERCENT, ram / 1e6);
        return 0;
    }
    return (size_t)need;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads the child's answer from fd until it closes the pipe or the
 * deadline passes; returns 0, or -1 at the deadline. */
static int read_answer(int fd, char *line, size_t len, double deadline)
{
    size_t got = 0;
    for (;;) {
        double left = deadline - seconds_now();
        if (left <= 0)
            return -1;
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int r = poll(&pfd, 1, left > 1e6 ? 1000000000 : (int)(left * 1000) + 1);
        if (r <= 0)
            continue;
        ssize_t n = read(fd, line + got, len - 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
        if (got == len - 1)
            break;
    }
    line[got] = '\0';
    return 0;
}

/* In the forked child, before the exec: die with the driver, take no
 * more than bound bytes of data, and set env (NAME=VALUE, or NULL). */
static void limit_child(pid_t driver, size_t bound, const char *env)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != driver)
        _exit(127);
    struct rlimit rl = { .rlim_cur = bound, .rlim_max = bound };
    setrlimit(RLIMIT_DATA, &rl);
    if (env != NULL)
        putenv(strdup(env));
}

/* Why a replay that ended with status gave no footprint. */
static void explain_end(int status, size_t bound, char *why, size_t whylen)
{
    if (WIFEXITED(status) && WEXITSTATUS(status) == FOOTPRINT_EXIT_NO_MEMORY)
        snprintf(why, whylen, "the C library ran out of the %zu MB its replay may take",
                 bound / 1000000);
    else if (WIFEXITED(status))
        snprintf(why, whylen, "its replay ended with status %d", WEXITSTATUS(status));
    else
        snprintf(why, whylen, "its replay ended with signal %d", WTERMSIG(status));
}

int footprint_measure(const struct footprint *fp, const struct trace *t, unsigned timeout_secs,
                      size_t *peak, char *why, size_t whylen)
{
    *peak = 0;
    int rc = -1;
    size_t bound = memory_bound(t, why, whylen);
    if (bound == 0)
        return -1;
    snprintf(why, whylen, "its replay could not be started");
    int ops_fd = memfd_create("mdriver-trace", 0), pipe_fds[2] = { -1, -1 };
    if (ops_fd < 0 || pipe(pipe_fds) != 0 ||
        write_all(ops_fd, t->ops, t->num_ops * sizeof *t->ops) != 0)
        goto out;
    char fd_arg[16], ops_arg[24], ids_arg[24], out_arg[16];
    snprintf(fd_arg, sizeof fd_arg, "%d", ops_fd);
    snprintf(ops_arg, sizeof ops_arg, "%zu", t->num_ops);
    snprintf(ids_arg, sizeof ids_arg, "%zu", t->num_ids);
    snprintf(out_arg, sizeof out_arg, "%d", pipe_fds[1]);
    char *args[] = { "mdriver", FOOTPRINT_CHILD_FLAG, fd_arg, ops_arg, ids_arg, out_arg, NULL };
    fflush(stdout);
    fflush(stderr);
    pid_t driver = getpid(), pid = fork();
    if (pid == 0) {
        close(pipe_fds[0]);
        limit_child(driver, bound, fp->replay_env);
        execv("/proc/self/exe", args);
        _exit(127);
    }
    close(pipe_fds[1]);
    pipe_fds[1] = -1;
    if (pid < 0)
        goto out;
    char line[32] = "";
    unsigned secs = timeout_secs > 0 && timeout_secs < FOOTPRINT_TIMEOUT ? timeout_secs
                                                                         : FOOTPRINT_TIMEOUT;
    bool late = read_answer(pipe_fds[0], line, sizeof line, seconds_now() + secs) != 0;
    if (late)
        kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (late)
        snprintf(why, whylen, "its replay did not finish within %u s (FOOTPRINT_TIMEOUT, or "
                 "-s when smaller)", secs);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        *peak = (size_t)strtoull(line, NULL, 10);
        rc = 0;
    }
    else
        explain_end(status, bound, why, whylen);
out:
    if (ops_fd >= 0)
        close(ops_fd);
    for (int i = 0; i < 2; i++)
        if (pipe_fds[i] >= 0)
            close(pipe_fds[i]);
    return rc;
}
