/*
 * ref.c - the reference allocator (see ref.h).
 *
 * The driver passes the reference on to the drivers it starts (itself
 * again with LD_PRELOAD, the footprint child) in the environment variable
 * REF_ENV, which only the driver sets.
 */
#include "ref.h"

#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the preloaded allocators' libraries are: Debian's multiarch
 * directory for x86-64. Override with CFLAGS=-DREF_LIBDIR='"/path"'. */
#ifndef REF_LIBDIR
#define REF_LIBDIR "/usr/lib/x86_64-linux-gnu"
#endif

#define REF_ENV "MDRIVER_REF"

/* libc-tuned's top pad: what glibc asks of sbrk beyond each request. */
#define REF_TOP_PAD (256 * 1024 * 1024)

struct preload {
    const char *name, *library, *package;
};

static const struct preload preloads[] = {
    { "tcmalloc", "libtcmalloc_minimal.so.4", "libtcmalloc-minimal4" },
    { "jemalloc", "libjemalloc.so.2", "libjemalloc2" },
    { "mimalloc", "libmimalloc.so.2", "libmimalloc2.0" },
};

static const struct preload *find_preload(const char *name)
{
    for (size_t i = 0; i < sizeof preloads / sizeof preloads[0]; i++)
        if (strcmp(preloads[i].name, name) == 0)
            return &preloads[i];
    return NULL;
}

/* glibc never gives memory back: no trimming of the top, no block mapped
 * on its own. Returns 0, or -1 when glibc refused a setting. */
static int tune_glibc(void)
{
    return mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1 && mallopt(M_MMAP_THRESHOLD, INT_MAX) == 1 &&
           mallopt(M_TOP_PAD, REF_TOP_PAD) == 1 ? 0 : -1;
}

void ref_inherit(void)
{
    const char *ref = getenv(REF_ENV);
    if (ref != NULL && strcmp(ref, "libc-tuned") == 0)
        tune_glibc();
}

/* The process's malloc, as footprint_probe names it. */
static const char *probed_name(void)
{
    struct footprint fp;
    footprint_probe(&fp);
    return fp.allocator;
}

/* Runs the driver again with p's library preloaded; returns only on error. */
static int preload_and_exec(const struct preload *p, char **argv, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", REF_LIBDIR, p->library);
    if (access(path, R_OK) != 0) {
        snprintf(err, errlen, "--ref %s: %s is not installed (apt-get install %s)", p->name,
                 path, p->package);
        return -1;
    }
    const char *tried = getenv(REF_ENV);
    if (tried != NULL && strcmp(tried, p->name) == 0) {
        snprintf(err, errlen, "--ref %s: preloaded %s, but the process's malloc is still %s",
                 p->name, path, probed_name());
        return -1;
    }
    if (setenv("LD_PRELOAD", path, 1) != 0 || setenv(REF_ENV, p->name, 1) != 0) {
        snprintf(err, errlen, "--ref %s: cannot set the environment", p->name);
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    execv("/proc/self/exe", argv);
    snprintf(err, errlen, "--ref %s: cannot run the driver again with LD_PRELOAD", p->name);
    return -1;
}

/* --ref preload: named as probed, or after the library when the probe does
 * not know it. */
static int preload_label(const char **label, char *err, size_t errlen)
{
    static char name[256];
    const char *lib = getenv("LD_PRELOAD");
    if (lib == NULL || lib[strspn(lib, " :")] == '\0') {
        snprintf(err, errlen, "--ref preload: LD_PRELOAD is not set (name the allocator to "
                 "preload: tcmalloc, jemalloc or mimalloc)");
        return -1;
    }
    if (strcmp(probed_name(), "libc") != 0)
        return 0;
    lib += strspn(lib, " :");
    const char *base = strrchr(lib, '/');
    snprintf(name, sizeof name, "%.*s", (int)strcspn(base ? base + 1 : lib, " :"),
             base ? base + 1 : lib);
    *label = name;
    return 0;
}

int ref_select(const char *name, char **argv, const char **label, char *err, size_t errlen)
{
    *label = NULL;
    if (name == NULL || strcmp(name, "libc") == 0 || strcmp(name, "none") == 0)
        unsetenv(REF_ENV);   /* not inherited from some other driver */
    if (name == NULL || strcmp(name, "none") == 0)
        return 0;
    if (strcmp(name, "preload") == 0)
        return preload_label(label, err, errlen);
    const struct preload *p = find_preload(name);
    if (p != NULL)
        return strcmp(probed_name(), p->name) == 0 ? 0 : preload_and_exec(p, argv, err, errlen);
    if (strcmp(name, "libc") != 0 && strcmp(name, "libc-tuned") != 0) {
        snprintf(err, errlen, "--ref wants libc, libc-tuned, tcmalloc, jemalloc, mimalloc, "
                 "preload or none, not '%s'", name);
        return -1;
    }
    if (strcmp(probed_name(), "libc") != 0) {
        snprintf(err, errlen, "--ref %s: LD_PRELOAD put %s in the C library's place (unset it, "
                 "or use --ref preload)", name, probed_name());
        return -1;
    }
    if (strcmp(name, "libc-tuned") == 0) {
        if (tune_glibc() != 0) {
            snprintf(err, errlen, "--ref libc-tuned: the C library refused a mallopt setting");
            return -1;
        }
        *label = "libc-tuned";
        if (setenv(REF_ENV, name, 1) != 0) {
            snprintf(err, errlen, "--ref %s: cannot set the environment", name);
            return -1;
        }
    }
    return 0;
}
