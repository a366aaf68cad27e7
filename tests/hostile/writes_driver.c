/* writes_driver.c - writes to the driver's own stdout, not its own: the
 * driver is its parent process, and /proc/PARENT/fd/1 reopens the
 * driver's stdout, past the driver's labeling of the allocator's output.
 * The driver must be out of reach (tests/t-harness-hostile.sh runs this as
 * an unprivileged user: to root, every process is in reach). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "naive_base.h"

#define FORGED "FORGED: Perf index = 60.0 (util) + 40.0 (thru) = 100.0/100\n"

int mm_init(void)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd/1", (int)getppid());
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd >= 0) {
        ssize_t n = write(fd, FORGED, strlen(FORGED));
        (void)n;
        close(fd);
    }
    return naive_init();
}
