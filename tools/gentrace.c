/*
 * gentrace - synthetic .rep traces of the patterns known to trouble
 * allocators. The output depends only on the flags: same flags and seed,
 * same bytes (the generator has its own random number generator).
 *
 *   gentrace -p PATTERN [-s SEED] [-n OPS] [-l LIVE] [-M MAXSIZE] [-o FILE]
 *
 * Every trace is balanced: once about OPS operations are made, every block
 * still live is freed (in random order), so the final count is OPS plus
 * the blocks live at that point. Patterns (flags that matter in brackets):
 *
 *   random    random sizes (log-uniform, 1..MAXSIZE) and random lifetimes:
 *             the live count hovers around LIVE; 10% of the ops are
 *             reallocs to a new random size.              [-n -l -M]
 *   binary    rounds of: small and large blocks allocated in alternation,
 *             the large ones freed, then blocks a little larger than the
 *             large ones: no hole fits them unless the allocator kept the
 *             small blocks apart.                          [-n -l]
 *   coalesce  runs of equal blocks separated by long-lived fences; the runs
 *             are freed in random order, then refilled with blocks that
 *             only fit where the neighbours were merged.   [-n -l]
 *   realloc   growth by realloc: a vector doubling, a string appended in
 *             small steps, several buffers growing at once in turn, with
 *             small short-lived blocks allocated between the steps.  [-n]
 *   ramp      Wilson's phases: a ramp (steady allocation, few frees), a
 *             peak (a burst of short-lived blocks freed together), a
 *             plateau (long-lived set with churn); sizes from a few
 *             per-trace "types", as in real programs.     [-n -l]
 *   tiny      many tiny objects (1..32 bytes, most 8..24), allocated in
 *             batches and freed half at random, half in list order. [-n -l]
 *   huge      a few huge blocks (1..32 MiB; one grown by realloc up to
 *             64 MiB) among small ones. Peak live data under 128 MiB. [-n]
 *   scale     exactly LIVE live blocks (sizes 8..256): LIVE allocations,
 *             then OPS ops of churn (a free and an allocation, at random;
 *             OPS default 2*LIVE), then LIVE frees: 4*LIVE ops by default.
 *             For the scaling benchmark: -l 1000 .. -l 1000000. [-n -l]
 *             Every free hits a random one of LIVE blocks, so at 1e5 and
 *             more the replay is bound by cache and TLB misses.
 *   young     LIVE long-lived blocks and a young generation of YOUNG
 *             (1000) blocks: LIVE allocations, then OPS ops of churn
 *             (default 2*LIVE) in which a random young block is freed and
 *             a new one allocated, then the long-lived blocks freed in
 *             the order they were made. Sizes 8..256. The scaling
 *             benchmark's view of the allocator's own cost: a churn op
 *             touches only young blocks, whatever LIVE is, and the ramp
 *             and teardown touch each long-lived block once. [-n -l]
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers: splitmix64, fixed across platforms --------------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static uint64_t rng_range(uint64_t lo, uint64_t hi)
{
    return lo + rng_next() % (hi - lo + 1);
}

/* 1 with probability num/den. */
static int rng_chance(unsigned num, unsigned den)
{
    return rng_next() % den < num;
}

/* Log-uniform in [lo, hi]: as many sizes 1..10 as 100..1000. Computed in
 * integers (no libm rounding differences between machines). */
static uint64_t rng_log_size(uint64_t lo, uint64_t hi)
{
    int lo_bits = 63 - __builtin_clzll(lo | 1);
    int hi_bits = 63 - __builtin_clzll(hi | 1);
    int bits = (int)rng_range((uint64_t)lo_bits, (uint64_t)hi_bits);
    uint64_t base = 1ULL << bits;
    uint64_t size = base + rng_next() % base;
    if (size < lo)
        size = lo;
    if (size > hi)
        size = hi;
    return size;
}

/* ---- the trace being built -------------------------------------------- */

struct op {
    uint64_t size;
    uint32_t id;
    char kind;
};

static struct op *ops;
static size_t num_ops, cap_ops;
static uint32_t num_ids;
static uint32_t *free_ids;           /* stack of reusable ids */
static size_t num_free_ids, cap_free_ids;
static uint32_t *live;               /* live ids, in no order */
static size_t num_live, cap_live;
static size_t *live_pos;             /* id -> index in live[] */
static uint64_t *block_size;         /* id -> size */
static size_t cap_ids;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (q == NULL) {
        fprintf(stderr, "gentrace: out of memory\n");
        exit(2);
    }
    return q;
}

static void emit(char kind, uint32_t id, uint64_t size)
{
    if (num_ops == cap_ops) {
        cap_ops = cap_ops ? 2 * cap_ops : 65536;
        ops = xrealloc(ops, cap_ops * sizeof *ops);
    }
    ops[num_ops].kind = kind;
    ops[num_ops].id = id;
    ops[num_ops].size = size;
    num_ops++;
}

static uint32_t block_alloc(uint64_t size)
{
    uint32_t id;
    if (num_free_ids > 0) {
        id = free_ids[--num_free_ids];
    } else {
        id = num_ids++;
        if (num_ids > cap_ids) {
            cap_ids = cap_ids ? 2 * cap_ids : 4096;
            live_pos = xrealloc(live_pos, cap_ids * sizeof *live_pos);
            block_size = xrealloc(block_size, cap_ids * sizeof *block_size);
            free_ids = xrealloc(free_ids, cap_ids * sizeof *free_ids);
            cap_free_ids = cap_ids;
        }
    }
    if (num_live == cap_live) {
        cap_live = cap_live ? 2 * cap_live : 4096;
        live = xrealloc(live, cap_live * sizeof *live);
    }
    live_pos[id] = num_live;
    live[num_live++] = id;
    block_size[id] = size;
    emit('a', id, size);
    return id;
}

static void block_free(uint32_t id)
{
    size_t i = live_pos[id];
    uint32_t last = live[--num_live];
    live[i] = last;
    live_pos[last] = i;
    free_ids[num_free_ids++] = id;
    emit('f', id, 0);
}

static void block_realloc(uint32_t id, uint64_t size)
{
    block_size[id] = size;
    emit('r', id, size);
}

static uint32_t random_live(void)
{
    return live[rng_next() % num_live];
}

static void free_all_random(void)
{
    while (num_live > 0)
        block_free(random_live());
}

/* Frees the ids in list[0..n-1] (in that order) that the caller kept. */
static void free_list(const uint32_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        block_free(list[i]);
}

static void shuffle(uint32_t *a, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_next() % i;
        uint32_t t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

/* ---- patterns --------------------------------------------------------- */

struct params {
    size_t ops;
    size_t live;
    uint64_t max_size;
};

static void gen_random(const struct params *p)
{
    while (num_ops < p->ops) {
        unsigned pct_alloc = num_live >= 2 * p->live ? 10
                           : (unsigned)(90 - 80 * num_live / (2 * p->live));
        if (num_live == 0 || rng_chance(pct_alloc, 100)) {
            block_alloc(rng_log_size(1, p->max_size));
        } else if (rng_chance(1, 5)) {
            block_realloc(random_live(), rng_log_size(1, p->max_size));
        } else {
            block_free(random_live());
        }
    }
}

static void gen_binary(const struct params *p)
{
    static const uint64_t pairs[][2] = {
        {64, 448}, {16, 112}, {24, 200}, {8, 56}, {40, 1000}};
    uint32_t *large = xrealloc(NULL, p->live * sizeof *large);
    uint32_t *small = xrealloc(NULL, p->live * sizeof *small);
    while (num_ops < p->ops) {
        const uint64_t *pair = pairs[rng_next() % 5];
        size_t n = (size_t)rng_range(p->live / 2 + 1, p->live);
        for (size_t i = 0; i < n; i++) {
            small[i] = block_alloc(pair[0]);
            large[i] = block_alloc(pair[1]);
        }
        free_list(large, n);
        uint64_t bigger = pair[1] + pair[0];
        for (size_t i = 0; i < n; i++)
            large[i] = block_alloc(bigger);
        /* free in an order that mixes both kinds */
        for (size_t i = 0; i < n; i++) {
            block_free(small[i]);
            block_free(large[i]);
        }
    }
    free(large);
    free(small);
}

static void gen_coalesce(const struct params *p)
{
    size_t cap = p->live + 64;
    uint32_t *runs = xrealloc(NULL, cap * sizeof *runs);
    uint32_t *fences = xrealloc(NULL, cap * sizeof *fences);
    while (num_ops < p->ops) {
        uint64_t size = rng_range(2, 32) * 8;
        size_t run = (size_t)rng_range(2, 8);
        size_t groups = p->live / (run + 1) + 1;
        size_t n = 0, nf = 0;
        for (size_t g = 0; g < groups; g++) {
            for (size_t i = 0; i < run; i++)
                runs[n++] = block_alloc(size);
            fences[nf++] = block_alloc(rng_range(1, 4) * 8);
        }
        shuffle(runs, n);
        free_list(runs, n);
        /* each merged run of `run` blocks now takes one block that needs
         * all of it (less a little, for the headers it no longer needs) */
        uint64_t merged = size * run - rng_range(0, size / 2);
        for (size_t g = 0; g < groups; g++)
            runs[g] = block_alloc(merged);
        shuffle(runs, groups);
        free_list(runs, groups);
        shuffle(fences, nf);
        free_list(fences, nf);
    }
    free(runs);
    free(fences);
}

/* One step of "something else is allocated meanwhile": short-lived small
 * blocks that pin the space right after a growing buffer. */
static void interleave_small(uint32_t *pins, size_t *npins, size_t max_pins)
{
    if (*npins < max_pins && rng_chance(1, 2))
        pins[(*npins)++] = block_alloc(rng_range(1, 8) * 8);
    else if (*npins > 0 && rng_chance(1, 2)) {
        size_t i = rng_next() % *npins;
        block_free(pins[i]);
        pins[i] = pins[--*npins];
    }
}

static void gen_realloc(const struct params *p)
{
    enum { MAX_PINS = 64, MAX_GROUP = 8 };
    uint32_t pins[MAX_PINS];
    size_t npins = 0;
    while (num_ops < p->ops) {
        switch (rng_next() % 3) {
        case 0: { /* a vector doubling */
            uint64_t size = rng_range(1, 8) * 16;
            uint64_t limit = 1ULL << rng_range(14, 20);
            uint32_t v = block_alloc(size);
            while (size < limit) {
                size *= 2;
                block_realloc(v, size);
                interleave_small(pins, &npins, MAX_PINS);
            }
            block_free(v);
            break;
        }
        case 1: { /* a string appended in small steps */
            uint64_t size = rng_range(1, 16);
            uint64_t limit = rng_range(512, 16384);
            uint32_t s = block_alloc(size);
            while (size < limit) {
                size += rng_range(1, 32);
                block_realloc(s, size);
                if (rng_chance(1, 4))
                    interleave_small(pins, &npins, MAX_PINS);
            }
            block_free(s);
            break;
        }
        default: { /* several buffers growing at once, in turn */
            size_t g = (size_t)rng_range(2, MAX_GROUP);
            uint32_t ids[MAX_GROUP];
            uint64_t sizes[MAX_GROUP];
            for (size_t i = 0; i < g; i++) {
                sizes[i] = rng_range(8, 64);
                ids[i] = block_alloc(sizes[i]);
            }
            size_t steps = (size_t)rng_range(50, 400);
            for (size_t k = 0; k < steps; k++) {
                size_t i = rng_next() % g;
                sizes[i] += rng_range(8, 256);
                block_realloc(ids[i], sizes[i]);
                if (rng_chance(1, 8))
                    interleave_small(pins, &npins, MAX_PINS);
            }
            for (size_t i = 0; i < g; i++)
                block_free(ids[i]);
            break;
        }
        }
    }
}

static void gen_ramp(const struct params *p)
{
    enum { TYPES = 8 };
    uint64_t type_size[TYPES];
    for (int i = 0; i < TYPES; i++)
        type_size[i] = rng_log_size(8, i < 6 ? 256 : 8192);
    /* long-lived "plateau" blocks stay in this list */
    uint32_t *burst = xrealloc(NULL, (p->live + 1) * sizeof *burst);
    while (num_ops < p->ops) {
        /* ramp: live grows to ~LIVE, 1 free per 8 allocations */
        size_t target = num_live + p->live;
        while (num_live < target && num_ops < p->ops) {
            block_alloc(type_size[rng_next() % TYPES]);
            if (rng_chance(1, 8))
                block_free(random_live());
        }
        /* peak: a burst of short-lived blocks, freed together */
        size_t n = (size_t)rng_range(p->live / 2 + 1, p->live);
        uint64_t peak_size = type_size[rng_next() % TYPES];
        for (size_t i = 0; i < n; i++)
            burst[i] = block_alloc(peak_size + rng_range(0, 3) * 8);
        free_list(burst, n);
        /* plateau: churn at a constant level */
        size_t steps = 2 * p->live;
        for (size_t i = 0; i < steps && num_live > 0; i++) {
            block_free(random_live());
            block_alloc(type_size[rng_next() % TYPES]);
        }
        /* fall: most of the structure is released */
        while (num_live > p->live / 4)
            block_free(random_live());
    }
    free(burst);
}

static void gen_tiny(const struct params *p)
{
    uint32_t *batch = xrealloc(NULL, p->live * sizeof *batch);
    while (num_ops < p->ops) {
        size_t n = (size_t)rng_range(p->live / 4 + 1, p->live);
        for (size_t i = 0; i < n; i++)
            batch[i] = block_alloc(rng_chance(4, 5) ? rng_range(8, 24)
                                                    : rng_range(1, 32));
        if (rng_chance(1, 2)) {
            /* a list torn down in order */
            free_list(batch, n);
        } else {
            /* half freed at random, the rest later */
            shuffle(batch, n);
            free_list(batch, n / 2);
        }
        while (num_live > 2 * p->live)
            block_free(random_live());
    }
    free(batch);
}

static void gen_huge(const struct params *p)
{
    const uint64_t MiB = 1 << 20;
    const uint64_t huge_budget = 96 * MiB; /* live huge bytes at most */
    uint64_t huge_live = 0;
    uint32_t huge_ids[16];
    uint64_t huge_sizes[16];
    size_t nhuge = 0;
    size_t events = 0;
    while (num_ops < p->ops) {
        /* small churn around ~LIVE small blocks */
        for (int k = 0; k < 200 && num_ops < p->ops; k++) {
            if (num_live <= nhuge || rng_chance(1, 2))
                block_alloc(rng_log_size(8, 512));
            else {
                uint32_t id = random_live();
                int is_huge = 0;
                for (size_t i = 0; i < nhuge; i++)
                    is_huge |= huge_ids[i] == id;
                if (!is_huge)
                    block_free(id);
            }
        }
        events++;
        if (events % 3 == 0 && nhuge > 0 && rng_chance(1, 2)) {
            size_t i = rng_next() % nhuge;
            huge_live -= huge_sizes[i];
            block_free(huge_ids[i]);
            huge_ids[i] = huge_ids[nhuge - 1];
            huge_sizes[i] = huge_sizes[nhuge - 1];
            nhuge--;
        } else if (events % 3 == 1 && nhuge < 16) {
            uint64_t size = rng_range(1, 32) * MiB + rng_range(0, 4095);
            if (huge_live + size <= huge_budget) {
                huge_ids[nhuge] = block_alloc(size);
                huge_sizes[nhuge++] = size;
                huge_live += size;
            }
        } else if (events % 3 == 2 && nhuge > 0) {
            /* grow one huge block, up to 64 MiB */
            size_t i = rng_next() % nhuge;
            uint64_t size = huge_sizes[i] + huge_sizes[i] / 2;
            if (size <= 64 * MiB &&
                huge_live + size - huge_sizes[i] <= huge_budget) {
                huge_live += size - huge_sizes[i];
                huge_sizes[i] = size;
                block_realloc(huge_ids[i], size);
            }
        }
    }
}

static void gen_scale(const struct params *p)
{
    for (size_t i = 0; i < p->live; i++)
        block_alloc(rng_log_size(8, 256));
    for (size_t i = 0; i < p->ops / 2; i++) {
        block_free(random_live());
        block_alloc(rng_log_size(8, 256));
    }
}

#define YOUNG 1000

static void gen_young(const struct params *p)
{
    uint32_t *old = xrealloc(NULL, p->live * sizeof *old);
    uint32_t young[YOUNG];
    for (size_t i = 0; i < p->live; i++)
        old[i] = block_alloc(rng_log_size(8, 256));
    for (size_t i = 0; i < YOUNG; i++)
        young[i] = block_alloc(rng_log_size(8, 256));
    for (size_t i = 0; i < p->ops / 2; i++) {
        size_t k = rng_next() % YOUNG;
        block_free(young[k]);
        young[k] = block_alloc(rng_log_size(8, 256));
    }
    free_list(old, p->live);
    free(old);
}

/* ---- main ------------------------------------------------------------- */

struct pattern {
    const char *name;
    void (*gen)(const struct params *);
    size_t default_ops;
    size_t default_live;
};

static const struct pattern patterns[] = {
    {"random", gen_random, 40000, 1000},
    {"binary", gen_binary, 40000, 4000},
    {"coalesce", gen_coalesce, 40000, 2000},
    {"realloc", gen_realloc, 40000, 0},
    {"ramp", gen_ramp, 60000, 4000},
    {"tiny", gen_tiny, 60000, 10000},
    {"huge", gen_huge, 20000, 0},
    {"scale", gen_scale, 0, 10000},
    {"young", gen_young, 0, 10000},
};
#define NUM_PATTERNS (sizeof patterns / sizeof patterns[0])

static void usage(FILE *out)
{
    fprintf(out,
            "usage: gentrace -p PATTERN [-s SEED] [-n OPS] [-l LIVE] "
            "[-M MAXSIZE] [-o FILE]\n"
            "patterns:");
    for (size_t i = 0; i < NUM_PATTERNS; i++)
        fprintf(out, " %s", patterns[i].name);
    fprintf(out, "\n(see the comment at the top of tools/gentrace.c or "
                 "tools/README.md)\n");
}

static int parse_count(const char *flag, const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end || end == s || s[0] == '-') {
        fprintf(stderr, "gentrace: %s wants a number, not '%s'\n", flag, s);
        return -1;
    }
    *v = x;
    return 0;
}

int main(int argc, char **argv)
{
    const char *name = NULL, *out = "-";
    uint64_t seed = 1, n_ops = 0, n_live = 0, max_size = 4096;
    int have_ops = 0, have_live = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (v == NULL) {
            fprintf(stderr, "gentrace: %s needs a value\n", a);
            return 2;
        }
        i++;
        if (strcmp(a, "-p") == 0) {
            name = v;
        } else if (strcmp(a, "-o") == 0) {
            out = v;
        } else if (strcmp(a, "-s") == 0) {
            if (parse_count(a, v, &seed))
                return 2;
        } else if (strcmp(a, "-n") == 0) {
            if (parse_count(a, v, &n_ops))
                return 2;
            have_ops = 1;
        } else if (strcmp(a, "-l") == 0) {
            if (parse_count(a, v, &n_live))
                return 2;
            have_live = 1;
        } else if (strcmp(a, "-M") == 0) {
            if (parse_count(a, v, &max_size))
                return 2;
        } else {
            fprintf(stderr, "gentrace: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    const struct pattern *pat = NULL;
    for (size_t i = 0; name != NULL && i < NUM_PATTERNS; i++)
        if (strcmp(name, patterns[i].name) == 0)
            pat = &patterns[i];
    if (pat == NULL) {
        if (name != NULL)
            fprintf(stderr, "gentrace: unknown pattern '%s'\n", name);
        usage(stderr);
        return 2;
    }
    struct params p;
    p.live = have_live ? (size_t)n_live : pat->default_live;
    p.ops = have_ops ? (size_t)n_ops
          : pat->default_ops ? pat->default_ops : 2 * p.live;
    p.max_size = max_size;
    if (p.live == 0 && pat->default_live != 0) {
        fprintf(stderr, "gentrace: -l must be at least 1\n");
        return 2;
    }
    if (max_size == 0 || max_size > (1ULL << 40)) {
        fprintf(stderr, "gentrace: -M must be 1..2^40\n");
        return 2;
    }
    if (p.ops > 100000000 || p.live > 10000000) {
        fprintf(stderr, "gentrace: at most 1e8 ops and 1e7 live blocks\n");
        return 2;
    }
    rng_state = seed;
    pat->gen(&p);
    free_all_random();

    FILE *f = strcmp(out, "-") == 0 ? stdout : fopen(out, "w");
    if (f == NULL) {
        fprintf(stderr, "%s: %s\n", out, strerror(errno));
        return 1;
    }
    fprintf(f, "0\n%u\n%zu\n1\n", num_ids ? num_ids : 1, num_ops);
    for (size_t i = 0; i < num_ops; i++) {
        if (ops[i].kind == 'f')
            fprintf(f, "f %u\n", ops[i].id);
        else
            fprintf(f, "%c %u %llu\n", ops[i].kind, ops[i].id,
                    (unsigned long long)ops[i].size);
    }
    if (fflush(f) != 0 || ferror(f) || (f != stdout && fclose(f) != 0)) {
        fprintf(stderr, "%s: %s\n", out, strerror(errno));
        return 1;
    }
    return 0;
}
