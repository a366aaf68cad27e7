/*
 * librecord.c - LD_PRELOAD library that logs every allocator call of a
 * program (see reclog.h for the log, record for the command that uses it).
 *
 * Interposed: malloc, calloc, realloc, reallocarray, free, memalign,
 * posix_memalign, aligned_alloc, valloc, pvalloc. Each call is passed on to
 * the next definition (dlsym(RTLD_NEXT, ...): glibc's, or another preloaded
 * allocator's) and, when MLAB_RECORD_DIR names a directory, logged there.
 *
 * How it survives the hard cases:
 *   - bootstrap: dlsym itself may allocate. While the real functions are
 *     being looked up, requests are served from a static arena; its blocks
 *     are never freed and are never logged (they predate recording).
 *   - re-entrancy: a thread-local depth counter; a call made while this
 *     thread is already inside a hook (dlsym, pthread_atfork, or glibc
 *     functions such as reallocarray that call realloc) goes straight to the
 *     real function unlogged, so one program call gives one record.
 *   - threads: one mutex around "real call + log", so the log holds one
 *     order consistent with what every thread saw (a pointer is never
 *     logged as allocated before its previous free).
 *   - fork: pthread_atfork holds the mutex across fork; the child drops the
 *     parent's log window and opens its own log (one log per process).
 *     After exec the library starts again and the same pid gets SEQ 1, 2...
 *   - _exit, abort, SIGKILL: the log is a MAP_SHARED file mapping, so every
 *     record stored is already in the page cache; nothing is flushed at exit
 *     and nothing is lost.
 *   - cost: one mutex and one 32-byte store per call; the file grows in
 *     16 MiB windows (sparse until written).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "reclog.h"

#define EXPORT __attribute__((visibility("default")))

/* ---- the functions we forward to -------------------------------------- */

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void *(*real_reallocarray)(void *, size_t, size_t);
static void (*real_free)(void *);
static void *(*real_memalign)(size_t, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static void *(*real_valloc)(size_t);
static void *(*real_pvalloc)(size_t);

/* ---- state ------------------------------------------------------------ */

enum { STATE_NEW = 0, STATE_STARTING = 1, STATE_READY = 2 };
static atomic_int state = STATE_NEW;

/* Depth of hook calls in this thread; > 0 means "pass through". */
static __thread int hook_depth __attribute__((tls_model("initial-exec")));

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- bootstrap arena -------------------------------------------------- */

#define BOOT_SIZE (256 * 1024)
#define BOOT_HEADER 16
static _Alignas(64) unsigned char boot_arena[BOOT_SIZE];
static size_t boot_used;

static int is_boot(const void *p)
{
    const unsigned char *c = p;
    return c >= boot_arena && c < boot_arena + BOOT_SIZE;
}

static void write_stderr(const char *msg)
{
    ssize_t r = write(2, msg, strlen(msg));
    (void)r;
}

/* Bump allocation from the static arena (zero-filled, never reused). The
 * block's size is stored just before it. */
static void *boot_alloc(size_t size, size_t align)
{
    if (align < BOOT_HEADER)
        align = BOOT_HEADER;
    size_t start = (boot_used + BOOT_HEADER + align - 1) & ~(align - 1);
    if (size > BOOT_SIZE || start + size > BOOT_SIZE) {
        write_stderr("librecord: bootstrap arena exhausted\n");
        return NULL;
    }
    boot_used = start + size;
    memcpy(boot_arena + start - sizeof(size_t), &size, sizeof size);
    return boot_arena + start;
}

static size_t boot_size(const void *p)
{
    size_t size;
    memcpy(&size, (const unsigned char *)p - sizeof(size_t), sizeof size);
    return size;
}

/* ---- the log ---------------------------------------------------------- */

/* The log is mapped in windows; each is prefaulted (MAP_POPULATE: one
 * system call instead of a page fault per 4 KiB) and twice the size of the
 * one before, from 256 KiB up to 16 MiB, so a short-lived process costs
 * little and a long one remaps rarely. */
#define WINDOW_FIRST ((size_t)256 << 10)
#define WINDOW_MAX ((size_t)16 << 20)
#define LOG_FD_MIN 500 /* keep our fd out of the program's usual range */

static const char *log_dir;
static int log_fd = -1;
static unsigned char *log_window;   /* NULL = not logging */
static size_t window_size;          /* bytes mapped at log_window */
static off_t window_offset;         /* file offset of log_window[0] */
static size_t window_pos;           /* next free byte in the window */

static char *append_str(char *out, char *end, const char *s)
{
    while (*s && out < end - 1)
        *out++ = *s++;
    *out = '\0';
    return out;
}

static char *append_uint(char *out, char *end, unsigned long v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n > 0 && out < end - 1)
        *out++ = digits[--n];
    *out = '\0';
    return out;
}

static void log_stop(const char *why)
{
    write_stderr("librecord: recording stopped: ");
    write_stderr(why);
    write_stderr("\n");
    if (log_window != NULL)
        munmap(log_window, window_size);
    log_window = NULL;
}

/* Copies /proc/self/cmdline (the arguments, each ended by a NUL) beside
 * the log at log_path, as PID.SEQ.cmd, for rec2rep -e (a script's name is
 * an argument of its interpreter). Allocates nothing; when it cannot, the
 * file is left out. */
static void save_cmdline(const char *log_path)
{
    char path[4096], buf[4096];
    size_t n = strlen(log_path);
    if (n < 4 || n >= sizeof path)
        return;
    memcpy(path, log_path, n - 4);
    memcpy(path + n - 4, ".cmd", 5);
    int in = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return;
    ssize_t got = read(in, buf, sizeof buf);
    close(in);
    int out = got > 0 ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
    if (out < 0)
        return;
    ssize_t put = write(out, buf, (size_t)got);
    (void)put;   /* a short file only shortens the command line matched */
    close(out);
}

/* Opens DIR/PID.SEQ.log for this process image. Allocates nothing. */
static void log_open(void)
{
    char path[4096];
    unsigned seq;
    int fd = -1;
    for (seq = 0; seq < 1000; seq++) {
        char *end = path + sizeof path;
        char *p = append_str(path, end, log_dir);
        p = append_str(p, end, "/");
        p = append_uint(p, end, (unsigned long)getpid());
        p = append_str(p, end, ".");
        p = append_uint(p, end, seq);
        append_str(p, end, ".log");
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd < 0) {
        log_stop("cannot create the log in MLAB_RECORD_DIR");
        return;
    }
    save_cmdline(path);
    int high = fcntl(fd, F_DUPFD_CLOEXEC, LOG_FD_MIN);
    if (high >= 0) {
        close(fd);
        fd = high;
    }
    if (ftruncate(fd, (off_t)WINDOW_FIRST) != 0) {
        close(fd);
        log_stop("cannot size the log");
        return;
    }
    void *w = mmap(NULL, WINDOW_FIRST, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_POPULATE, fd, 0);
    if (w == MAP_FAILED) {
        close(fd);
        log_stop("cannot map the log");
        return;
    }
    log_fd = fd;
    log_window = w;
    window_size = WINDOW_FIRST;
    window_offset = 0;

    struct reclog_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, RECLOG_MAGIC, sizeof h.magic);
    h.pid = (uint32_t)getpid();
    h.ppid = (uint32_t)getppid();
    h.seq = seq;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        const char *base = strrchr(exe, '/');
        base = base ? base + 1 : exe;
        strncpy(h.exe, base, sizeof h.exe - 1);
    }
    memcpy(log_window, &h, sizeof h);
    window_pos = RECLOG_HEADER_SIZE;
}

/* Moves the window past its end, to a window twice as large. */
static int log_advance(void)
{
    off_t next = window_offset + (off_t)window_size;
    size_t size = window_size < WINDOW_MAX ? 2 * window_size : WINDOW_MAX;
    if (ftruncate(log_fd, next + (off_t)size) != 0) {
        log_stop("cannot extend the log (disk full?)");
        return -1;
    }
    munmap(log_window, window_size);
    window_size = size;
    void *w = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_POPULATE, log_fd, next);
    if (w == MAP_FAILED) {
        log_window = NULL;
        log_stop("cannot map the log");
        return -1;
    }
    log_window = w;
    window_offset = next;
    window_pos = 0;
    return 0;
}

/* Appends one record. Called with log_lock held. */
static void log_put(int kind, int call, uint64_t size, const void *p,
                    const void *q)
{
    if (log_window == NULL)
        return;
    if (window_pos + RECLOG_RECORD_SIZE > window_size && log_advance() != 0)
        return;
    struct reclog_record *r = (void *)(log_window + window_pos);
    r->size = size;
    r->p = (uint64_t)(uintptr_t)p;
    r->q = (uint64_t)(uintptr_t)q;
    r->call = (uint8_t)call;
    __atomic_store_n(&r->kind, (uint8_t)kind, __ATOMIC_RELEASE);
    window_pos += RECLOG_RECORD_SIZE;
}

/* ---- fork ------------------------------------------------------------- */

static void fork_prepare(void)
{
    pthread_mutex_lock(&log_lock);
}

static void fork_parent(void)
{
    pthread_mutex_unlock(&log_lock);
}

static void fork_child(void)
{
    /* The parent's window is shared with the parent: let it go. */
    if (log_window != NULL) {
        munmap(log_window, window_size);
        log_window = NULL;
        close(log_fd);
        log_fd = -1;
        log_open();
    }
    pthread_mutex_unlock(&log_lock);
}

/* ---- start-up --------------------------------------------------------- */

#define RESOLVE(name)                                                    \
    do {                                                                 \
        *(void **)&real_##name = dlsym(RTLD_NEXT, #name);                \
    } while (0)

static void start(void)
{
    int expected = STATE_NEW;
    if (atomic_compare_exchange_strong(&state, &expected, STATE_STARTING)) {
        hook_depth++;
        RESOLVE(malloc);
        RESOLVE(calloc);
        RESOLVE(realloc);
        RESOLVE(reallocarray);
        RESOLVE(free);
        RESOLVE(memalign);
        RESOLVE(posix_memalign);
        RESOLVE(aligned_alloc);
        RESOLVE(valloc);
        RESOLVE(pvalloc);
        if (!real_malloc || !real_calloc || !real_realloc || !real_free) {
            write_stderr("librecord: cannot find the real malloc\n");
            _exit(127);
        }
        log_dir = getenv("MLAB_RECORD_DIR");
        if (log_dir != NULL && *log_dir != '\0')
            log_open();
        pthread_atfork(fork_prepare, fork_parent, fork_child);
        hook_depth--;
        atomic_store(&state, STATE_READY);
        return;
    }
    if (hook_depth > 0)
        return; /* this thread is starting the library: use the arena */
    while (atomic_load(&state) != STATE_READY)
        sched_yield();
}

static inline void ensure_started(void)
{
    if (__builtin_expect(atomic_load_explicit(&state, memory_order_acquire)
                             != STATE_READY, 0))
        start();
}

/* Start at load time too, so that a program that never allocates still
 * leaves a (empty) log: no log then means the preload was not loaded. */
__attribute__((constructor)) static void librecord_load(void)
{
    ensure_started();
}

/* Entering a hook: 1 if this call is to be logged (lock taken). */
static inline int hook_enter(void)
{
    if (hook_depth > 0)
        return 0;
    hook_depth++;
    pthread_mutex_lock(&log_lock);
    return 1;
}

static inline void hook_leave(void)
{
    pthread_mutex_unlock(&log_lock);
    hook_depth--;
}

/* ---- the interposed functions ----------------------------------------- */

EXPORT void *malloc(size_t size)
{
    ensure_started();
    if (real_malloc == NULL)
        return boot_alloc(size, 16);
    if (!hook_enter())
        return real_malloc(size);
    void *p = real_malloc(size);
    if (p != NULL)
        log_put(RECLOG_ALLOC, RECLOG_CALL_MALLOC, size, p, NULL);
    hook_leave();
    return p;
}

EXPORT void *calloc(size_t n, size_t size)
{
    ensure_started();
    if (real_calloc == NULL) {
        if (size != 0 && n > SIZE_MAX / size)
            return NULL;
        return boot_alloc(n * size, 16); /* the arena is zero-filled */
    }
    if (!hook_enter())
        return real_calloc(n, size);
    void *p = real_calloc(n, size);
    if (p != NULL)
        log_put(RECLOG_ALLOC, RECLOG_CALL_CALLOC, (uint64_t)n * size, p,
                NULL);
    hook_leave();
    return p;
}

EXPORT void free(void *p)
{
    if (p == NULL || is_boot(p))
        return;
    ensure_started();
    if (real_free == NULL)
        return;
    if (!hook_enter()) {
        real_free(p);
        return;
    }
    real_free(p);
    log_put(RECLOG_FREE, RECLOG_CALL_FREE, 0, p, NULL);
    hook_leave();
}

/* Logs what realloc(old, size) did, given its result. */
static void log_realloc(int call, void *old, size_t size, void *result)
{
    if (old == NULL) {
        if (result != NULL)
            log_put(RECLOG_ALLOC, call, size, result, NULL);
    } else if (size == 0) {
        /* glibc frees old and returns NULL; another allocator may return
         * a fresh minimum block instead. */
        log_put(RECLOG_FREE, call, 0, old, NULL);
        if (result != NULL)
            log_put(RECLOG_ALLOC, call, 0, result, NULL);
    } else if (result != NULL) {
        log_put(RECLOG_REALLOC, call, size, result, old);
    }
    /* else: failed, old is untouched: nothing happened */
}

/* realloc of a block from the bootstrap arena: a new block (which the
 * trace sees as an allocation) holding a copy. */
static void *boot_realloc(void *old, size_t size)
{
    void *p = malloc(size);
    if (p != NULL) {
        size_t n = boot_size(old);
        memcpy(p, old, n < size ? n : size);
    }
    return p;
}

EXPORT void *realloc(void *old, size_t size)
{
    if (old != NULL && is_boot(old))
        return boot_realloc(old, size);
    ensure_started();
    if (real_realloc == NULL)
        return boot_alloc(size, 16); /* old is NULL here */
    if (!hook_enter())
        return real_realloc(old, size);
    void *p = real_realloc(old, size);
    log_realloc(RECLOG_CALL_REALLOC, old, size, p);
    hook_leave();
    return p;
}

EXPORT void *reallocarray(void *old, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    if (old != NULL && is_boot(old))
        return boot_realloc(old, n * size);
    ensure_started();
    if (real_reallocarray == NULL)
        return realloc(old, n * size);
    if (!hook_enter())
        return real_reallocarray(old, n, size);
    void *p = real_reallocarray(old, n, size);
    log_realloc(RECLOG_CALL_REALLOCARRAY, old, n * size, p);
    hook_leave();
    return p;
}

/* The memalign family: each logs an allocation of the requested size.
 * ALIGNED_HOOK(real function, call id, (its arguments), size, alignment) */
#define ALIGNED_HOOK(real_fn, call_id, args, size_expr, align_expr)      \
    do {                                                                 \
        ensure_started();                                                \
        if (real_fn == NULL)                                             \
            return boot_alloc((size_expr), (align_expr));                \
        if (!hook_enter())                                               \
            return real_fn args;                                         \
        void *p_ = real_fn args;                                         \
        if (p_ != NULL)                                                  \
            log_put(RECLOG_ALLOC, call_id, (size_expr), p_, NULL);       \
        hook_leave();                                                    \
        return p_;                                                       \
    } while (0)

static size_t page_size(void)
{
    long n = sysconf(_SC_PAGESIZE);
    return n > 0 ? (size_t)n : 4096;
}

EXPORT void *memalign(size_t align, size_t size)
{
    ALIGNED_HOOK(real_memalign, RECLOG_CALL_MEMALIGN, (align, size), size,
                 align);
}

EXPORT void *aligned_alloc(size_t align, size_t size)
{
    ALIGNED_HOOK(real_aligned_alloc, RECLOG_CALL_ALIGNED_ALLOC, (align, size),
                 size, align);
}

EXPORT void *valloc(size_t size)
{
    ALIGNED_HOOK(real_valloc, RECLOG_CALL_VALLOC, (size), size, page_size());
}

EXPORT void *pvalloc(size_t size)
{
    size_t page = page_size();
    size_t rounded = (size + page - 1) & ~(page - 1);
    ALIGNED_HOOK(real_pvalloc, RECLOG_CALL_PVALLOC, (size), rounded, page);
}

EXPORT int posix_memalign(void **out, size_t align, size_t size)
{
    ensure_started();
    if (real_posix_memalign == NULL) {
        void *p = boot_alloc(size, align);
        if (p == NULL)
            return ENOMEM;
        *out = p;
        return 0;
    }
    if (!hook_enter())
        return real_posix_memalign(out, align, size);
    int rc = real_posix_memalign(out, align, size);
    if (rc == 0)
        log_put(RECLOG_ALLOC, RECLOG_CALL_POSIX_MEMALIGN, size, *out, NULL);
    hook_leave();
    return rc;
}
