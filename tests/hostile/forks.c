/* forks.c - leaves a process of its own running after the trace: its
 * first mm_init forks one that sleeps for a minute, and writes its pid to
 * the file PIDFILE (a string, -DPIDFILE='"..."'). The driver must end
 * it with the trace's process (tests/t-harness-hostile.sh). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#include "naive_base.h"

static int inits;

int mm_init(void)
{
    if (++inits == 1) {
        pid_t pid = fork();
        if (pid == 0) {
            sleep(60);
            _exit(0);
        }
        char line[32];
        int n = snprintf(line, sizeof line, "%d\n", (int)pid);
        int fd = open(PIDFILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            ssize_t w = write(fd, line, (size_t)n);
            (void)w;
            close(fd);
        }
    }
    return naive_init();
}
