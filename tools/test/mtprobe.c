/* mtprobe - a known allocation sequence under glibc's own tracer, for
 * tests/t-tools-mtrace.sh (run with LD_PRELOAD=libc_malloc_debug.so.0 and
 * MALLOC_TRACE=FILE). Marker sizes 5000..9999 as in recprobe.c. */
#include <malloc.h>
#include <mcheck.h>
#include <stdlib.h>

int main(void)
{
    mtrace();
    char *p = malloc(5001);
    p = realloc(p, 9000);
    void *q = calloc(2, 3000);
    void *r = realloc(NULL, 5003);
    r = realloc(r, 0);
    void *m = memalign(64, 5004);
    free(q);
    free(p);
    free(m);
    (void)r;
    muntrace();
    return 0;
}
