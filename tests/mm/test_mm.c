/*
 * test_mm.c - unit tests of mm.c: exact heap shapes on tiny sequences, and
 * a deliberately corrupted heap that mm_checkheap must report with the
 * right invariant number.
 *
 * mm.c is included, so the tests see its static helpers and state. Build
 * with any knob set (tests/t-mm-unit.sh builds several), ALIGNMENT 8 or 16:
 *     gcc -std=c11 -D_GNU_SOURCE -I. [knobs] tests/mm/test_mm.c memlib.c
 * Prints one line per check, "PASS: name" or "FAIL: name: why", with the
 * name prefixed by the TEST_CONFIG string; always exits 0.
 *
 * Sizes: with 4-byte headers and ALIGNMENT A, a request of n bytes takes a
 * block of round_up(n + 4, A) bytes (n + 8 with MM_ALLOC_FOOTER 1), so the
 * tests ask for 252 / 508 / 1020 bytes to get 256 / 512 / 1024-byte blocks
 * (the requests are above MM_SMALL_MAX, so the small path stays out).
 */
#include "../../mm.c"

#ifndef TEST_CONFIG
#define TEST_CONFIG "default"
#endif

static int failures;

/* A request the small path serves at any alignment: a slot of A bytes is
 * smaller than the block (A + header, rounded up) would be. */
#define SMALL_SIZE ((size_t)ALIGNMENT)

static void check(int ok, const char *name, const char *why)
{
    if (ok) {
        printf("PASS: mm-unit/%s/%s\n", TEST_CONFIG, name);
    } else {
        printf("FAIL: mm-unit/%s/%s: %s\n", TEST_CONFIG, name, why);
        failures++;
    }
}

/* The heap as a string: one token a block, A or F and its size, R for a
 * run, S for the state block, e.g. "A256 F768". */
static const char *shape(void)
{
    static char buf[4096];
    size_t len = 0;
    buf[0] = '\0';
    for (block_t *b = heap_first_block(); block_size(b) != 0; b = block_next(b)) {
        const char *kind = !block_is_alloc(b)        ? "F"
                           : (b->header & RUN_BIT)  ? "R"
                           : b == heap_block_at(state_block) ? "S"
                                                    : "A";
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s%zu",
                                len ? " " : "", kind, block_size(b));
        if (len >= sizeof buf - 32)
            break;
    }
    return buf;
}

/* Blocks of n bytes are asked for with this many bytes. */
static size_t req(size_t block)
{
    return block - ALLOC_OVERHEAD;
}

static void fresh_heap(void)
{
    mem_reset_brk();
    if (mm_init() != 0) {
        printf("FAIL: mm-unit/%s/init: mm_init failed\n", TEST_CONFIG);
        exit(0);
    }
}

#if MM_SMALL
/* A fresh heap large enough that the small path starts: every small
 * class's state fits its share of the heap (MM_STATE_SHARE). */
static void small_heap(void)
{
    fresh_heap();
    mm_free(mm_malloc((size_t)MM_STATE_SHARE * request_block_size(SMALL_CLASSES * sizeof(small_t))));
}
#endif

static void expect_shape(const char *name, const char *want)
{
    char why[8192];
    snprintf(why, sizeof why, "heap is \"%s\", want \"%s\"", shape(), want);
    check(strcmp(shape(), want) == 0 && mm_checkheap(1) == 0, name, why);
}

static void fill(void *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        ((unsigned char *)p)[i] = (unsigned char)(seed + i);
}

static int filled(const void *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        if (((const unsigned char *)p)[i] != (unsigned char)(seed + i))
            return 0;
    return 1;
}

/* ------------------------------------------------------------------ */

static void test_split(void)
{
    fresh_heap();
    void *p = mm_malloc(req(1024));
    expect_shape("split/grow", "A1024");
    mm_free(p);
    expect_shape("split/free-last", "F1024");
    void *q = mm_malloc(req(256));
    check(q == p, "split/same-address", "the split block moved");
    expect_shape("split/front", "A256 F768");
    size_t heap = mem_heapsize();
    void *r = mm_malloc(req(1024));
    expect_shape("end/extend-top-free", "A256 A1024");
    char why[128];
    snprintf(why, sizeof why, "heap grew by %zu, want 256", mem_heapsize() - heap);
    check(mem_heapsize() - heap == 256, "end/grow-only-missing", why);
    mm_free(r);
    expect_shape("end/free-last-block", "A256 F1024");
    check(!block_prev_alloc(heap_epilogue()), "end/epilogue-prev-free",
          "epilogue's PREV_ALLOC bit still set");
}

/* MM_TOP_LAST: the free block that ends the heap serves a request only
 * when no other free block fits, even when it fits best. */
static void test_top_last(void)
{
#if MM_TOP_LAST
    fresh_heap();
    char *x = mm_malloc(req(512));
    mm_malloc(req(256)); /* fence */
    void *t = mm_malloc(req(256));
    mm_free(x);
    mm_free(t);
    expect_shape("top-last/start", "F512 A256 F256");
    void *q = mm_malloc(req(256));
    check(q == x, "top-last/passed-over", "took the top block while a hole fits");
    expect_shape("top-last/passed-over-shape", "A256 F256 A256 F256");
    q = mm_malloc(req(256));
    check(q == x + 256, "top-last/rest-of-hole", "did not take the rest of the hole");
    q = mm_malloc(req(256));
    check(q == t, "top-last/last-resort", "did not take the top block when nothing else fits");
    expect_shape("top-last/last-resort-shape", "A256 A256 A256 A256");
#endif
}

static void test_coalesce(void)
{
    void *a, *b, *c, *d;
#define FOUR()                                                              \
    do {                                                                    \
        fresh_heap();                                                       \
        a = mm_malloc(req(256));                                            \
        b = mm_malloc(req(256));                                            \
        c = mm_malloc(req(256));                                            \
        d = mm_malloc(req(256));                                            \
    } while (0)
    FOUR();
    mm_free(b);
    expect_shape("coalesce/1-neither", "A256 F256 A256 A256");
    FOUR();
    mm_free(c);
    mm_free(b);
    expect_shape("coalesce/2-next", "A256 F512 A256");
    FOUR();
    mm_free(a);
    mm_free(b);
    expect_shape("coalesce/3-prev", "F512 A256 A256");
    FOUR();
    mm_free(a);
    mm_free(c);
    mm_free(b);
    expect_shape("coalesce/4-both", "F768 A256");
    mm_free(d);
    expect_shape("coalesce/all", "F1024");
#undef FOUR
}

#if MM_REALLOC == MM_REALLOC_INPLACE
/* A fresh heap of a free block of `hole` bytes and, ending the heap, an
 * allocated one of `block` bytes filled from seed; returns its payload. */
static void *after_hole(size_t hole, size_t block, unsigned char seed)
{
    fresh_heap();
    void *before = mm_malloc(req(hole));
    void *p = mm_malloc(req(block));
    mm_free(before);
    fill(p, req(block), seed);
    return p;
}
#endif

static void test_realloc(void)
{
#if MM_REALLOC == MM_REALLOC_INPLACE
    fresh_heap();
    void *p = mm_malloc(req(1024));
    mm_malloc(req(256)); /* fence */
    fill(p, req(256), 1);
    void *q = mm_realloc(p, req(256));
    check(q == p && filled(q, req(256), 1), "realloc/shrink-in-place", "moved or lost data");
    expect_shape("realloc/shrink-shape", "A256 F768 A256");

    q = mm_realloc(p, req(512));
    check(q == p && filled(q, req(256), 1), "realloc/grow-into-successor", "moved or lost data");
    expect_shape("realloc/grow-into-successor-shape", "A512 F512 A256");

    fresh_heap();
    p = mm_malloc(req(256));
    fill(p, req(256), 2);
    q = mm_realloc(p, req(1024));
    check(q == p && filled(q, req(256), 2), "realloc/grow-at-heap-end", "moved or lost data");
    expect_shape("realloc/grow-at-heap-end-shape", "A1024");
    check(mem_heapsize() == ALIGNMENT + 1024, "realloc/grow-at-heap-end-size",
          "heap grew by more than the block needs");

    fresh_heap();
    void *before = mm_malloc(req(512));
    p = mm_malloc(req(256));
    mm_malloc(req(256)); /* fence */
    mm_free(before);
    fill(p, req(256), 3);
    q = mm_realloc(p, req(512));
    check(q == before && filled(q, req(256), 3), "realloc/grow-into-predecessor",
          "did not slide down into the free predecessor");
    expect_shape("realloc/grow-into-predecessor-shape", "A512 F256 A256");

#if MM_TOP_LAST
    /* at the heap's end, a free predecessor that can spare what is missing
     * gives it before the heap grows: at least an eighth of the block, the
     * surplus freed at the top */
    p = after_hole(1024, 256, 6);
    size_t heap = mem_heapsize();
    q = mm_realloc(p, req(512));
    check(q == (char *)p - 256 && filled(q, req(256), 6), "realloc/grow-down",
          "did not slide down by what is missing or lost data");
    expect_shape("realloc/grow-down-shape", "F768 A512");
    check(mem_heapsize() == heap, "realloc/grow-down-size", "the heap grew");
    p = after_hole(1024, 1024, 7);
    q = mm_realloc(p, req(1040));
    check(q == (char *)p - 128 && filled(q, req(1024), 7), "realloc/grow-down-eighth",
          "did not slide down by an eighth of the block or lost data");
    expect_shape("realloc/grow-down-eighth-shape", "F896 A1040 F112");
    p = after_hole(256, 256, 8);
    q = mm_realloc(p, req(512));
    check(q == p, "realloc/grow-down-cannot-spare", "slid into a hole that cannot spare the bytes");
    expect_shape("realloc/grow-down-cannot-spare-shape", "F256 A512");
#else
    /* without MM_TOP_LAST the block at the heap's end grows the heap */
    p = after_hole(1024, 256, 6);
    q = mm_realloc(p, req(512));
    check(q == p && filled(q, req(256), 6), "realloc/heap-end-grows-heap",
          "moved or lost data");
    expect_shape("realloc/heap-end-grows-heap-shape", "F1024 A512");
#endif

    fresh_heap();
    p = mm_malloc(req(256));
    mm_malloc(req(256)); /* fence */
    fill(p, req(256), 4);
    q = mm_realloc(p, req(1024));
    check(q != p && filled(q, req(256), 4), "realloc/move", "did not move or lost data");
    expect_shape("realloc/move-shape", "F256 A256 A1024");
#else
    fresh_heap();
    void *p = mm_malloc(req(256));
    fill(p, req(256), 5);
    void *q = mm_realloc(p, req(1024));
    check(q != p && filled(q, req(256), 5), "realloc/always-moves", "did not move");
    expect_shape("realloc/always-moves-shape", "F256 A1024");
#endif
}

/* The next-fit rover must stay valid when the block it points at is
 * merged into a neighbour. */
static void test_rover(void)
{
#if MM_FIT == MM_FIT_NEXT
    fresh_heap();
    void *a = mm_malloc(req(256));
    void *b = mm_malloc(req(256));
    void *c = mm_malloc(req(256));
    void *d = mm_malloc(req(256));
    mm_malloc(req(256)); /* fence */
    mm_free(b);
    mm_free(d);
    void *x = mm_malloc(req(256)); /* next fit takes a hole, rover moves on */
    check(x == b || x == d, "rover/first-search", "did not reuse a hole");
    if (x == d) { /* list order put d first: make the same shape around b */
        x = mm_malloc(req(256));
        mm_free(d);
    }
    /* merge whatever the rover points at with its neighbours */
    mm_free(a);
    mm_free(x);
    mm_free(c);
    check(mm_checkheap(1) == 0, "rover/survives-coalesce", "checker failed after merges");
    void *y = mm_malloc(req(1024));
    check(y == a, "rover/finds-merged-block", "did not find the merged hole");
    check(mm_checkheap(1) == 0, "rover/after-search", "checker failed");
#endif
}

#if MM_SMALL && MM_PAGE_HEAP > 0
/* A class's first run, emptied while the class holds more live objects
 * than it has slots, goes back to the heap at once. */
static void test_small_leftover_run(unsigned cls)
{
    small_heap();
    enum { MANY = MM_SMALL_WARMUP + 8 + 2 * RUN_MAX_SLOTS };
    void *p[MANY];
    for (size_t i = 0; i < MANY; i++)
        p[i] = mm_malloc(SMALL_SIZE);
    block_t *first = run_containing(p[MANY - 1]);
    for (size_t i = 0; i < MANY && first != NULL; i++)
        if (run_containing(p[i]) != NULL) {
            first = run_containing(p[i]);
            break;
        }
    check(first != NULL && registry_count > 1, "small/leftover-runs", "the objects did not fill several runs");
    if (first == NULL)
        return;
    size_t first_slots = run_of(first)->slot_count;
    size_t registered = registry_count;
    for (size_t i = 0; i < MANY; i++)
        if (run_containing(p[i]) == first)
            mm_free(p[i]);
    check(small[cls].live > first_slots && registry_count == registered - 1 && spare_count == 0 &&
              mm_checkheap(1) == 0,
          "small/leftover-run-freed", "an empty run smaller than a new run was kept");
}
#endif

/* The small-object path: slots share one run; an empty run that holds
 * the slots a new run of its class would is kept as the class's spare,
 * reused, and freed before the heap grows; a smaller one is freed at once.
 * (Registered runs: the heap stays below MM_PAGE_HEAP.) */
static void test_small(void)
{
#if MM_SMALL && MM_PAGE_HEAP > 0
    fresh_heap();
    void *tiny = mm_malloc(SMALL_SIZE);
    check(small_count == 0 && run_containing(tiny) == NULL, "small/not-in-tiny-heap",
          "the small path started in a heap too small to pay for its table");
    small_heap();
    void *p[MM_SMALL_WARMUP + 8];
    size_t n = MM_SMALL_WARMUP + 8;
    for (size_t i = 0; i < n; i++)
        p[i] = mm_malloc(SMALL_SIZE);
    int cls = small_class_of(SMALL_SIZE);
    check(cls >= 0, "small/eligible", "SMALL_SIZE not served by runs");
    check(registry_count == 1, "small/one-run", "the objects after warm-up are not in one run");
    check(run_containing(p[n - 1]) != NULL && run_containing(p[0]) == NULL,
          "small/run-lookup", "run_containing disagrees with the warm-up");
    void *after = mm_malloc(MM_SMALL_MAX + ALIGNMENT); /* a block just past the run */
    int right = after != NULL && run_containing(after) == NULL;
    for (size_t i = 0; i < n; i++)
        right &= (run_containing(p[i]) != NULL) == (i >= MM_SMALL_WARMUP);
    check(right, "small/run-lookup-each", "a slot taken for a block, or a block for a slot");
    mm_free(after);
    check(mm_checkheap(1) == 0, "small/checkheap", "checker failed");
    block_t *run = run_containing(p[n - 1]);
    for (size_t i = 0; i < n; i++)
        mm_free(p[i]);
    check(run != NULL && registry_count == 1 && spare_count == 1 && small[cls].spare == heap_offset(run) &&
              mm_checkheap(1) == 0,
          "small/empty-run-spare", "the empty run is not its class's spare");
    void *again = mm_malloc(SMALL_SIZE);
    check(run != NULL && run_containing(again) == run && spare_count == 0 && small[cls].spare == 0 &&
              mm_checkheap(1) == 0,
          "small/spare-reused", "the next object did not take the spare");
    mm_free(again);
    check(small_release_spares() == 1 && spare_count == 0, "small/spare-released",
          "small_release_spares did not give back the spare");
    check(registry_count == 0 && registry_block == 0, "small/empty-run-freed",
          "the run or the registry outlived the spare");
    char why[256];
    snprintf(why, sizeof why, "heap is \"%s\"", shape());
    /* free blocks around the state block */
    check(strchr(shape(), 'A') == NULL && strchr(shape(), 'R') == NULL && mm_checkheap(1) == 0,
          "small/all-coalesced", why);
    test_small_leftover_run((unsigned)cls);
#endif
}

/* Page runs: once the heap holds MM_PAGE_HEAP bytes, a class's run is a
 * page of a chunk, found through the page map; the chunk goes back to the
 * heap with its last page run. */
static void test_pages(void)
{
#if MM_SMALL
    small_heap();
    void *big = MM_PAGE_HEAP > 0 ? mm_malloc((size_t)MM_PAGE_HEAP) : NULL;
    check(MM_PAGE_HEAP == 0 || big != NULL, "pages/heap-grown", "no heap of MM_PAGE_HEAP bytes");
    size_t n = MM_SMALL_WARMUP + 8;
    void *p[MM_SMALL_WARMUP + 8], *q[MM_SMALL_WARMUP + 8];
    for (size_t i = 0; i < n; i++) {
        p[i] = mm_malloc(SMALL_SIZE);
        q[i] = mm_malloc(2 * SMALL_SIZE);
        fill(p[i], SMALL_SIZE, (unsigned char)i);
        fill(q[i], 2 * SMALL_SIZE, (unsigned char)(i + 100));
    }
    block_t *run = run_containing(p[n - 1]), *run2 = run_containing(q[n - 1]);
    check(run != NULL && run2 != NULL && run != run2 && page_run_containing(p[n - 1]) == run &&
              page_run_containing(q[n - 1]) == run2 && registry_count == 0,
          "pages/page-runs", "the objects after warm-up are not in two page runs");
    if (run == NULL || run2 == NULL)
        return;
    size_t at = (size_t)((char *)block_payload(run) - heap_base);
    size_t at2 = (size_t)((char *)block_payload(run2) - heap_base);
    check(at % PAGE == 0 && at2 % PAGE == 0 && at / CHUNK == at2 / CHUNK,
          "pages/one-chunk", "the page runs are not pages of one chunk");
    block_t *chunk = heap_block_at((word_t)(at / CHUNK * CHUNK) - HEADER_SIZE);
    check(block_is_alloc(chunk) && (chunk->header & RUN_BIT) && block_size(chunk) >= CHUNK &&
              block_size(chunk) < CHUNK + MIN_BLOCK,
          "pages/chunk-block", "the chunk is not an allocated RUN block of CHUNK bytes");
    check(run_of(run)->slot_count > RUN_MAX_SLOTS, "pages/fills-page",
          "a page run of A-byte slots holds no more than 64");
    check(mm_checkheap(1) == 0, "pages/checkheap", "checker failed");
    int kept = 1;
    for (size_t i = 0; i < n; i++)
        kept &= filled(p[i], SMALL_SIZE, (unsigned char)i) &&
                filled(q[i], 2 * SMALL_SIZE, (unsigned char)(i + 100));
    check(kept, "pages/data-kept", "an object's bytes changed");
    for (size_t i = 0; i < n; i++) {
        mm_free(p[i]);
        mm_free(q[i]);
    }
    mm_free(big);
    /* each class keeps its empty page run as a spare until the heap must grow */
    check(spare_count == 2 && small[run_class(run_of(run))].spare == heap_offset(run) &&
              small[run_class(run_of(run2))].spare == heap_offset(run2) && mm_checkheap(1) == 0,
          "pages/spares-kept", "the empty page runs are not their classes' spares");
    check(small_release_spares() == 2 && spare_count == 0, "pages/spares-released",
          "small_release_spares did not give back both spares");
    check(free_pages == 0 && page_map_chunk(at / PAGE / CHUNK_PAGES * CHUNK_PAGES) == 0,
          "pages/chunk-freed", "the chunk or its free pages outlived the page runs");
    char why[256];
    snprintf(why, sizeof why, "heap is \"%s\"", shape());
    /* what is left: one free block and the page map's block, in some order */
    check(strchr(shape(), 'R') == NULL && mm_checkheap(1) == 0, "pages/all-coalesced", why);
#endif
}

/* ------------------------------------------------------------------ */
/* Corruption: each broken heap must be reported with its invariant. */

static char report[65536];

static int reports(const char *invariant)
{
    FILE *f = tmpfile();
    check_stream = f;
    int n = mm_checkheap(1);
    check_stream = NULL;
    rewind(f);
    size_t len = fread(report, 1, sizeof report - 1, f);
    report[len] = '\0';
    fclose(f);
    char want[16];
    snprintf(want, sizeof want, "%s:", invariant);
    /* the line starts with the number: "I3: two adjacent free blocks at" */
    for (const char *line = report; *line; ) {
        if (strncmp(line, want, strlen(want)) == 0)
            return n > 0;
        const char *nl = strchr(line, '\n');
        if (nl == NULL)
            break;
        line = nl + 1;
    }
    return 0;
}

static void expect_report(const char *name, const char *invariant)
{
    char why[512];
    snprintf(why, sizeof why, "want %s, checker said: %.400s", invariant,
             report[0] ? report : "(nothing)");
    int ok = reports(invariant);
    snprintf(why, sizeof why, "want %s, checker said: %.400s", invariant,
             report[0] ? report : "(nothing)");
    check(ok, name, why);
}

/* Blocks of the corruption tests: 256 bytes, or past the slot sizes when
 * every small request takes a slot (MM_SMALL_EVERY). */
#define CORRUPT_BLOCK ((size_t)(MM_SMALL_EVERY ? MM_SMALL_MAX + 256 : 256))

static void corrupt_setup(void **a, void **b, void **c)
{
    fresh_heap();
    *a = mm_malloc(req(CORRUPT_BLOCK));
    *b = mm_malloc(req(CORRUPT_BLOCK));
    *c = mm_malloc(req(CORRUPT_BLOCK));
    mm_malloc(req(CORRUPT_BLOCK)); /* fence */
}

#if MM_SMALL
/* A fresh heap grown by a block of `grow` bytes (none for 0), then small
 * objects past the warm-up; returns the run of the last one. */
static block_t *small_run_setup(size_t grow)
{
    small_heap();
    if (grow > 0)
        mm_malloc(grow);
    void *p = NULL;
    for (size_t i = 0; i < MM_SMALL_WARMUP + 4; i++)
        p = mm_malloc(SMALL_SIZE);
    return run_containing(p);
}
#endif

static void test_corruption(void)
{
    void *a, *b, *c;

    corrupt_setup(&a, &b, &c);
    check(mm_checkheap(1) == 0, "corrupt/clean-heap-passes", "a sound heap was reported");

    corrupt_setup(&a, &b, &c);
    /* a size below the minimum block */
    block_from_payload(b)->header = (block_from_payload(b)->header & FLAG_MASK) | 8;
    expect_report("corrupt/wrong-size-I1", "I1");

    corrupt_setup(&a, &b, &c);
    mm_free(b);
    *block_footer(block_from_payload(b)) ^= 0x100;
    expect_report("corrupt/footer-I2", "I2");

    corrupt_setup(&a, &b, &c);
    mm_free(a);
    /* mark b free by hand, without coalescing or indexing it */
    block_make_free(block_from_payload(b), block_size(block_from_payload(b)), 0);
    expect_report("corrupt/adjacent-free-I3", "I3");

    corrupt_setup(&a, &b, &c);
    block_set_prev_alloc(block_from_payload(c), 0);
    expect_report("corrupt/prev-alloc-bit-I4", "I4");

    corrupt_setup(&a, &b, &c);
    heap_epilogue()->header = block_pack(8, 1, 1);
    expect_report("corrupt/epilogue-I5", "I5");

    corrupt_setup(&a, &b, &c);
    *heap_prologue() = 0xdead;
    expect_report("corrupt/prologue-I5", "I5");

#if LIST_INDEX
    corrupt_setup(&a, &b, &c);
    mm_free(a);
    mm_free(c);
    /* a's next link now points at the allocated block b */
    link_set_next(block_from_payload(a), block_from_payload(b));
    expect_report("corrupt/broken-link-I7", "I7");

    corrupt_setup(&a, &b, &c);
    mm_free(a);
    mm_free(c);
    link_set_prev(block_from_payload(c), block_from_payload(c));
    expect_report("corrupt/broken-prev-link-I7", "I7");

    corrupt_setup(&a, &b, &c);
    mm_free(b);
    /* the free block leaves its list but stays free in the heap */
    index_remove(block_from_payload(b));
    expect_report("corrupt/unlisted-free-block-I9", "I9");

    corrupt_setup(&a, &b, &c);
    mm_free(b);
    {
        unsigned cls = index_class(block_size(block_from_payload(b)));
        sl_bitmap[cls / SL_COUNT] &= ~(1u << (cls % SL_COUNT));
    }
    expect_report("corrupt/bitmap-I8", "I8");

#if CLASS_COUNT > 1
    /* a heap large enough for an index of several levels in the state
     * block: its heads moved by one word */
    fresh_heap();
    mm_free(mm_malloc(64 * 1024));
    mm_free(mm_malloc(req(256)));
    check(class_last > 0 && state_block != 0 && mm_checkheap(1) == 0, "corrupt/index-in-state",
          "no index of several lists in the state block");
    list_head++;
    expect_report("corrupt/index-heads-I15", "I15");
#endif
#endif
#if MM_SMALL
    if (small_run_setup(0) != NULL) {
        state_block += ALIGNMENT; /* the state block is not where the tables are */
        expect_report("corrupt/state-size-I15", "I15");
    }
    if (small_run_setup(0) != NULL) {
        small_limit += ALIGNMENT; /* a class past the table */
        expect_report("corrupt/small-limit-I15", "I15");
    }
    if (small_run_setup(0) != NULL) {
        run_map++; /* the run map is not in its place in the state block */
        expect_report("corrupt/run-map-place-I15", "I15");
    }
#endif
#if LIST_INDEX

    corrupt_setup(&a, &b, &c);
    mm_free(b);
    /* allocated block b stays on the list */
    block_from_payload(b)->header |= ALLOC_BIT;
    expect_report("corrupt/allocated-on-list-I6", "I6");
#endif

#if MM_SMALL && MM_PAGE_HEAP > 0
    {
        block_t *run = small_run_setup(0);
        check(run != NULL, "corrupt/run-found", "no run holds the object");
        if (run == NULL)
            return;
        check(run_of(run)->fresh < run_of(run)->slot_count, "corrupt/run-count", "the run is not partly used");
        run_of(run)->fresh = (uint16_t)(run_of(run)->slot_count + 1); /* past the slots */
        expect_report("corrupt/run-fresh-I12", "I12");

        if ((run = small_run_setup(0)) == NULL)
            return;
        run->header &= ~RUN_BIT; /* the registry names a block that is no run */
        expect_report("corrupt/registry-I11", "I11");

        if ((run = small_run_setup(0)) == NULL)
            return;
        run_map[heap_offset(run) >> RUN_MAP_SHIFT] = 0; /* free would take its slots for blocks */
        expect_report("corrupt/run-map-I11", "I11");

        if ((run = small_run_setup(0)) == NULL)
            return;
        run_of(run)->live++; /* the count disagrees with fresh and the free list */
        expect_report("corrupt/run-live-I12", "I12");

        if ((run = small_run_setup(0)) == NULL)
            return;
        {   /* a slot freed, then the free list pointed inside it */
            char *slot = run_slots(run);
            mm_free(slot);
            run_of(run)->free = (word_t)(slot - heap_base + ALIGNMENT / 2);
        }
        expect_report("corrupt/run-free-link-I12", "I12");
    }
#endif
#if MM_SMALL
    /* page runs: the page map, the free page list, a free-list cycle */
    for (int kind = 0; kind < 3; kind++) {
        block_t *run = small_run_setup(MM_PAGE_HEAP);
        static const char *const found[] = {"corrupt/page-run-found-map", "corrupt/page-run-found-list",
                                            "corrupt/page-run-found-free-list"};
        check(run != NULL && run == page_run_containing(block_payload(run)) && free_pages != 0,
              found[kind], "no page run holds the object");
        if (run == NULL || free_pages == 0)
            return;
        if (kind == 0) {
            page_map_set((size_t)((char *)block_payload(run) - heap_base) >> PAGE_SHIFT, 0);
            expect_report("corrupt/page-map-bit-I13", "I13");
        } else if (kind == 1) {
            free_page_at(free_pages)->prev = free_pages; /* prev of the first page */
            expect_report("corrupt/free-page-link-I13", "I13");
        } else {
            /* two slots freed, the second's link pointing back at itself */
            char *slots = run_slots(run);
            mm_free(slots);
            mm_free(slots + run_of(run)->slot_size);
            *word_at(slots + run_of(run)->slot_size) = (word_t)(slots + run_of(run)->slot_size - heap_base);
            expect_report("corrupt/free-list-cycle-I12", "I12");
        }
    }
#endif
#if MM_SMALL
    /* spares: an empty page run that is no spare; a miscounted spare; a
     * registered spare filed under another class; a spare that is a
     * plain block */
    static const char *const made[] = {"corrupt/spare-made-a", "corrupt/spare-made-b",
                                       "corrupt/spare-made-c", "corrupt/spare-made-d"};
    for (int kind = 0; kind < 4; kind++) {
        small_heap();
        if (MM_PAGE_HEAP > 0 && kind < 2)
            mm_malloc((size_t)MM_PAGE_HEAP);
        void *objs[MM_SMALL_WARMUP + 1];
        for (size_t i = 0; i < MM_SMALL_WARMUP + 1; i++)
            objs[i] = mm_malloc(SMALL_SIZE);
        block_t *run = run_containing(objs[MM_SMALL_WARMUP]);
        for (size_t i = 0; run != NULL && i < MM_SMALL_WARMUP + 1; i++)
            if (run_containing(objs[i]) == run)
                mm_free(objs[i]);
        check(run != NULL && spare_count == 1 && mm_checkheap(1) == 0, made[kind],
              "freeing a run's objects did not make it a sound spare");
        if (run == NULL || spare_count != 1)
            return;
        unsigned cls = run_class(run_of(run));
        if (kind == 0) {
            small[cls].spare = 0;
            spare_count = 0;
            expect_report("corrupt/empty-run-no-spare-I14", "I14");
        } else if (kind == 1) {
            spare_count = 2;
            expect_report("corrupt/spare-count-I14", "I14");
        } else if (kind == 2) {
            unsigned other = cls + 1 < small_count ? cls + 1 : cls - 1;
            small[other].spare = small[cls].spare;
            small[cls].spare = 0;
            expect_report("corrupt/spare-other-class-I14", "I14");
        } else {
            void *plain = mm_malloc(4096);
            check(plain != NULL && run_containing(plain) == NULL, "corrupt/spare-plain-block",
                  "a 4096-byte request was not a block");
            if (plain == NULL)
                return;
            small[cls].spare = heap_offset(block_from_payload(plain));
            expect_report("corrupt/spare-not-run-I14", "I14");
        }
    }
#endif
}

/* Are the exact-shape tests' requests (req(256) and up) blocks? Not
 * where they take slots (MM_SMALL_MAX of 256 or more). */
static int shapes_are_blocks(void)
{
#if MM_SMALL
    return round_up(req(256), ALIGNMENT) > MM_SMALL_MAX;
#else
    return 1;
#endif
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    mem_init();
    if (shapes_are_blocks()) { /* exact block shapes; where their sizes take slots, none */
        test_split();
        test_coalesce();
        test_top_last();
        test_realloc();
        test_rover();
    }
    test_small();
    test_pages();
    test_corruption();
    mem_deinit();
    return 0;
}
