/*
 * mtraceon.c - libmtraceon.so: turns glibc's tracer on at start-up, so any
 * program can be traced without changing it:
 *
 *   MALLOC_TRACE=prog.mtrace \
 *   LD_PRELOAD="libc_malloc_debug.so.0 tools/libmtraceon.so" prog args
 *   tools/mtrace2rep -o prog.rep prog.mtrace
 */
#include <mcheck.h>

__attribute__((constructor)) static void mtraceon_start(void)
{
    mtrace();
}
