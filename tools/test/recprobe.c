/*
 * recprobe - a program whose allocation sequence is known, for
 * tests/t-tools-record.sh. Its own blocks have sizes 5000..9999, which
 * nothing in libc's start-up asks for, so the test can pick them out of
 * the recorded trace (test/canon.awk) and compare with test/recprobe.*.expected.
 *
 *   recprobe           the main sequence, a fork, an exec, two threads,
 *                      then _exit with blocks still live; prints
 *                      "PARENT CHILD EXECCHILD" pids
 *   recprobe exec      what the exec'd child does
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static sem_t to_second, to_first;

static void *first_thread(void *arg)
{
    (void)arg;
    void *a = malloc(7001);
    void *b = malloc(7002);
    sem_post(&to_second);
    sem_wait(&to_first);
    free(a);
    free(b);
    return NULL;
}

static void *second_thread(void *arg)
{
    (void)arg;
    sem_wait(&to_second);
    void *c = malloc(7003);
    free(c);
    sem_post(&to_first);
    return NULL;
}

/* Concurrent churn with sizes outside the marker range: the trace must
 * stay consistent (no block allocated at an address still live). */
static void *churn_thread(void *arg)
{
    unsigned seed = (unsigned)(size_t)arg;
    void *ring[32] = {0};
    for (int i = 0; i < 20000; i++) {
        int k = i % 32;
        free(ring[k]);
        seed = seed * 1103515245u + 12345u;
        ring[k] = malloc(16 + (seed >> 16) % 49);
        if (i % 7 == 0)
            ring[k] = realloc(ring[k], 100 + (seed >> 8) % 200);
    }
    for (int k = 0; k < 32; k++)
        free(ring[k]);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exec") == 0) {
        void *p = malloc(8001);
        free(p);
        return 0;
    }

    void *p1 = malloc(5001);
    void *p2 = calloc(3, 2000);
    p1 = realloc(p1, 9000);
    void *p3 = realloc(NULL, 5003);
    p3 = realloc(p3, 0);            /* frees: glibc returns NULL */
    void *p4 = memalign(64, 5004);
    void *p5 = NULL;
    if (posix_memalign(&p5, 128, 5005) != 0)
        return 1;
    void *p6 = aligned_alloc(256, 5120);
    void *p7 = valloc(5007);
    free(p2);
    free(NULL);

    pid_t child = fork();
    if (child == 0) {
        void *c = malloc(6001);
        c = realloc(c, 6002);
        void *d = malloc(6003);
        (void)c;
        (void)d;
        _exit(0);                   /* no atexit, no flush: nothing lost */
    }
    waitpid(child, NULL, 0);

    pid_t exec_child = fork();
    if (exec_child == 0) {
        execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
        _exit(127);
    }
    waitpid(exec_child, NULL, 0);

    sem_init(&to_second, 0, 0);
    sem_init(&to_first, 0, 0);
    pthread_t t1, t2;
    pthread_create(&t1, NULL, first_thread, NULL);
    pthread_create(&t2, NULL, second_thread, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);

    pthread_create(&t1, NULL, churn_thread, (void *)1);
    pthread_create(&t2, NULL, churn_thread, (void *)2);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);

    free(p1);
    free(p4);
    free(p5);
    free(p6);
    free(p7);
    void *last = malloc(5999);      /* still live at _exit */
    (void)last;
    (void)p3;

    char line[64];
    int n = snprintf(line, sizeof line, "%d %d %d\n", (int)getpid(),
                     (int)child, (int)exec_child);
    if (write(1, line, (size_t)n) != n)
        return 1;
    _exit(0);
}
