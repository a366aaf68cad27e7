/*
 * shrink.c - the smallest trace that fails the same way (see shrink.h).
 *
 * The trace being shrunk is held as a list of operations on blocks: a
 * block is one lifetime of an id, from its alloc to its free. A candidate
 * is a subset of those operations, made well-formed before it is run: an
 * operation whose block's alloc was left out is dropped with it, a write
 * is cut to its block's current size, and ids are given out afresh (the
 * id most recently freed first, so they stay dense and few). Whenever a
 * candidate fails the same way, it becomes the trace being shrunk.
 */
#include "shrink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "failure.h"

#define HEADER_LINES 4
#define NO_ID UINT32_MAX
#define MAX_ROUNDS 3      /* rounds of (ops, blocks) ddmin while one shrinks */
#define SEEN_SLOTS 65536  /* candidates remembered as not failing (a power of 2) */

/* One operation of the trace being shrunk. */
struct mop {
    size_t size;
    size_t block;         /* which lifetime of an id it belongs to */
    char kind;
};

struct shrinker {
    const struct mm_api *mm;
    struct run_options run;
    struct failure want;
    double deadline;           /* monotonic seconds; 0 = none      */
    bool out_of_time;
    size_t runs;               /* candidates run                    */
    struct mop *ops;           /* the smallest failing trace so far */
    size_t n, num_blocks;
    struct trace cand;         /* the candidate being run           */
    size_t cap;                /* ops the scratch arrays hold       */
    uint32_t *block_id;        /* per block: its id in cand, or NO_ID */
    size_t *block_size;        /* per block: its size in cand       */
    uint32_t *free_ids;        /* ids freed in cand, a stack        */
    size_t *pick;              /* indices of the ops of a candidate */
    size_t *kept_from;         /* per op of cand: its index in pick */
    struct trace_result result;  /* of the last candidate run       */
    int stdout_fd, stderr_fd;  /* saved while candidates run        */
    uint64_t *seen;            /* hashes of candidates that did not fail
                                  the same way (0 = empty slot)     */
    size_t num_seen;
};

static double now_secs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p == NULL) {
        fprintf(stderr, "mdriver: --shrink: out of memory\n");
        exit(2);
    }
    return p;
}

/* Sizes the scratch arrays for n ops (and as many blocks). */
static void reserve(struct shrinker *s, size_t n)
{
    if (n <= s->cap)
        return;
    free(s->cand.ops);
    free(s->cand.lines);
    free(s->block_id);
    free(s->block_size);
    free(s->free_ids);
    free(s->pick);
    free(s->kept_from);
    s->cand.ops = xcalloc(n, sizeof *s->cand.ops);
    s->cand.lines = xcalloc(n, sizeof *s->cand.lines);
    s->block_id = xcalloc(n, sizeof *s->block_id);
    s->block_size = xcalloc(n, sizeof *s->block_size);
    s->free_ids = xcalloc(n, sizeof *s->free_ids);
    s->pick = xcalloc(n, sizeof *s->pick);
    s->kept_from = xcalloc(n, sizeof *s->kept_from);
    for (size_t b = 0; b < n; b++)
        s->block_id[b] = NO_ID;
    s->cap = n;
}

/* Makes t's operations the trace being shrunk. */
static void load(struct shrinker *s, const struct trace *t, size_t num_ops)
{
    reserve(s, num_ops);
    size_t *current = xcalloc(t->num_ids, sizeof *current);
    struct mop *ops = xcalloc(num_ops, sizeof *ops);
    size_t blocks = 0;
    for (size_t i = 0; i < num_ops; i++) {
        const struct trace_op *op = &t->ops[i];
        if (op->kind == TRACE_ALLOC)
            current[op->id] = blocks++;
        ops[i] = (struct mop){ .size = op->size, .block = current[op->id], .kind = op->kind };
    }
    free(current);
    free(s->ops);
    s->ops = ops;
    s->n = num_ops;
    s->num_blocks = blocks;
}

/* Builds s->cand from ops pick[0..k) of the trace being shrunk (in order),
 * dropping those of blocks not allocated in it. */
static void materialize(struct shrinker *s, const size_t *pick, size_t k)
{
    struct trace *t = &s->cand;
    size_t n = 0, ids = 0, free_top = 0, live = 0;
    t->peak_live = 0;
    for (size_t j = 0; j < k; j++) {
        const struct mop *m = &s->ops[pick[j]];
        uint32_t id = s->block_id[m->block];
        size_t size = m->size;
        if (m->kind == TRACE_ALLOC) {
            id = free_top > 0 ? s->free_ids[--free_top] : (uint32_t)ids++;
            s->block_id[m->block] = id;
        } else if (id == NO_ID) {
            continue;
        }
        switch (m->kind) {
        case TRACE_ALLOC:
        case TRACE_REALLOC:
            live += size - (m->kind == TRACE_REALLOC ? s->block_size[m->block] : 0);
            s->block_size[m->block] = size;
            break;
        case TRACE_FREE:
            live -= s->block_size[m->block];
            s->free_ids[free_top++] = id;
            s->block_id[m->block] = NO_ID;
            break;
        case TRACE_WRITE:
            if (size > s->block_size[m->block])
                size = s->block_size[m->block];
            break;
        }
        if (live > t->peak_live)
            t->peak_live = live;
        t->ops[n] = (struct trace_op){ .size = size, .id = id, .kind = m->kind };
        t->lines[n] = (uint32_t)(HEADER_LINES + n + 1);
        s->kept_from[n] = j;
        n++;
    }
    for (size_t j = 0; j < k; j++)      /* blocks still live: forget them */
        s->block_id[s->ops[pick[j]].block] = NO_ID;
    t->num_ops = n;
    t->num_ids = ids;
    t->peak_live_aligned = t->peak_live;
}

/* Sends the candidates' output (a checker's report, a libc abort message)
 * to /dev/null, or brings the driver's own back. */
static void quiet(struct shrinker *s, bool on)
{
    fflush(stdout);
    fflush(stderr);
    if (on) {
        int null = open("/dev/null", O_WRONLY);
        s->stdout_fd = dup(STDOUT_FILENO);
        s->stderr_fd = dup(STDERR_FILENO);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            close(null);
        }
    } else {
        dup2(s->stdout_fd, STDOUT_FILENO);
        dup2(s->stderr_fd, STDERR_FILENO);
        close(s->stdout_fd);
        close(s->stderr_fd);
    }
}

/* The run options of a candidate: -c, -s, and no run past the deadline. */
static struct run_options bounded(const struct shrinker *s)
{
    struct run_options run = s->run;
    double left = s->deadline - now_secs();
    if (s->deadline > 0 && (run.timeout_secs == 0 || run.timeout_secs > left + 1))
        run.timeout_secs = left > 0 ? (unsigned)left + 1 : 1;
    return run;
}

/* A hash of s->cand's operations, never 0. */
static uint64_t cand_hash(const struct shrinker *s)
{
    uint64_t h = 0xcbf29ce484222325u ^ s->cand.num_ops;
    for (size_t i = 0; i < s->cand.num_ops; i++) {
        const struct trace_op *op = &s->cand.ops[i];
        h = (h ^ ((uint64_t)op->size * 31 + op->id)) * 0x100000001b3u;
        h = (h ^ (unsigned char)op->kind) * 0x100000001b3u;
    }
    return h ? h : 1;
}

/* Finds hash h among the candidates seen; adds it when add is set. */
static bool seen(struct shrinker *s, uint64_t h, bool add)
{
    size_t mask = SEEN_SLOTS - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        if (s->seen[i] == h)
            return true;
        if (s->seen[i] == 0) {
            if (add && s->num_seen < SEEN_SLOTS / 2) {
                s->seen[i] = h;
                s->num_seen++;
            }
            return false;
        }
    }
}

/* Runs s->cand; true when it fails the way sought. */
static bool run_candidate(struct shrinker *s)
{
    uint64_t h = cand_hash(s);
    if (seen(s, h, false))
        return false;
    if (s->deadline > 0 && now_secs() > s->deadline) {
        s->out_of_time = true;
        return false;
    }
    struct run_options run = bounded(s);
    s->runs++;
    quiet(s, true);
    run_trace(&s->cand, s->mm, NULL, &run, &s->result);
    quiet(s, false);
    struct failure got;
    failure_classify(&s->result, &got);
    if (failure_same(&got, &s->want))
        return true;
    seen(s, h, true);
    return false;
}

/* When s->cand fails the same way, it becomes the trace being shrunk. */
static bool keep_if_fails(struct shrinker *s)
{
    if (!run_candidate(s))
        return false;
    struct trace kept = s->cand;
    load(s, &kept, kept.num_ops);
    return true;
}

/* Tries the ops pick[0..k) of the trace being shrunk. */
static bool try_ops(struct shrinker *s, const size_t *pick, size_t k)
{
    materialize(s, pick, k);
    return keep_if_fails(s);
}

/* Makes s->cand the whole trace being shrunk. */
static void materialize_all(struct shrinker *s)
{
    for (size_t i = 0; i < s->n; i++)
        s->pick[i] = i;
    materialize(s, s->pick, s->n);
}

static bool try_all(struct shrinker *s)
{
    materialize_all(s);
    return keep_if_fails(s);
}

/* ddmin over units: unit_of[i] is the unit of op i, units are 0..units-1.
 * Candidates keep whole units; a failing one is kept (try_ops). */
static void ddmin(struct shrinker *s, const size_t *unit_of, size_t units)
{
    size_t *cur = xcalloc(units, sizeof *cur), *trial = xcalloc(units, sizeof *trial);
    bool *in = xcalloc(units, sizeof *in);
    size_t n_ops = s->n;
    size_t *op_unit = xcalloc(n_ops, sizeof *op_unit), *picked = xcalloc(n_ops, sizeof *picked);
    memcpy(op_unit, unit_of, n_ops * sizeof *op_unit);
    for (size_t u = 0; u < units; u++)
        cur[u] = u;
    size_t n = units, g = 2;
    while (n >= 2 && !s->out_of_time) {
        if (g > n)
            g = n;
        bool reduced = false;
        for (int complement = 0; complement < 2 && !reduced; complement++) {
            if (complement && g == 2)   /* the complements are the halves */
                break;
            for (size_t i = 0; i < g && !reduced && !s->out_of_time; i++) {
                size_t lo = i * n / g, hi = (i + 1) * n / g, m = 0;
                for (size_t j = 0; j < n; j++)
                    if ((j >= lo && j < hi) != (complement != 0))
                        trial[m++] = cur[j];
                if (m == 0 || m == n)
                    continue;
                for (size_t j = 0; j < m; j++)
                    in[trial[j]] = true;
                size_t k = 0;
                for (size_t op = 0; op < n_ops; op++)
                    if (in[op_unit[op]]) {
                        picked[k] = op_unit[op];
                        s->pick[k++] = op;
                    }
                for (size_t j = 0; j < m; j++)
                    in[trial[j]] = false;
                if (!try_ops(s, s->pick, k))
                    continue;
                /* s->ops is now the candidate: map its ops to their units,
                 * and keep the units that still have an op */
                n_ops = s->n;
                for (size_t op = 0; op < n_ops; op++) {
                    op_unit[op] = picked[s->kept_from[op]];
                    in[op_unit[op]] = true;
                }
                n = 0;
                for (size_t j = 0; j < m; j++)
                    if (in[trial[j]])
                        cur[n++] = trial[j];
                for (size_t op = 0; op < n_ops; op++)
                    in[op_unit[op]] = false;
                g = complement ? (g > 3 ? g - 1 : 2) : 2;
                reduced = true;
            }
        }
        if (!reduced) {
            if (g >= n)
                break;
            g = 2 * g < n ? 2 * g : n;
        }
    }
    free(cur);
    free(trial);
    free(in);
    free(op_unit);
    free(picked);
}

static void ddmin_ops(struct shrinker *s)
{
    size_t *unit_of = xcalloc(s->n, sizeof *unit_of);
    for (size_t i = 0; i < s->n; i++)
        unit_of[i] = i;
    ddmin(s, unit_of, s->n);
    free(unit_of);
}

static void ddmin_blocks(struct shrinker *s)
{
    size_t *unit_of = xcalloc(s->n, sizeof *unit_of);
    for (size_t i = 0; i < s->n; i++)
        unit_of[i] = s->ops[i].block;
    ddmin(s, unit_of, s->num_blocks);
    free(unit_of);
}

/* Lowers each size as far as the failure persists: all at once to the
 * least first, then each by bisection. */
static void lower_sizes(struct shrinker *s)
{
    size_t *was = xcalloc(s->n, sizeof *was);
    for (size_t i = 0; i < s->n; i++) {
        was[i] = s->ops[i].size;
        s->ops[i].size = s->ops[i].kind == TRACE_WRITE ? 0 : s->ops[i].size > 0;
    }
    bool all = try_all(s);
    if (!all)
        for (size_t i = 0; i < s->n; i++)
            s->ops[i].size = was[i];
    free(was);
    for (size_t i = 0; !all && i < s->n && !s->out_of_time; i++) {
        struct mop *m = &s->ops[i];
        if (m->kind == TRACE_FREE)
            continue;
        size_t lo = m->kind == TRACE_WRITE ? 0 : m->size > 0, hi = m->size;
        bool first = true;
        while (lo < hi && !s->out_of_time) {
            size_t mid = first ? lo : lo + (hi - lo) / 2;   /* the least first */
            first = false;
            s->ops[i].size = mid;
            if (try_all(s))
                hi = mid;
            else
                lo = mid + 1;
            s->ops[i].size = hi;
        }
    }
    materialize_all(s);
}

/* The bytes a trace asks for, over all its allocs and reallocs. */
static size_t requested(const struct trace *t)
{
    size_t sum = 0;
    for (size_t i = 0; i < t->num_ops; i++)
        if (t->ops[i].kind == TRACE_ALLOC || t->ops[i].kind == TRACE_REALLOC)
            sum += t->ops[i].size;
    return sum;
}

/* "N ops, N ids, N bytes requested, peak live N bytes" */
static void describe(const struct trace *t, char *buf, size_t len)
{
    snprintf(buf, len, "%zu ops, %zu ids, %zu bytes requested, peak live %zu bytes",
             t->num_ops, t->num_ids, requested(t), t->peak_live);
}

static void default_out(const char *in, char *buf, size_t len)
{
    const char *slash = strrchr(in, '/');
    const char *name = slash != NULL ? slash + 1 : in;
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, ".rep") == 0)
        n -= 4;
    snprintf(buf, len, "%.*s-shrunk.rep", (int)n, name);
}

static int write_trace(const char *path, const struct trace *t)
{
    FILE *f = fopen(path, "w");
    int rc = f == NULL ? -1 : trace_write(f, t->num_ids, t->ops, t->num_ops);
    if (f != NULL && fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "mdriver: cannot write %s: %s\n", path, strerror(errno));
    return rc;
}

/* Runs the original trace; fills s->want. Returns 1 when it is valid. */
static int first_run(struct shrinker *s, const struct trace *t, char *fails, size_t len)
{
    s->run.time_it = false;
    struct trace_result r;
    struct run_options run = bounded(s);
    s->run.timeout_secs = run.timeout_secs;   /* the limit it failed under */
    quiet(s, true);
    run_trace(t, s->mm, NULL, &run, &r);
    if (r.status == RUN_VALID) {      /* a failure in the timed replays? */
        s->run.time_it = run.time_it = true;
        run_trace(t, s->mm, NULL, &run, &r);
    }
    quiet(s, false);
    failure_classify(&r, &s->want);
    snprintf(fails, len, "%s: %s", run_status_name(r.status), r.message);
    load(s, t, t->num_ops);
    if (r.status == RUN_VALID)
        return 1;
    /* Nothing after the failing op of the correctness pass matters. */
    if (!s->run.time_it && r.fail_op > 0 && r.fail_op < t->num_ops) {
        for (size_t i = 0; i < r.fail_op; i++)
            s->pick[i] = i;
        try_ops(s, s->pick, r.fail_op);
    }
    return 0;
}

static void search(struct shrinker *s)
{
    if (try_ops(s, s->pick, 0)) {     /* no op at all (mm_init fails) */
        printf("  the empty trace fails the same way\n");
        return;
    }
    for (int round = 0; round < MAX_ROUNDS && !s->out_of_time; round++) {
        size_t before = s->n;
        ddmin_ops(s);
        size_t after_ops = s->n;
        ddmin_blocks(s);
        printf("  ddmin round %d: %zu ops; over operations -> %zu, over blocks -> %zu\n",
               round + 1, before, after_ops, s->n);
        fflush(stdout);
        if (s->n == before)
            break;
    }
    materialize_all(s);
    for (int round = 0; round < MAX_ROUNDS && !s->out_of_time; round++) {
        size_t before = requested(&s->cand);
        lower_sizes(s);
        if (requested(&s->cand) == before)
            break;
    }
    if (!s->out_of_time)
        printf("  sizes lowered: %zu bytes requested\n", requested(&s->cand));
}

int shrink_main(const struct shrink_options *o, enum trace_dialect dialect,
                const struct run_options *run, const struct mm_api *mm)
{
    char err[RUN_MESSAGE_MAX], fails[RUN_MESSAGE_MAX + 32], out[4096], before[200], after[200];
    struct trace t;
    if (trace_read(o->in, dialect, ALIGNMENT, &t, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    snprintf(out, sizeof out, "%s", o->out != NULL ? o->out : "");
    if (o->out == NULL)
        default_out(o->in, out, sizeof out);
    struct shrinker s = { .mm = mm, .run = *run };
    s.seen = xcalloc(SEEN_SLOTS, sizeof *s.seen);
    s.run.series_dir = NULL;
    s.run.footprint = NULL;
    s.run.no_fork = false;
    s.cand.path = out;
    s.cand.name = out;
    s.cand.weight = TRACE_WEIGHT_BOTH;
    s.cand.dialect = TRACE_DIALECT_CSAPP;
    double start = now_secs();
    if (o->total_secs > 0)
        s.deadline = start + o->total_secs;
    describe(&t, before, sizeof before);
    int valid = first_run(&s, &t, fails, sizeof fails);
    int rc = 0;
    char name[64];
    if (valid) {
        printf("%s: nothing to shrink: the trace is valid with %s (%s)\n", o->in, mm->name, before);
        rc = 1;
    } else if (s.want.class_ == FAILURE_OTHER) {
        printf("%s: %s\nmdriver: --shrink: this failure cannot be reproduced in a child\n",
               o->in, fails);
        rc = 2;
    } else {
        printf("%s fails (%s): %s\n", o->in, failure_name(&s.want, name, sizeof name), fails);
        if (s.n < t.num_ops)
            printf("  cut after the failing op: %zu ops\n", s.n);
        fflush(stdout);
        search(&s);
        if (write_trace(out, &s.cand) != 0) {
            rc = 2;
        } else {
            describe(&s.cand, after, sizeof after);
            printf("before: %s\nafter:  %s\n", before, after);
            printf("%zu candidates in %.1f s%s\n", s.runs, now_secs() - start,
                   s.out_of_time ? " (stopped at the time limit, --shrink-time)" : "");
            rc = 0;
        }
    }
    if (rc == 0) {
        struct trace back;
        struct failure got;
        if (trace_read(out, TRACE_DIALECT_AUTO, ALIGNMENT, &back, err, sizeof err) != 0) {
            fprintf(stderr, "mdriver: --shrink wrote a trace it cannot read: %s\n", err);
            rc = 2;
        } else {
            quiet(&s, true);
            run_trace(&back, mm, NULL, &s.run, &s.result);
            quiet(&s, false);
            failure_classify(&s.result, &got);
            printf("%s fails (%s): %s: %s\n", out, failure_name(&got, name, sizeof name),
                   run_status_name(s.result.status), s.result.message);
            if (!failure_same(&got, &s.want)) {
                printf("mdriver: --shrink: the shrunk trace does not fail the same way "
                       "(is the allocator deterministic?)\n");
                rc = 2;
            }
            trace_free(&back);
        }
        char limit[32] = "";
        if (s.run.timeout_secs != TRACE_TIMEOUT)     /* the limit it failed under */
            snprintf(limit, sizeof limit, " -s %u", s.run.timeout_secs);
        char check[32];
        printf("replay it: %s%s%s -f %s\n", o->driver, run_check_flag(run, check, sizeof check),
               limit, out);
    }
    free(s.ops);
    free(s.cand.ops);
    free(s.cand.lines);
    free(s.block_id);
    free(s.block_size);
    free(s.free_ids);
    free(s.pick);
    free(s.kept_from);
    free(s.seen);
    trace_free(&t);
    return rc;
}
