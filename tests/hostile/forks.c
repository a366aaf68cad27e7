/* forks.c - leaves a process of its own running after the trace: its
 * first mm_init forks one that sleeps for a minute, and writes its pid to
 * the file PIDFILE (a string, -DPIDFILE='"..."'). The driver must end
 * it with the trace's process (tests/t-harness-hostile.sh). */
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
        FILE *f = fopen(PIDFILE, "w");
        if (f != NULL) {
            fprintf(f, "%d\n", (int)pid);
            fclose(f);
        }
    }
    return naive_init();
}

void *mm_malloc(size_t size)
{
    return naive_malloc(size);
}

void mm_free(void *ptr)
{
    naive_free(ptr);
}

void *mm_realloc(void *ptr, size_t size)
{
    return naive_realloc(ptr, size);
}
