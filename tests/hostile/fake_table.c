/* fake_table.c - prints a results table of its own, with a perfect score,
 * to stdout and stderr, with a carriage return and terminal escapes meant
 * to hide or overwrite what comes before them; and tries the terminal
 * itself (/dev/tty). The driver must show all of it labeled as the
 * allocator's output, the control bytes as '?', and its own table as
 * before (tests/t-harness-hostile.sh). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "naive_base.h"

#define FAKE_ROW "basic.rep                  yes 100.0%          9   0.000001   9000000  99.00\n"
#define FAKE_INDEX "Perf index = 60.0 (util) + 40.0 (thru) = 100.0/100\n"

static int inits;

int mm_init(void)
{
    if (++inits == 1) {
        printf("\r\033[2K%s", FAKE_ROW);
        printf("\033[1A\033[2K%s", FAKE_INDEX);
        fprintf(stderr, "\r%s", FAKE_INDEX);
        fflush(stdout);
        int tty = open("/dev/tty", O_WRONLY);
        if (tty >= 0) {
            ssize_t n = write(tty, FAKE_INDEX, strlen(FAKE_INDEX));
            (void)n;
            close(tty);
        }
        printf("no newline at the end: ");   /* relayed when the process ends */
    }
    return naive_init();
}
