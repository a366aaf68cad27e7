/*
 * validate.c - the correctness pass (see validate.h).
 *
 * For every operation the allocator's answer is checked:
 *   - a NULL is a genuine out-of-memory only if mem_sbrk refused to grow the
 *     heap during that call; otherwise it is a wrong answer (a request of
 *     zero bytes may return NULL);
 *   - the payload is aligned to ALIGNMENT and lies wholly inside the heap;
 *   - it overlaps no live payload. Live payloads are marked in a bitmap with
 *     one bit per 8-byte granule of the heap; since every accepted payload
 *     starts on a granule, two payloads share a granule exactly when they
 *     share a byte. The check costs O(size / 512) word tests, far less than
 *     writing the payload, and is independent of how many blocks are live;
 *   - every payload is filled with a pattern derived from its id, its
 *     allocation number and the byte offset, verified in full before every
 *     free, realloc and write, and at the end; after a realloc the first
 *     min(old, new) bytes must still hold it. So a block corrupted by any
 *     other operation is caught, at the latest when it is next used.
 *     A block larger than SPARSE_CHECK_ABOVE bytes (config.h) is filled and
 *     checked sparsely: its first and last SPARSE_EDGE bytes and one word
 *     every SPARSE_CHECK_ABOVE bytes, so a trace of blocks larger than the
 *     machine's memory needs only a sliver of each in memory.
 * Utilization is the peak live payload over the heap's largest size during
 * the pass, so an allocator that calls mem_reset_brk itself cannot make its
 * heap look small at the end. Every answer also goes into a hash (and, if
 * asked, a table) for checking the timed replays (replay.h).
 */
#include "validate.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "config.h"
#include "memlib.h"
#include "replay.h"

#define GRANULE 8
#define OP_INIT SIZE_MAX
#define BITS_PER_WORD 64
#define SPARSE_EDGE 64   /* bytes kept at each end of a sparse block */

struct block {
    unsigned char *payload;  /* NULL when not live or a 0-byte NULL answer */
    size_t size;
    uint64_t seed;           /* pattern seed: id and allocation number */
    bool live;
    size_t made_op;          /* the op that returned payload (malloc or
                                realloc), for messages                 */
};

struct validator {
    const struct trace *t;
    const struct mm_api *api;
    struct validate_result *res;
    struct block *blocks;         /* per id */
    uint64_t *granules;           /* overlap bitmap over the whole region */
    size_t granule_words;
    unsigned char *lo;            /* mem_heap_lo()                        */
    uint64_t allocations;         /* counter feeding the pattern seeds    */
    size_t live;                  /* live requested bytes                 */
    size_t replaced;              /* size of the block a realloc replaces */
    size_t op;                    /* index of the op being checked; OP_INIT
                                     during mm_init, num_ops after the last */
    size_t heap_peak;             /* the heap's largest size so far        */
    void **answers;               /* validate_options.answers              */
};

static enum run_status fail(struct validator *v, enum run_status status, const char *fmt, ...)
{
    struct validate_result *res = v->res;
    res->status = status;
    res->failed_op = v->op;
    int n = 0;
    if (v->op == OP_INIT)
        n = snprintf(res->message, sizeof res->message, "before the first operation: ");
    else if (v->op < v->t->num_ops)
        n = snprintf(res->message, sizeof res->message, "op %zu (line %" PRIu32 "): ",
                     v->op + 1, v->t->lines[v->op]);
    if (n < 0)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->message + n, sizeof res->message - (size_t)n, fmt, ap);
    va_end(ap);
    return status;
}

/* ---- the data pattern ---- */

/* The pattern word at word index j of a block with the given seed. */
static inline uint64_t pattern_word(uint64_t seed, size_t j)
{
    uint64_t x = seed + (uint64_t)j * 0x9E3779B97F4A7C15u;
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9u;
    return x ^ (x >> 29);
}

static inline unsigned char pattern_byte(uint64_t seed, size_t offset)
{
    return (unsigned char)(pattern_word(seed, offset / 8) >> (8 * (offset % 8)));
}

/* Writes the pattern into bytes [from, to) of a block, every byte. */
static void fill_dense(const struct block *b, size_t from, size_t to)
{
    size_t k = from;
    for (; k < to && k % 8 != 0; k++)
        b->payload[k] = pattern_byte(b->seed, k);
    for (; k + 8 <= to; k += 8) {
        uint64_t w = pattern_word(b->seed, k / 8);
        unsigned char bytes[8];
        for (int i = 0; i < 8; i++)
            bytes[i] = (unsigned char)(w >> (8 * i));
        memcpy(b->payload + k, bytes, 8);
    }
    for (; k < to; k++)
        b->payload[k] = pattern_byte(b->seed, k);
}

/* The first offset in [from, to) that does not hold the pattern, or to. */
static size_t mismatch_dense(const struct block *b, size_t from, size_t to)
{
    size_t k = from;
    for (; k < to && k % 8 != 0; k++)
        if (b->payload[k] != pattern_byte(b->seed, k))
            return k;
    for (; k + 8 <= to; k += 8) {
        uint64_t w = pattern_word(b->seed, k / 8);
        unsigned char bytes[8];
        for (int i = 0; i < 8; i++)
            bytes[i] = (unsigned char)(w >> (8 * i));
        if (memcmp(b->payload + k, bytes, 8) != 0)
            break;
    }
    for (; k < to; k++)
        if (b->payload[k] != pattern_byte(b->seed, k))
            return k;
    return to;
}

/* The bytes of a block of `size` bytes that hold the pattern come in
 * spans: all of them up to SPARSE_CHECK_ABOVE, else the first and last
 * SPARSE_EDGE bytes and one word at every multiple of SPARSE_CHECK_ABOVE.
 * Sets [*lo, *hi) to the first span that ends after offset at (clipped to
 * start at at); false when none does. */
static bool next_span(size_t size, size_t at, size_t *lo, size_t *hi)
{
    if (at >= size)
        return false;
    size_t tail = size - SPARSE_EDGE;
    if (size <= SPARSE_CHECK_ABOVE || at < SPARSE_EDGE || at >= tail) {
        *lo = at;
        *hi = size <= SPARSE_CHECK_ABOVE ? size : at < SPARSE_EDGE ? SPARSE_EDGE : size;
        return true;
    }
    size_t word = at - at % SPARSE_CHECK_ABOVE;
    if (at >= word + 8)
        word += SPARSE_CHECK_ABOVE;
    if (word >= tail) {
        *lo = tail;
        *hi = size;
    } else {
        *lo = at > word ? at : word;
        *hi = word + 8 < tail ? word + 8 : tail;
    }
    return true;
}

/* Writes the pattern into the sampled bytes in [from, to) of the block,
 * sampled as for a block of layout bytes. */
static void pattern_fill_as(const struct block *b, size_t layout, size_t from, size_t to)
{
    size_t lo, hi;
    for (size_t at = from; next_span(layout, at, &lo, &hi) && lo < to; at = hi)
        fill_dense(b, lo, hi < to ? hi : to);
}

static void pattern_fill(const struct block *b, size_t from, size_t to)
{
    pattern_fill_as(b, b->size, from, to);
}

/* Returns the first sampled offset (for a block of layout bytes) in
 * [0, len) that does not hold the pattern, or len when all do. */
static size_t pattern_mismatch_as(const struct block *b, size_t layout, size_t len)
{
    size_t lo, hi;
    for (size_t at = 0; next_span(layout, at, &lo, &hi) && lo < len; at = hi) {
        size_t end = hi < len ? hi : len, k = mismatch_dense(b, lo, end);
        if (k != end)
            return k;
    }
    return len;
}

static size_t pattern_mismatch(const struct block *b, size_t len)
{
    return pattern_mismatch_as(b, b->size, len);
}

/* Checks that block id still holds its pattern in [0, len). */
static enum run_status verify(struct validator *v, uint32_t id, size_t len, const char *when)
{
    const struct block *b = &v->blocks[id];
    if (b->payload == NULL)
        return RUN_VALID;
    size_t k = pattern_mismatch(b, len);
    if (k == len)
        return RUN_VALID;
    return fail(v, RUN_INVALID,
                "%s: block %u (%zu bytes at %p) lost its data at offset %zu: "
                "expected 0x%02x, found 0x%02x",
                when, id, b->size, (void *)b->payload, k, pattern_byte(b->seed, k),
                b->payload[k]);
}

/* ---- the overlap bitmap ---- */

static size_t granule_of(const struct validator *v, const unsigned char *p)
{
    return (size_t)(p - v->lo) / GRANULE;
}

/* Sets (set = true) or clears the bits of granules [first, last], or, with
 * probe, returns true as soon as one of them is set. */
static bool granules_apply(struct validator *v, size_t first, size_t last, bool probe, bool set)
{
    for (size_t g = first; g <= last;) {
        size_t word = g / BITS_PER_WORD, bit = g % BITS_PER_WORD;
        size_t count = BITS_PER_WORD - bit;
        if (count > last - g + 1)
            count = last - g + 1;
        uint64_t mask = (count == BITS_PER_WORD ? ~(uint64_t)0 : (((uint64_t)1 << count) - 1)) << bit;
        if (probe) {
            if (v->granules[word] & mask)
                return true;
        } else if (set) {
            v->granules[word] |= mask;
        } else {
            v->granules[word] &= ~mask;
        }
        g += count;
    }
    return false;
}

static void mark(struct validator *v, const struct block *b, bool set)
{
    if (b->payload != NULL && b->size > 0)
        granules_apply(v, granule_of(v, b->payload), granule_of(v, b->payload + b->size - 1),
                       false, set);
}

/* The live block other than block self that overlaps [p, p + size), for
 * the message (slow path). */
static long overlapping_block(const struct validator *v, uint32_t self, const unsigned char *p,
                              size_t size)
{
    for (size_t id = 0; id < v->t->num_ids; id++) {
        const struct block *b = &v->blocks[id];
        if (id != self && b->live && b->payload != NULL && b->size > 0 &&
            (uintptr_t)b->payload < (uintptr_t)p + size &&
            (uintptr_t)p < (uintptr_t)b->payload + b->size)
            return (long)id;
    }
    return -1;
}

/* The overlap of the payload [at, at + size) returned for block id with
 * live block other: both ranges, how many bytes overlap, how far into the
 * other block, and the op that made the other block. */
static enum run_status overlap_failure(struct validator *v, const char *call, uint32_t id,
                                       uintptr_t at, size_t size, uint32_t other)
{
    const struct block *o = &v->blocks[other];
    uintptr_t o_lo = (uintptr_t)o->payload, o_hi = o_lo + o->size;
    uintptr_t from = at > o_lo ? at : o_lo, to = at + size < o_hi ? at + size : o_hi;
    const struct trace_op *made = &v->t->ops[o->made_op];
    return fail(v, RUN_INVALID,
                "%s(%zu) for block %u returned [%#" PRIxPTR ", %#" PRIxPTR "), which overlaps "
                "live block %u [%#" PRIxPTR ", %#" PRIxPTR "): %zu byte%s, from byte %zu of block "
                "%u (%s(%zu) at line %" PRIu32 ")",
                call, size, id, at, at + size, other, o_lo, o_hi, (size_t)(to - from),
                to - from == 1 ? "" : "s", (size_t)(from - o_lo), other,
                made->kind == TRACE_REALLOC ? "realloc" : "malloc", o->size,
                v->t->lines[o->made_op]);
}

/* Checks a new payload p of size bytes for block id: NULL, alignment,
 * bounds, overlap. refusals is mem_sbrk_refusals() before the call. */
static enum run_status check_answer(struct validator *v, const char *call, uint32_t id,
                                    unsigned char *p, size_t size, size_t refusals)
{
    if (p == NULL) {
        if (size == 0)
            return RUN_VALID;
        size_t others = v->live - v->replaced;  /* live bytes beside this block */
        bool beyond = others >= (size_t)MAX_HEAP || size > (size_t)MAX_HEAP - others;
        char where[160];
        snprintf(where, sizeof where, "beyond the simulated heap (no heap of MAX_HEAP %llu bytes "
                 "holds it beside the %zu other live bytes)", (unsigned long long)MAX_HEAP, others);
        if (mem_sbrk_refusals() != refusals)
            return fail(v, RUN_OUT_OF_MEMORY,
                        "%s(%zu) for block %u returned NULL after mem_sbrk "
                        "refused to grow the heap (%zu bytes, MAX_HEAP %llu)%s%s",
                        call, size, id, mem_heapsize(), (unsigned long long)MAX_HEAP,
                        beyond ? ": " : "", beyond ? where : "");
        if (beyond)
            return fail(v, RUN_OUT_OF_MEMORY, "%s(%zu) for block %u returned NULL: %s", call, size,
                        id, where);
        if (size > UINT32_MAX)
            return fail(v, RUN_OUT_OF_MEMORY,
                        "%s(%zu) for block %u returned NULL without asking mem_sbrk for "
                        "more: the allocator's own limit on the size of a block (4 GiB "
                        "or more asked), not the heap's", call, size, id);
        return fail(v, RUN_INVALID,
                    "%s(%zu) for block %u returned NULL, but the heap was not full "
                    "(mem_sbrk never refused)", call, size, id);
    }
    if ((uintptr_t)p % ALIGNMENT != 0)
        return fail(v, RUN_INVALID, "%s(%zu) for block %u returned %p, not aligned to %d bytes",
                    call, size, id, (void *)p, ALIGNMENT);
    uintptr_t lo = (uintptr_t)mem_heap_lo(), end = lo + mem_heapsize(), at = (uintptr_t)p;
    if (at < lo || at > end || size > end - at)
        return fail(v, RUN_INVALID,
                    "%s(%zu) for block %u returned [%#" PRIxPTR ", %#" PRIxPTR "), not inside "
                    "the heap [%#" PRIxPTR ", %#" PRIxPTR ")",
                    call, size, id, at, at + size, lo, end);
    if (size > 0 && granules_apply(v, granule_of(v, p), granule_of(v, p + size - 1), true, false)) {
        long other = overlapping_block(v, id, p, size);
        if (other < 0)   /* the bitmap and the blocks disagree: a driver bug */
            return fail(v, RUN_INVALID, "%s(%zu) for block %u returned [%#" PRIxPTR ", %#"
                        PRIxPTR "), which overlaps a live block", call, size, id, at, at + size);
        return overlap_failure(v, call, id, at, size, (uint32_t)other);
    }
    return RUN_VALID;
}

/* ---- one operation ---- */

/* Notes the allocator's answer to the op being checked, for the timed
 * replays' check (replay.h). */
static void note_answer(struct validator *v, void *p)
{
    v->res->answers_hash = replay_answer_hash(v->res->answers_hash, p);
    if (v->answers != NULL)
        v->answers[v->op] = p;
}

static enum run_status do_alloc(struct validator *v, uint32_t id, size_t size)
{
    struct block *b = &v->blocks[id];
    size_t refusals = mem_sbrk_refusals();
    unsigned char *p = v->api->malloc(size);
    note_answer(v, p);
    enum run_status s = check_answer(v, "malloc", id, p, size, refusals);
    if (s != RUN_VALID)
        return s;
    *b = (struct block){ .payload = p, .size = size, .live = true,
                         .seed = ((uint64_t)id << 32) ^ ++v->allocations, .made_op = v->op };
    mark(v, b, true);
    pattern_fill(b, 0, size);
    return RUN_VALID;
}

static enum run_status do_free(struct validator *v, uint32_t id)
{
    struct block *b = &v->blocks[id];
    enum run_status s = verify(v, id, b->size, "before free");
    if (s != RUN_VALID)
        return s;
    mark(v, b, false);
    v->api->free(b->payload);
    *b = (struct block){ 0 };
    return RUN_VALID;
}

static enum run_status do_realloc(struct validator *v, uint32_t id, size_t size)
{
    struct block *b = &v->blocks[id];
    enum run_status s = verify(v, id, b->size, "before realloc");
    if (s != RUN_VALID)
        return s;
    mark(v, b, false);
    size_t refusals = mem_sbrk_refusals();
    v->replaced = b->size;
    unsigned char *p = v->api->realloc(b->payload, size);
    note_answer(v, p);
    if (p == NULL && size == 0) {     /* realloc(p, 0) freed the block */
        *b = (struct block){ 0 };
        return RUN_VALID;
    }
    s = check_answer(v, "realloc", id, p, size, refusals);
    v->replaced = 0;
    if (s != RUN_VALID)
        return s;
    size_t kept = b->size < size ? b->size : size;
    b->payload = p;
    size_t k = pattern_mismatch_as(b, b->size, kept);
    if (k != kept)
        return fail(v, RUN_INVALID,
                    "realloc(%zu) of block %u (was %zu bytes) did not preserve its data: "
                    "offset %zu expected 0x%02x, found 0x%02x",
                    size, id, b->size, k, pattern_byte(b->seed, k), p[k]);
    bool was_sparse = b->size > SPARSE_CHECK_ABOVE;
    b->size = size;
    b->made_op = v->op;
    mark(v, b, true);
    /* a sparse layout on either side samples other bytes: lay it out anew */
    pattern_fill(b, was_sparse || size > SPARSE_CHECK_ABOVE ? 0 : kept, size);
    return RUN_VALID;
}

/* A 'w' op: the program writes the block; here it writes the block's own
 * pattern, so what the allocator keeps can still be checked. */
static enum run_status do_write(struct validator *v, uint32_t id, size_t size)
{
    enum run_status s = verify(v, id, v->blocks[id].size, "before write");
    if (s == RUN_VALID && v->blocks[id].payload != NULL)
        pattern_fill(&v->blocks[id], 0, size);
    return s;
}

static enum run_status check_heap(struct validator *v)
{
    int n = v->api->check(0);
    if (n == 0)
        return RUN_VALID;
    if (v->api->check_said != NULL)   /* no count: say what it answered */
        return fail(v, RUN_INVALID, "the heap checker found the heap inconsistent after this "
                    "operation (%s; it gives no count)", v->api->check_said());
    /* A count is at most one problem per block the heap could hold. */
    size_t most = mem_heapsize() / ALIGNMENT + 1;
    if (n < 0 || (size_t)n > most) {
        char why[80];
        if (n < 0)
            snprintf(why, sizeof why, "negative");
        else
            snprintf(why, sizeof why, "more than the %zu blocks the heap could hold", most);
        return fail(v, RUN_INVALID,
                    "the heap checker returned %d, which is not a count of problems (%s): "
                    "does a path through it end without `return`?", n, why);
    }
    fflush(stdout);
    v->api->check(1);
    fflush(stdout);
    return fail(v, RUN_INVALID, "the heap checker found %d problem%s after this operation",
                n, n == 1 ? "" : "s");
}

static enum run_status run(struct validator *v, const struct validate_options *opt)
{
    const struct trace *t = v->t;
    v->op = OP_INIT;
    if (opt->progress != NULL)
        *opt->progress = OP_INIT;
    if (v->api->init() < 0)
        return fail(v, RUN_INVALID, "mm_init failed (returned -1)");
    v->lo = mem_heap_lo();
    v->live = 0;
    v->heap_peak = mem_heapsize();
    for (v->op = 0; v->op < t->num_ops; v->op++) {
        if (opt->progress != NULL)
            *opt->progress = v->op;
        const struct trace_op *op = &t->ops[v->op];
        size_t before = v->blocks[op->id].size;
        enum run_status s = RUN_VALID;
        switch (op->kind) {
        case TRACE_ALLOC: s = do_alloc(v, op->id, op->size); break;
        case TRACE_FREE: s = do_free(v, op->id); break;
        case TRACE_REALLOC: s = do_realloc(v, op->id, op->size); break;
        case TRACE_WRITE: s = do_write(v, op->id, op->size); break;
        }
        if (s == RUN_VALID && opt->check_every != 0 && v->api->check != NULL &&
            ((v->op + 1) % opt->check_every == 0 || v->op + 1 == t->num_ops))
            s = check_heap(v);
        if (s != RUN_VALID)
            return s;
        if (op->kind != TRACE_WRITE)
            v->live = v->live - before + v->blocks[op->id].size;
        if (mem_heapsize() > v->heap_peak)
            v->heap_peak = mem_heapsize();
        if (v->live > v->res->peak_live)
            v->res->peak_live = v->live;
        if (opt->series != NULL)
            fprintf(opt->series, "%zu,%zu,%zu\n", v->op + 1, v->live, mem_heapsize());
    }
    v->op = t->num_ops;
    for (uint32_t id = 0; id < t->num_ids; id++) {
        enum run_status s = verify(v, id, v->blocks[id].size, "at the end of the trace");
        if (s != RUN_VALID)
            return s;
    }
    return RUN_VALID;
}

enum run_status validate_trace(const struct trace *t, const struct mm_api *api,
                               const struct validate_options *opt,
                               struct validate_result *res)
{
    *res = (struct validate_result){ .status = RUN_VALID };
    struct validator v = { .t = t, .api = api, .res = res, .answers = opt->answers };
    if (v.answers != NULL)
        memset(v.answers, 0, t->num_ops * sizeof *v.answers);
    v.blocks = calloc(t->num_ids ? t->num_ids : 1, sizeof *v.blocks);
    size_t granules = (size_t)MAX_HEAP / GRANULE;
    v.granule_words = (granules + BITS_PER_WORD - 1) / BITS_PER_WORD;
    void *map = mmap(NULL, v.granule_words * sizeof(uint64_t), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (v.blocks == NULL || map == MAP_FAILED) {
        free(v.blocks);
        if (map != MAP_FAILED)
            munmap(map, v.granule_words * sizeof(uint64_t));
        res->status = RUN_NOT_RUN;
        snprintf(res->message, sizeof res->message, "out of memory for the validator");
        return res->status;
    }
    v.granules = map;
    mem_reset_brk();
    enum run_status s = run(&v, opt);
    res->status = s;
    res->heap_size = v.heap_peak > mem_heapsize() ? v.heap_peak : mem_heapsize();
    if (res->heap_size > 0)
        res->util = (double)res->peak_live / (double)res->heap_size;
    else
        res->util = res->peak_live == 0 ? 1.0 : 0.0;
    free(v.blocks);
    munmap(map, v.granule_words * sizeof(uint64_t));
    return s;
}
