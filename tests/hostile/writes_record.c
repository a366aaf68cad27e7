/* writes_record.c - writes the result record the trace's process reports
 * to the driver (run.c's page shared with the parent, found in
 * /proc/self/maps: the one shared page of /dev/zero), claiming a valid
 * trace with a utilization of 100%, and ends the process at once, in the
 * first mm_init, without running the trace. The driver must see that the
 * record does not fit the trace (tests/t-harness-hostile.sh). A record
 * forged to fit the trace is not caught: see RELIABILITY.md.
 * With -DFORGED_LINE it reports a failure instead, whose message holds a
 * newline and a line of its own: the driver must print it on one line.
 * With -DFORGED_OP, a failure in an op past the trace's end, which the
 * driver must not look up in the trace. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "naive_base.h"
#include "run.h"

/* run.c's record, as this file expects it to be laid out */
struct shared {
    volatile int phase;
    volatile size_t op;
    volatile int replay;
    struct trace_result result;
};
#define PHASE_DONE 3

/* The start of the one-page shared mapping of /dev/zero, or 0. */
static uintptr_t find_record(void)
{
    int fd = open("/proc/self/maps", O_RDONLY);
    if (fd < 0)
        return 0;
    char line[512];
    size_t len = 0;
    uintptr_t found = 0;
    char c;
    while (found == 0 && read(fd, &c, 1) == 1) {
        if (c != '\n') {
            if (len < sizeof line - 1)
                line[len++] = c;
            continue;
        }
        line[len] = '\0';
        len = 0;
        char *end;
        uintptr_t lo = (uintptr_t)strtoull(line, &end, 16);
        uintptr_t hi = (uintptr_t)strtoull(end + 1, &end, 16);
        if (strncmp(end, " rw-s ", 6) == 0 && strstr(line, "/dev/zero") != NULL &&
            hi - lo == (uintptr_t)sysconf(_SC_PAGESIZE))
            found = lo;
    }
    close(fd);
    return found;
}

int mm_init(void)
{
    uintptr_t at = find_record();
    if (at != 0) {
        struct shared *sh = (struct shared *)at;
        memset(&sh->result, 0, sizeof sh->result);
#if defined FORGED_LINE
        sh->result.status = RUN_INVALID;
        strcpy(sh->result.message, "made up\nFORGED: Perf index = 100.0/100");
#elif defined FORGED_OP
        sh->result.status = RUN_INVALID;
        sh->result.fail_op = 1000000;
#else
        sh->result.status = RUN_VALID;
        sh->result.peak_live = 1;
        sh->result.heap_size = 1;
        sh->result.util = 1.0;
#endif
        sh->phase = PHASE_DONE;
        _exit(0);
    }
    return naive_init();
}
