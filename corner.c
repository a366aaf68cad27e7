/*
 * corner.c - the corner calls (see corner.h).
 */
#include "corner.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "memlib.h"

#define CORNER_SIZE 24   /* the request size of each call */
#define CORNER_TIMEOUT 10   /* seconds a call may take at most (or -s, if less) */

/* What the child reports: a wrong answer's message; init_failed when
 * mm_init failed (the traces report that, not this). */
struct corner_shared {
    volatile int init_failed;
    char wrong[FINDING_LEN];
};

enum corner_call { CALL_REALLOC_NULL, CALL_REALLOC_ZERO, CALL_FREE_NULL };

static const struct {
    const char *call;    /* as the message names it */
    const char *rule;    /* what the course asks of it */
} calls[] = {
    [CALL_REALLOC_NULL] = { "realloc(NULL, 24)", "realloc must act as malloc when ptr is NULL" },
    [CALL_REALLOC_ZERO] = { "realloc(p, 0)", "realloc must act as free when size is 0" },
    [CALL_FREE_NULL] = { "free(NULL)", "free must do nothing when ptr is NULL" },
};

/* Why p is not a good answer to a request of n bytes; NULL when it is. */
static const char *bad_block(const void *p, size_t n)
{
    uintptr_t a = (uintptr_t)p;
    if (p == NULL)
        return "returned NULL";
    if (a % ALIGNMENT != 0)
        return "returned a misaligned pointer";
    if (a < (uintptr_t)mem_heap_lo() || a + n - 1 > (uintptr_t)mem_heap_hi())
        return "returned a pointer outside the heap";
    return NULL;
}

/* The call, in the child; a wrong answer goes to sh->wrong. */
static void corner_child(const struct mm_api *mm, enum corner_call c, struct corner_shared *sh)
{
    mem_init();
    if (mm->init() != 0) {
        sh->init_failed = 1;
        return;
    }
    const char *why = NULL;
    if (c == CALL_REALLOC_NULL) {
        char *p = mm->realloc(NULL, CORNER_SIZE);
        why = bad_block(p, CORNER_SIZE);
        if (why == NULL) {
            memset(p, 0xa5, CORNER_SIZE);
            char *q = mm->malloc(CORNER_SIZE);   /* must be another block */
            if (q != NULL && q < p + CORNER_SIZE && p < q + CORNER_SIZE)
                why = "returned a block that a following malloc(24) overlaps";
        }
    } else if (c == CALL_REALLOC_ZERO) {
        char *p = mm->malloc(CORNER_SIZE);
        if (p == NULL)
            return;   /* malloc itself fails: the traces say so */
        memset(p, 0xa5, CORNER_SIZE);
        mm->realloc(p, 0);
        why = bad_block(mm->malloc(CORNER_SIZE), CORNER_SIZE) != NULL
                  ? "left the allocator unable to serve malloc(24)" : NULL;
    } else {
        mm->free(NULL);
    }
    if (why != NULL)
        snprintf(sh->wrong, sizeof sh->wrong, "%s %s: %s", calls[c].call, why, calls[c].rule);
}

/* Runs call c in a child; adds a finding when it goes wrong. The child is
 * kept from the driver as a trace's child is (run.c): the driver not
 * dumpable, the child in a session of its own with no terminal, and what
 * it leaves running killed; what the allocator prints there is dropped,
 * so that it cannot pass for the driver's output. */
static void corner_run(const struct mm_api *mm, enum corner_call c, unsigned timeout_secs,
                       struct corner_shared *sh, struct findings *f)
{
    memset(sh, 0, sizeof *sh);
    prctl(PR_SET_DUMPABLE, 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return;   /* no finding on a machine that cannot fork */
    if (pid == 0) {
        setsid();
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            close(null);
        }
        alarm(timeout_secs);
        corner_child(mm, c, sh);
        fflush(stdout);
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        ;
    kill(-pid, SIGKILL);   /* what the child started and left running */
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        findings_add(f, "corner", "%s did not return within %u s: %s", calls[c].call,
                     timeout_secs, calls[c].rule);
    else if (WIFSIGNALED(status)) {
        const char *abbrev = sigabbrev_np(WTERMSIG(status));
        findings_add(f, "corner", "%s crashed (SIG%s): %s", calls[c].call,
                     abbrev ? abbrev : "?", calls[c].rule);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        findings_add(f, "corner", "%s exited the process with status %d: %s", calls[c].call,
                     WEXITSTATUS(status), calls[c].rule);
    else if (sh->wrong[0] != '\0')
        findings_add(f, "corner", "%s", sh->wrong);
}

void corner_check(const struct mm_api *mm, const char *interface, unsigned timeout_secs,
                  struct findings *f)
{
    struct corner_shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
                                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        return;
    if (timeout_secs == 0 || timeout_secs > CORNER_TIMEOUT)
        timeout_secs = CORNER_TIMEOUT;
    corner_run(mm, CALL_REALLOC_NULL, timeout_secs, sh, f);
    corner_run(mm, CALL_REALLOC_ZERO, timeout_secs, sh, f);
    if (strcmp(interface, "cmu") == 0)
        corner_run(mm, CALL_FREE_NULL, timeout_secs, sh, f);
    munmap(sh, sizeof *sh);
}
