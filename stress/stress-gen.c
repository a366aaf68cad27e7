/*
 * stress-gen.c - writes a random, valid allocation trace (CS:APP dialect)
 * determined entirely by a seed, for the differential stress run
 * (stress/stress.sh, `make stress`).
 *
 * Usage: stress-gen SEED [--ops N] [--max-total BYTES] [--huge-max BYTES]
 *
 * What a trace has, all drawn from the seed:
 *   - sizes from four bands: small 1..64, medium 65..8 KiB, large
 *     8 KiB..256 KiB, huge 256 KiB..--huge-max (default 4 MiB), with band
 *     weights that differ from seed to seed; sizes at powers of two and
 *     one either side of them; now and then a request of 0 bytes;
 *   - random lifetimes: each block is given a death time (a few ops, a
 *     fraction of the trace, or never); due blocks are freed in random
 *     order, and blocks are also freed, reallocated or written at random;
 *   - realloc chains: a block reallocated several times in a row, growing
 *     (like a vector) or shrinking;
 *   - ids reused: a freed id is usually handed to a later allocation;
 *   - 'w' operations (the MIT 6.172 write op), within the block's size;
 *   - at the end, a random part of the live blocks is freed.
 * The sum of all requested bytes stays under --max-total (default 128 MiB)
 * so that even the naive allocator, which reuses nothing, fits in MAX_HEAP.
 *
 * The trace is valid by construction: it passes trace_read's checks.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct op {
    char kind;
    uint32_t id;
    size_t size;
};

struct live {
    uint32_t id;
    size_t size;
    size_t death;  /* op index at which it is due to be freed */
};

static uint64_t rng_state;

static uint64_t next64(void)  /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static size_t range(size_t lo, size_t hi)
{
    return lo + (size_t)(next64() % (uint64_t)(hi - lo + 1));
}

static bool chance(unsigned percent)
{
    return next64() % 100 < percent;
}

static struct op *ops;
static size_t nops, ops_cap;
static struct live *lv;
static size_t nlive, live_cap;
static uint32_t *free_ids;
static size_t nfree_ids, free_cap;
static uint32_t next_id;
static size_t total_requested, max_total, huge_max;
static unsigned band_weight[4];

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * elem);
    if (q == NULL) {
        fprintf(stderr, "stress-gen: out of memory\n");
        exit(2);
    }
    *cap = c;
    return q;
}

static void emit(char kind, uint32_t id, size_t size)
{
    ops = grow(ops, &ops_cap, nops + 1, sizeof *ops);
    ops[nops++] = (struct op){ .kind = kind, .id = id, .size = size };
    if (kind == 'a' || kind == 'r')
        total_requested += size;
}

static size_t draw_size(void)
{
    if (chance(1))
        return 0;
    if (chance(4)) {  /* a power of two, or one either side of it */
        size_t p = (size_t)1 << range(3, 16);
        return p - 1 + range(0, 2);
    }
    unsigned sum = band_weight[0] + band_weight[1] + band_weight[2] + band_weight[3];
    unsigned r = (unsigned)(next64() % sum);
    size_t s;
    if (r < band_weight[0])
        s = range(1, 64);
    else if (r < band_weight[0] + band_weight[1])
        s = range(65, 8192);
    else if (r < band_weight[0] + band_weight[1] + band_weight[2])
        s = range(8193, 256 << 10);
    else
        s = range((256 << 10) + 1, huge_max);
    /* Keep the naive allocator (which never reuses) inside the heap. */
    if (total_requested + s > max_total)
        s = range(1, 64);
    return s;
}

static size_t draw_lifetime(size_t target_ops)
{
    unsigned r = (unsigned)(next64() % 100);
    if (r < 35)
        return range(1, 8);
    if (r < 80)
        return range(8, target_ops / 4 + 8);
    return SIZE_MAX;  /* lives to the end, unless picked at random */
}

static void do_alloc(size_t now, size_t target_ops)
{
    uint32_t id;
    if (nfree_ids > 0 && chance(75)) {
        size_t k = range(0, nfree_ids - 1);
        id = free_ids[k];
        free_ids[k] = free_ids[--nfree_ids];
    } else {
        id = next_id++;
    }
    size_t size = draw_size();
    size_t life = draw_lifetime(target_ops);
    emit('a', id, size);
    lv = grow(lv, &live_cap, nlive + 1, sizeof *lv);
    lv[nlive++] = (struct live){ .id = id, .size = size,
                                 .death = life == SIZE_MAX ? SIZE_MAX : now + life };
}

static void do_free(size_t k)
{
    emit('f', lv[k].id, 0);
    free_ids = grow(free_ids, &free_cap, nfree_ids + 1, sizeof *free_ids);
    free_ids[nfree_ids++] = lv[k].id;
    lv[k] = lv[--nlive];
}

static void do_realloc_chain(size_t k)
{
    size_t links = range(1, 8);
    bool growing = chance(70);
    for (size_t i = 0; i < links; i++) {
        size_t s = lv[k].size;
        if (chance(15))
            s = draw_size();
        else if (growing)
            s = s + s / 2 + range(1, 64);
        else
            s = s / 2;
        if (total_requested + s > max_total)
            s = range(1, 64);
        emit('r', lv[k].id, s);
        lv[k].size = s;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: stress-gen SEED [--ops N] [--max-total BYTES] [--huge-max BYTES]\n");
        return 2;
    }
    uint64_t seed = strtoull(argv[1], NULL, 10);
    size_t target_ops = 400;
    max_total = (size_t)128 << 20;
    huge_max = (size_t)4 << 20;
    for (int i = 2; i + 1 < argc; i += 2) {
        size_t v = (size_t)strtoull(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--ops") == 0)
            target_ops = v;
        else if (strcmp(argv[i], "--max-total") == 0)
            max_total = v;
        else if (strcmp(argv[i], "--huge-max") == 0)
            huge_max = v < (256 << 10) + 1 ? (256 << 10) + 1 : v;
        else {
            fprintf(stderr, "stress-gen: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (target_ops < 1)
        target_ops = 1;
    rng_state = seed * 0x2545F4914F6CDD1Du + 1;

    /* Per-seed flavour: how sizes are spread and how eager to allocate. */
    band_weight[0] = (unsigned)range(10, 70);
    band_weight[1] = (unsigned)range(5, 40);
    band_weight[2] = (unsigned)range(0, 15);
    band_weight[3] = (unsigned)range(0, 4);
    unsigned alloc_pct = (unsigned)range(45, 70);

    for (size_t now = 0; nops < target_ops; now++) {
        /* A phase that frees more in the second half of the trace. */
        unsigned p = nops < target_ops / 2 ? alloc_pct : alloc_pct - 15;
        if (nlive == 0 || chance(p)) {
            do_alloc(now, target_ops);
            continue;
        }
        /* Due blocks, in random order. */
        size_t due = SIZE_MAX;
        size_t start = range(0, nlive - 1);
        for (size_t j = 0; j < nlive; j++) {
            size_t k = (start + j) % nlive;
            if (lv[k].death <= now) {
                due = k;
                break;
            }
        }
        if (due != SIZE_MAX && chance(85)) {
            do_free(due);
            continue;
        }
        size_t k = range(0, nlive - 1);
        unsigned r = (unsigned)(next64() % 100);
        if (r < 50)
            do_free(k);
        else if (r < 85)
            do_realloc_chain(k);
        else
            emit('w', lv[k].id, lv[k].size == 0 ? 0 : range(0, lv[k].size));
    }
    /* Free a random part of what is left, in random order. */
    unsigned keep_pct = (unsigned)range(0, 50);
    while (nlive > 0 && !chance(keep_pct / 10))
        do_free(range(0, nlive - 1));

    size_t heap = 0;
    for (size_t i = 0; i < nops; i++)
        heap += ops[i].size;
    printf("%zu\n%" PRIu32 "\n%zu\n1\n", heap < 4096 ? 4096 : heap, next_id == 0 ? 1 : next_id,
           nops);
    for (size_t i = 0; i < nops; i++) {
        if (ops[i].kind == 'f')
            printf("f %" PRIu32 "\n", ops[i].id);
        else
            printf("%c %" PRIu32 " %zu\n", ops[i].kind, ops[i].id, ops[i].size);
    }
    free(ops);
    free(lv);
    free(free_ids);
    return ferror(stdout) ? 1 : 0;
}
