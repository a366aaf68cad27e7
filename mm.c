/*
 * mm.c - the allocator family: one allocator, its policy chosen by compile
 * flags.
 *
 * ALGORITHM
 *   The heap is one run of blocks between two sentinels, grown with mem_sbrk
 *   only by what a request lacks. Every block starts with a 4-byte header
 *   (size and three flag bits). A free block also carries a footer, so freeing
 *   merges it at once with free neighbours (boundary tags, four cases); an
 *   allocated block has no footer, its successor's PREV_ALLOC bit says it is
 *   in use. Free blocks are found through an index chosen by MM_INDEX: a walk
 *   of the whole heap, one doubly linked list, power-of-two size classes, or
 *   a two-level segregated fit (TLSF) table whose bitmaps find the first
 *   non-empty class in O(1). Within the list searched, MM_FIT picks first,
 *   next or best fit; the free block at the top of the heap is taken only
 *   when no other fits (MM_TOP_LAST), so it stays free to grow. The chosen
 *   block is split when the rest can stand as a block of its own. When
 *   nothing fits, the heap grows by what the request lacks beyond a free
 *   block at the top. realloc shrinks in place, grows into a free successor;
 *   at the end of the heap it first (MM_TOP_LAST) slides down into a free
 *   predecessor that can spare what is missing, else extends the heap;
 *   then it slides into a free predecessor anywhere, and only then moves.
 *   With MM_SMALL, a request of at most MM_SMALL_MAX bytes takes a slot in
 *   a run: equal slots with no header, the free ones on a list.
 *   Runs of a size class with a free slot form a list; an empty run is
 *   freed at once, but for one empty run per class, kept as the class's
 *   spare until the heap must grow (a registered run only when it holds
 *   the slots a new run of its class would). While the heap is smaller
 *   than MM_PAGE_HEAP, a run is an allocated block of up to 64 slots,
 *   sized to its class's live objects, listed in the sorted run registry
 *   (an array kept in a block of its own). free() tells such a slot from
 *   a block through the run map (in the state block): for each 512-byte bucket
 *   of the runs' span, the lowest run that meets it; free walks the
 *   blocks from there to the pointer, within one bucket. Once the heap
 *   holds MM_PAGE_HEAP bytes,
 *   a new run is a page run: one 4 KiB page, filled with slots, of a chunk
 *   (an allocated block of 16 pages aligned to its size); free() finds it
 *   with one bit of the page map. Chunks keep the runs out of the stream
 *   of blocks: in a heap far larger than the cache, runs interleaved with
 *   blocks made every operation slower (allocators/README.md has the
 *   figures). A chunk with no page run goes back to the heap.
 *   Speed: malloc and free begin with a fast path, a slot from a class's
 *   run that has a free one and the free of a slot that leaves its run
 *   neither empty nor newly partial; it saves no registers, and all other
 *   cases are out of line (malloc_general, free_general, run_empty).
 *   Size classes are computed without a branch.
 *   State: every table lives in the heap; static storage holds scalars
 *   only. The free-list heads and bitmaps and the small classes' state
 *   share the state block, an allocated block that grows in place when it
 *   can; before the heap grows, it slides down into a free block below
 *   it, so that it never parts that free space from the top's.
 *   Each table is sized to the heap: at most 1/MM_STATE_SHARE of it. So a
 *   small heap has an index of fewer lists (one at first, the last list
 *   holding every larger size) and serves small requests with blocks
 *   until the heap pays for their classes' table.
 *
 * READING ORDER
 *   this manual; the knobs; the block layout and the block_* and heap_*
 *   helpers; the index (size classes, free lists, the fit policy); blocks
 *   (coalescing, splitting, growing the heap); the state block; realloc;
 *   the interface
 *   (mm_init, mm_malloc, mm_free, mm_realloc); the small-object runs; the
 *   heap checker with its invariants. The last two open with a manual of
 *   their own.
 *
 * VITAL STATISTICS (4-byte words; A = ALIGNMENT from config.h, 8 or 16...)
 *   payload alignment      A
 *   block size             a multiple of A, at least MIN_BLOCK = max(16, A)
 *   overhead, allocated    4 bytes (8 with MM_ALLOC_FOOTER 1)
 *   overhead, free         16 bytes (header, two links, footer)
 *   heap overhead          A bytes (padding, prologue, epilogue)
 *   largest heap           4 GiB - 64 KiB (sizes and links are 32-bit)
 *   small objects          no per-object overhead; a run costs its block
 *                          header and a run header (24 bytes at A = 8)
 *                          for up to 64 slots; a page run, the run header
 *   page runs              a chunk costs its block header and its free
 *                          pages; the page map 1 bit per 4 KiB of heap
 *   index state            in the heap, the state block: 4 bytes per size
 *                          class + 4 per first-level class that the heap
 *                          pays for, + 16 per small class requested, + the
 *                          run map's 2 bytes per 512 of heap up to the
 *                          furthest registered run; static: scalars only
 *
 * KNOBS (each -DNAME=VALUE; an unknown value fails the build)
 *   MM_INDEX        how free blocks are found                default TLSF
 *                   MM_INDEX_IMPLICIT   walk every block of the heap
 *                   MM_INDEX_EXPLICIT   one doubly linked free list
 *                   MM_INDEX_SEGREGATED one list per power-of-two class
 *                   MM_INDEX_TLSF       2^MM_TLSF_SL_BITS lists per power
 *                                       of two, two-level bitmap
 *   MM_FIT          which block of the list searched          default BEST
 *                   MM_FIT_FIRST, MM_FIT_NEXT (resume where the last search
 *                   stopped), MM_FIT_BEST (smallest that fits; an exact fit
 *                   ends the search early)
 *   MM_ORDER        where free lists insert a block           default LIFO
 *                   MM_ORDER_LIFO, MM_ORDER_FIFO, MM_ORDER_ADDRESS (sorted;
 *                   insertion walks the list)
 *   MM_ALLOC_FOOTER 1 = allocated blocks keep a footer too    default 0
 *                   (the textbook layout), 0 = only free blocks have one
 *   MM_REALLOC      MM_REALLOC_INPLACE (shrink, grow into neighbours or
 *                   the heap end, then move), MM_REALLOC_MOVE (always
 *                   malloc, copy, free)                    default INPLACE
 *   MM_TOP_LAST     1 = the free block that ends the heap serves a request
 *                   only when no other free block fits (wilderness
 *                   preservation), and a block growing at the heap's end
 *                   slides down into a free block below it rather than
 *                   grow the heap; 0 = the top is one free block among
 *                   others                                      default 1
 *   MM_TLSF_SL_BITS log2 of the second-level classes per power of two for
 *                   MM_INDEX_TLSF, 0..5                         default 4
 *   MM_BEST_SCAN    best fit visits at most this many blocks in one list
 *                   (or heap walk) and keeps the best seen; 0 = no limit,
 *                   true best fit                             default 32
 *   MM_SMALL        1 = small requests live in runs: blocks cut
 *                   into equal slots with no header, found through a sorted
 *                   run registry; 0 = every request is a block    default 1
 *   MM_SMALL_MAX    largest slot size of a run, in bytes       default 128
 *   MM_SMALL_EVERY  0 = a request up to MM_SMALL_MAX takes a slot only
 *                   when the slot is smaller than the block that would
 *                   hold it; 1 = every such request takes a slot  default 1
 *   MM_SMALL_WARMUP a size class's first requests this many are served by
 *                   blocks; runs start after them                default 16
 *   MM_PAGE_HEAP    once the heap holds this many bytes, a new run is a
 *                   page run: a 4 KiB page of a 64 KiB chunk, found by
 *                   the page map (one bit per page) instead of the
 *                   registry; below it, a run is a block sized to its
 *                   class's live objects. 0 = every run is a page run
 *                                                             default 4 MiB
 *   MM_STATE_SHARE  the allocator's tables (free-list heads and bitmaps,
 *                   the small classes' state) take at most 1/MM_STATE_SHARE
 *                   of the heap: a table is made, or grown, only once the
 *                   heap holds this many times its size; until then the
 *                   index has fewer lists (one at first) and small
 *                   requests are blocks                      default 64
 *   MM_DEBUG        0 = no checks, 1 = asserts, 2 = also mm_checkheap
 *                   after every call, aborting on a violation  default 0
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "memlib.h"
#include "mm.h"

/* The CS:APP classic driver links against this record; ours prints it
 * under -v. */
team_t team = { "malloc lab: TLSF best fit with small-object runs", "", "", "", "" };

/* The hot paths of malloc and free are written as small functions;
 * ALWAYS_INLINE asks the compiler to inline them where -O2 alone would not. OUT_OF_LINE
 * keeps a slow path out of its caller, so that the fast path saves no
 * registers for it. */
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#define OUT_OF_LINE static __attribute__((noinline))
/* A helper that only some knob settings call (the list links under an
 * implicit index, say): no warning where the others leave it unused. */
#define SOME_VARIANTS static inline __attribute__((unused))

/* ---------------------------------------------------------------------
 * Knobs. Values are numbers so that #if can test them under -Wundef.
 * ------------------------------------------------------------------ */
#define MM_INDEX_IMPLICIT 1
#define MM_INDEX_EXPLICIT 2
#define MM_INDEX_SEGREGATED 3
#define MM_INDEX_TLSF 4

#define MM_FIT_FIRST 1
#define MM_FIT_NEXT 2
#define MM_FIT_BEST 3

#define MM_ORDER_LIFO 1
#define MM_ORDER_FIFO 2
#define MM_ORDER_ADDRESS 3

#define MM_REALLOC_INPLACE 1
#define MM_REALLOC_MOVE 2

#ifndef MM_INDEX
#define MM_INDEX MM_INDEX_TLSF
#endif
#if MM_INDEX != MM_INDEX_IMPLICIT && MM_INDEX != MM_INDEX_EXPLICIT && \
    MM_INDEX != MM_INDEX_SEGREGATED && MM_INDEX != MM_INDEX_TLSF
#error "MM_INDEX must be MM_INDEX_IMPLICIT, _EXPLICIT, _SEGREGATED or _TLSF"
#endif

#ifndef MM_FIT
#define MM_FIT MM_FIT_BEST
#endif
#if MM_FIT != MM_FIT_FIRST && MM_FIT != MM_FIT_NEXT && MM_FIT != MM_FIT_BEST
#error "MM_FIT must be MM_FIT_FIRST, MM_FIT_NEXT or MM_FIT_BEST"
#endif

#ifndef MM_ORDER
#define MM_ORDER MM_ORDER_LIFO
#endif
#if MM_ORDER != MM_ORDER_LIFO && MM_ORDER != MM_ORDER_FIFO && \
    MM_ORDER != MM_ORDER_ADDRESS
#error "MM_ORDER must be MM_ORDER_LIFO, MM_ORDER_FIFO or MM_ORDER_ADDRESS"
#endif

#ifndef MM_ALLOC_FOOTER
#define MM_ALLOC_FOOTER 0
#endif
#if MM_ALLOC_FOOTER != 0 && MM_ALLOC_FOOTER != 1
#error "MM_ALLOC_FOOTER must be 0 or 1"
#endif

#ifndef MM_REALLOC
#define MM_REALLOC MM_REALLOC_INPLACE
#endif
#if MM_REALLOC != MM_REALLOC_INPLACE && MM_REALLOC != MM_REALLOC_MOVE
#error "MM_REALLOC must be MM_REALLOC_INPLACE or MM_REALLOC_MOVE"
#endif

#ifndef MM_TLSF_SL_BITS
#define MM_TLSF_SL_BITS 4
#endif
#if MM_TLSF_SL_BITS < 0 || MM_TLSF_SL_BITS > 5
#error "MM_TLSF_SL_BITS must be 0..5"
#endif

#ifndef MM_BEST_SCAN
#define MM_BEST_SCAN 32
#endif
#if MM_BEST_SCAN < 0
#error "MM_BEST_SCAN must be 0 (no limit) or a positive count"
#endif

#ifndef MM_TOP_LAST
#define MM_TOP_LAST 1
#endif
#if MM_TOP_LAST != 0 && MM_TOP_LAST != 1
#error "MM_TOP_LAST must be 0 or 1"
#endif

#ifndef MM_SMALL
#define MM_SMALL 1
#endif
#if MM_SMALL != 0 && MM_SMALL != 1
#error "MM_SMALL must be 0 or 1"
#endif

#ifndef MM_SMALL_MAX
#define MM_SMALL_MAX 128
#endif
#if MM_SMALL_MAX < ALIGNMENT || MM_SMALL_MAX % ALIGNMENT != 0 || MM_SMALL_MAX > 2048
#error "MM_SMALL_MAX must be a multiple of ALIGNMENT, at most 2048 (half a page run)"
#endif

#ifndef MM_SMALL_EVERY
#define MM_SMALL_EVERY 1
#endif
#if MM_SMALL_EVERY != 0 && MM_SMALL_EVERY != 1
#error "MM_SMALL_EVERY must be 0 or 1"
#endif

#ifndef MM_SMALL_WARMUP
#define MM_SMALL_WARMUP 16
#endif
#if MM_SMALL_WARMUP < 0
#error "MM_SMALL_WARMUP must be a count, 0 or more"
#endif

#ifndef MM_PAGE_HEAP
#define MM_PAGE_HEAP (4ull << 20)
#endif
#if MM_PAGE_HEAP < 0
#error "MM_PAGE_HEAP must be a heap size in bytes, 0 or more"
#endif

#ifndef MM_STATE_SHARE
#define MM_STATE_SHARE 64
#endif
#if MM_STATE_SHARE < 1
#error "MM_STATE_SHARE must be a positive share (heap bytes per byte of tables)"
#endif

#ifndef MM_DEBUG
#define MM_DEBUG 0
#endif
#if MM_DEBUG < 0 || MM_DEBUG > 2
#error "MM_DEBUG must be 0, 1 or 2"
#endif
#if MM_DEBUG == 0 && !defined(NDEBUG)
#define NDEBUG
#include <assert.h> /* again, now without checks */
#endif

#define SMALL_CLASSES (MM_SMALL_MAX / ALIGNMENT) /* class c: slots of (c+1)*A */

#if MAX_HEAP > 0xFFFF0000ull
#error "mm.c keeps sizes and links in 32 bits: MAX_HEAP must be below 4 GiB"
#endif

/*
 * BLOCK LAYOUT (every box is one 4-byte word; addresses grow to the right)
 *
 *   allocated block            free block
 *   +--------+-------...---+   +--------+------+------+--...--+--------+
 *   | header | payload     |   | header | next | prev |       | footer |
 *   +--------+-------...---+   +--------+------+------+--...--+--------+
 *            ^ aligned to A             ^ payload address (A-aligned)
 *   (with MM_ALLOC_FOOTER 1 an allocated block ends in a footer too)
 *
 *   header and footer: size (bytes, a multiple of A) | PREV_ALLOC | ALLOC
 *     bit 0 ALLOC       this block is in use
 *     bit 1 PREV_ALLOC  the block just below this one is in use
 *     bit 2 RUN         this allocated block is a run (MM_SMALL)
 *   next, prev: offsets from the heap's first byte of the neighbours in the
 *   block's free list (a circular list); 0 is never a block's offset.
 *
 *   whole heap:
 *   +-- padding --+----------+-------+-- blocks ... --+----------+
 *   | A-8 bytes   | prologue | block | block   ...    | epilogue |
 *   +-------------+----------+-------+----------------+----------+
 *   lo                         ^ first header at offset A-4, payload at A
 *   prologue: one word, size 0, ALLOC; epilogue: one header word of size 0,
 *   ALLOC, whose PREV_ALLOC tells whether the last block is in use.
 *   Runs, the registry and chunks are drawn in the small-object section.
 *   Once a table exists, one allocated block is the state block:
 *   +--------+------------------+-------------------+---------------+
 *   | header | heads            | bitmaps           | classes       |
 *   +--------+------------------+-------------------+---------------+
 *            ^ class_last + 1    ^ class_last /      ^ small_count
 *              words              SL_COUNT + 1 words   small_t records
 *   (the state section describes it)
 */

/* ---------------------------------------------------------------------
 * Constants
 * ------------------------------------------------------------------ */
typedef uint32_t word_t;

enum {
    WORD_SIZE = 4,
    HEADER_SIZE = WORD_SIZE,
    FOOTER_SIZE = WORD_SIZE,
    /* what an allocated block spends besides its payload */
    ALLOC_OVERHEAD = HEADER_SIZE + (MM_ALLOC_FOOTER ? FOOTER_SIZE : 0),
    /* header, next, prev, footer, rounded up to the alignment */
    MIN_BLOCK = (4 * WORD_SIZE + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT,
    FIRST_BLOCK_OFFSET = ALIGNMENT - HEADER_SIZE,
};

static const word_t ALLOC_BIT = 0x1;
static const word_t PREV_ALLOC_BIT = 0x2;
static const word_t RUN_BIT = 0x4;
static const word_t FLAG_MASK = 0x7;
static const word_t PROLOGUE_WORD = 0x1; /* size 0, ALLOC */

#if ALIGNMENT == 8
#define ALIGN_SHIFT 3
#elif ALIGNMENT == 16
#define ALIGN_SHIFT 4
#elif ALIGNMENT == 32
#define ALIGN_SHIFT 5
#elif ALIGNMENT == 64
#define ALIGN_SHIFT 6
#else
#error "mm.c supports ALIGNMENT 8, 16, 32 or 64"
#endif

/* Larger requests are refused up front (no heap could hold them). Up to
 * it, a request goes the usual way and mem_sbrk refuses what does not fit,
 * so the driver sees an out-of-memory; its block size still fits 32 bits
 * (MAX_HEAP is checked above). */
static const size_t MAX_REQUEST = (size_t)MAX_HEAP;

/* ---------------------------------------------------------------------
 * The block type and the heap's bounds
 * ------------------------------------------------------------------ */
typedef struct block {
    word_t header;
    /* a free block of a list index only (absent from allocated blocks):
     * offsets of its neighbours in its list */
    word_t next, prev;
} block_t;

static char *heap_base;          /* mem_heap_lo() at mm_init               */
static char *heap_end;           /* one past the heap's last byte          */
static word_t state_block;       /* offset of the state block, 0 = none    */

/* ---------------------------------------------------------------------
 * Words and sizes
 * ------------------------------------------------------------------ */
static inline size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

static inline word_t *word_at(void *p)
{
    return (word_t *)p;
}

/* The block size that serves a request of `size` payload bytes. */
static inline size_t request_block_size(size_t size)
{
    size_t asize = round_up(size + ALLOC_OVERHEAD, ALIGNMENT);
    return asize < MIN_BLOCK ? MIN_BLOCK : asize;
}

/* ---------------------------------------------------------------------
 * block_*: one block, addressed by its header
 * ------------------------------------------------------------------ */
static inline size_t block_size(const block_t *b)
{
    return b->header & ~FLAG_MASK;
}

static inline int block_is_alloc(const block_t *b)
{
    return (b->header & ALLOC_BIT) != 0;
}

static inline int block_prev_alloc(const block_t *b)
{
    return (b->header & PREV_ALLOC_BIT) != 0;
}

static inline void *block_payload(block_t *b)
{
    return (char *)b + HEADER_SIZE;
}

static inline block_t *block_from_payload(void *p)
{
    return (block_t *)((char *)p - HEADER_SIZE);
}

/* Payload bytes a block of this size holds. */
static inline size_t block_capacity(const block_t *b)
{
    return block_size(b) - ALLOC_OVERHEAD;
}

static inline block_t *block_next(block_t *b)
{
    return (block_t *)((char *)b + block_size(b));
}

static inline word_t *block_footer(block_t *b)
{
    return word_at((char *)b + block_size(b) - FOOTER_SIZE);
}

/* The block below b; only valid when b's PREV_ALLOC bit is clear (or when
 * every block has a footer). */
static inline block_t *block_prev(block_t *b)
{
    word_t prev_footer = *word_at((char *)b - FOOTER_SIZE);
    return (block_t *)((char *)b - (prev_footer & ~FLAG_MASK));
}

static inline word_t block_pack(size_t size, int prev_alloc, int alloc)
{
    return (word_t)size | (prev_alloc ? PREV_ALLOC_BIT : 0) |
           (alloc ? ALLOC_BIT : 0);
}

static inline void block_set_prev_alloc(block_t *b, int prev_alloc)
{
    if (prev_alloc)
        b->header |= PREV_ALLOC_BIT;
    else
        b->header &= ~PREV_ALLOC_BIT;
}

/* Writes a free block of `size` bytes at b (header and footer) and tells
 * its successor that it is free. */
static inline void block_make_free(block_t *b, size_t size, int prev_alloc)
{
    b->header = block_pack(size, prev_alloc, 0);
    *block_footer(b) = b->header;
    block_set_prev_alloc(block_next(b), 0);
}

/* Writes an allocated block of `size` bytes at b and tells its successor. */
static inline void block_make_alloc(block_t *b, size_t size, int prev_alloc)
{
    b->header = block_pack(size, prev_alloc, 1);
#if MM_ALLOC_FOOTER
    *block_footer(b) = b->header;
#endif
    block_set_prev_alloc(block_next(b), 1);
}

/* ---------------------------------------------------------------------
 * heap_*: the whole heap
 * ------------------------------------------------------------------ */
static inline block_t *heap_first_block(void)
{
    return (block_t *)(heap_base + FIRST_BLOCK_OFFSET);
}

static inline word_t *heap_prologue(void)
{
    return word_at(heap_base + FIRST_BLOCK_OFFSET - WORD_SIZE);
}

static inline block_t *heap_epilogue(void)
{
    return (block_t *)(heap_end - HEADER_SIZE);
}

/* mem_sbrk, keeping heap_end; 0, or -1 when the heap cannot grow. */
static int heap_sbrk(size_t bytes)
{
    if (mem_sbrk((intptr_t)bytes) == (void *)-1)
        return -1;
    heap_end += bytes;
    return 0;
}

static inline word_t heap_offset(const block_t *b)
{
    return (word_t)((const char *)b - heap_base);
}

SOME_VARIANTS block_t *heap_block_at(word_t offset)
{
    return offset == 0 ? NULL : (block_t *)(heap_base + offset);
}

/* The block at a non-zero offset (a link of a circular list): no test. */
static inline block_t *heap_block_at_nonzero(word_t offset)
{
    return (block_t *)(heap_base + offset);
}

/* ---------------------------------------------------------------------
 * Size classes (derived; do not modify). A list index keeps CLASS_COUNT
 * circular lists; a class number is fl * SL_COUNT + sl.
 *   explicit:   one class.
 *   segregated: class k holds sizes in [2^j, 2^(j+1)) (SL_BITS 0).
 *   TLSF:       sizes below LINEAR_LIMIT have one class per multiple of A;
 *               above, each power of two is cut into SL_COUNT equal parts.
 * ------------------------------------------------------------------ */
#if MM_INDEX == MM_INDEX_TLSF
#define SL_BITS MM_TLSF_SL_BITS
#else
#define SL_BITS 0
#endif

#if MM_INDEX == MM_INDEX_IMPLICIT
#define LIST_INDEX 0
#else
#define LIST_INDEX 1
#endif

#if MM_INDEX == MM_INDEX_EXPLICIT || MM_INDEX == MM_INDEX_IMPLICIT
#define FL_COUNT 1
#else
#define FL_COUNT (32 - (SL_BITS + ALIGN_SHIFT) + 1)
#endif
#define SL_COUNT (1 << SL_BITS)
#define CLASS_COUNT (FL_COUNT * SL_COUNT)
#define LINEAR_LIMIT ((size_t)1 << (SL_BITS + ALIGN_SHIFT))
#define NO_CLASS ((unsigned)CLASS_COUNT)

_Static_assert(FL_COUNT <= 32, "first-level bitmap is one 32-bit word");
_Static_assert(SL_COUNT <= 32, "second-level bitmaps are 32-bit words");
_Static_assert(MIN_BLOCK >= 16, "a free block needs four words");

/* The index's state: next fit's rover; a list index's heads and bitmaps.
 * The heads and second-level bitmaps live in the state block, sized to
 * the heap (index_fit_heap): classes 0..class_last, the last one holding
 * every larger size too. While the heap is too small to pay for them
 * (MM_STATE_SHARE), class_last is 0: one list, whose head and bitmap are
 * the scalars list_head0 and sl_bitmap0. */
static block_t *rover;           /* next fit: where the next search starts */
#if LIST_INDEX
static word_t *list_head;        /* [class_last + 1]: each list's first block */
static uint32_t *sl_bitmap;      /* [class_last / SL_COUNT + 1]: bit sl: list
                                    fl * SL_COUNT + sl is used */
static uint32_t fl_bitmap;       /* bit fl: some sl_bitmap[fl] != 0 */
static unsigned class_last;      /* the index's last class, a catch-all */
static word_t index_recheck;     /* heap size at which index_fit_heap looks again */
static word_t list_head0;        /* the head and bitmap of a one-list index */
static uint32_t sl_bitmap0;
#endif

/* ---------------------------------------------------------------------
 * Free-list links (list indexes only; lists are circular, so a link is
 * never 0)
 * ------------------------------------------------------------------ */
SOME_VARIANTS block_t *link_next(block_t *b)
{
    return heap_block_at_nonzero(b->next);
}

SOME_VARIANTS block_t *link_prev(block_t *b)
{
    return heap_block_at_nonzero(b->prev);
}

SOME_VARIANTS void link_set_next(block_t *b, block_t *next)
{
    b->next = heap_offset(next);
}

SOME_VARIANTS void link_set_prev(block_t *b, block_t *prev)
{
    b->prev = heap_offset(prev);
}

/* ---------------------------------------------------------------------
 * class_*: size classes and their bitmaps
 * ------------------------------------------------------------------ */
SOME_VARIANTS unsigned floor_log2(size_t n)
{
    return (unsigned)(63 - __builtin_clzll((unsigned long long)n));
}

/* The class whose list holds free blocks of this size. */
SOME_VARIANTS unsigned class_of(size_t size)
{
#if MM_INDEX == MM_INDEX_EXPLICIT || MM_INDEX == MM_INDEX_IMPLICIT
    (void)size;
    return 0;
#else
    /* Without a branch: below LINEAR_LIMIT, log is that of LINEAR_LIMIT and
     * the class is size >> ALIGN_SHIFT; above, fl * SL_COUNT + sl with
     * fl = log - (SL_BITS + ALIGN_SHIFT) + 1 and sl = (size >> (log -
     * SL_BITS)) - SL_COUNT, the SL_COUNT cancelling the + 1. */
    unsigned log = floor_log2(size | LINEAR_LIMIT);
    return ((log - (SL_BITS + ALIGN_SHIFT)) << SL_BITS) +
           (unsigned)(size >> (log - SL_BITS));
#endif
}

#if LIST_INDEX
/* The list that holds free blocks of this size: its class, or the last
 * class of the index for every larger size. */
static inline unsigned index_class(size_t size)
{
    unsigned cls = class_of(size);
    return cls < class_last ? cls : class_last;
}

static inline void class_mark(unsigned cls, int used)
{
    unsigned fl = cls / SL_COUNT, sl = cls % SL_COUNT;
    if (used) {
        sl_bitmap[fl] |= 1u << sl;
        fl_bitmap |= 1u << fl;
    } else {
        sl_bitmap[fl] &= ~(1u << sl);
        if (sl_bitmap[fl] == 0)
            fl_bitmap &= ~(1u << fl);
    }
}

/* The first non-empty class >= cls, or NO_CLASS. */
SOME_VARIANTS unsigned class_first_used(unsigned cls)
{
    if (cls > class_last)
        return NO_CLASS;
    unsigned fl = cls / SL_COUNT, sl = cls % SL_COUNT;
    uint32_t bits = sl_bitmap[fl] & (~0u << sl);
    if (bits != 0)
        return fl * SL_COUNT + (unsigned)__builtin_ctz(bits);
    uint32_t fl_bits = fl + 1 < 32 ? fl_bitmap & (~0u << (fl + 1)) : 0;
    if (fl_bits == 0)
        return NO_CLASS;
    fl = (unsigned)__builtin_ctz(fl_bits);
    return fl * SL_COUNT + (unsigned)__builtin_ctz(sl_bitmap[fl]);
}
#endif

/* ---------------------------------------------------------------------
 * index_*: the one seam between the heap and the free-block policy.
 * index_insert / index_remove keep a free block findable; index_find
 * returns a free block of at least asize bytes, still indexed, or NULL.
 * ------------------------------------------------------------------ */
/* The fit policy, in one place. A search that has just found a block of
 * `size` bytes for a request of asize bytes (the best so far) stops there
 * for first and next fit; best fit goes on unless the fit is exact. */
static inline int fit_stops_at(size_t size, size_t asize)
{
#if MM_FIT == MM_FIT_BEST
    return size == asize;
#else
    (void)size;
    (void)asize;
    return 1;
#endif
}

/* Best fit gives up after visiting MM_BEST_SCAN blocks of one search
 * (keeping the best found), so that a search costs O(1). */
static inline int scan_exhausted(unsigned *visited)
{
#if MM_FIT == MM_FIT_BEST && MM_BEST_SCAN > 0
    return ++*visited >= (unsigned)MM_BEST_SCAN;
#else
    (void)visited;
    return 0;
#endif
}

/* One search with the fit policy: visit candidate blocks in order; the
 * search keeps the best fitting free block and says when to stop. */
typedef struct {
    size_t asize;       /* the request, in block bytes */
    block_t *best;      /* best fitting free block so far, or NULL */
    size_t best_size;
    unsigned visited;
    const char *heap_last; /* the epilogue: a free block ending there is
                              the top, passed over (MM_TOP_LAST) */
} fit_search_t;

/* The free block that ends the heap, or NULL when the last block is in use. */
SOME_VARIANTS block_t *heap_top_free(void)
{
    block_t *epilogue = heap_epilogue();
    return block_prev_alloc(epilogue) ? NULL : block_prev(epilogue);
}

static inline fit_search_t fit_search_start(size_t asize)
{
    return (fit_search_t){ .asize = asize, .best = NULL, .best_size = SIZE_MAX, .visited = 0,
                           .heap_last = (const char *)heap_epilogue() };
}

/* With MM_TOP_LAST the searches pass over the top block; it serves only a
 * request that no other free block fits. */
static inline block_t *fit_last_resort(size_t asize)
{
#if MM_TOP_LAST
    block_t *top = heap_top_free();
    if (top != NULL && block_size(top) >= asize)
        return top;
#else
    (void)asize;
#endif
    return NULL;
}

/* Considers block b (is_free: whether it may be taken); returns 1 when the
 * search should stop. */
static inline int fit_visit(fit_search_t *search, block_t *b, int is_free)
{
    size_t size = block_size(b);
    if (is_free && size >= search->asize && size < search->best_size &&
        !(MM_TOP_LAST && (const char *)b + size == search->heap_last)) {
        search->best = b;
        search->best_size = size;
        if (fit_stops_at(size, search->asize))
            return 1;
    }
    return scan_exhausted(&search->visited);
}

#if LIST_INDEX
ALWAYS_INLINE void index_insert(block_t *b)
{
    unsigned cls = index_class(block_size(b));
    block_t *head = heap_block_at(list_head[cls]);
    if (head == NULL) {
        link_set_next(b, b);
        link_set_prev(b, b);
        list_head[cls] = heap_offset(b);
        class_mark(cls, 1);
        return;
    }
    block_t *before = head; /* b goes just before this block */
#if MM_ORDER == MM_ORDER_ADDRESS
    while (before < b) {
        before = link_next(before);
        if (before == head)
            break;
    }
#endif
    block_t *after = link_prev(before);
    link_set_next(b, before);
    link_set_prev(b, after);
    link_set_next(after, b);
    link_set_prev(before, b);
#if MM_ORDER == MM_ORDER_LIFO
    list_head[cls] = heap_offset(b);
#elif MM_ORDER == MM_ORDER_ADDRESS
    if (b < head)
        list_head[cls] = heap_offset(b);
#endif
}

ALWAYS_INLINE void index_remove(block_t *b)
{
    unsigned cls = index_class(block_size(b));
    block_t *next = link_next(b);
    if (next == b) {
        list_head[cls] = 0;
        class_mark(cls, 0);
#if MM_FIT == MM_FIT_NEXT
        if (rover == b)
            rover = NULL;
#endif
        return;
    }
    block_t *prev = link_prev(b);
    link_set_next(prev, next);
    link_set_prev(next, prev);
    if (list_head[cls] == heap_offset(b))
        list_head[cls] = heap_offset(next);
#if MM_FIT == MM_FIT_NEXT /* only next fit sets the rover */
    if (rover == b)
        rover = next;
#endif
}

/* Searches one list with the fit policy for a block of >= asize bytes. */
ALWAYS_INLINE block_t *list_search(unsigned cls, size_t asize)
{
    block_t *head = heap_block_at(list_head[cls]);
    if (head == NULL)
        return NULL;
    block_t *start = head;
#if MM_FIT == MM_FIT_NEXT
    if (rover != NULL && index_class(block_size(rover)) == cls)
        start = rover;
#endif
    fit_search_t search = fit_search_start(asize);
    block_t *b = start;
    do {
        if (fit_visit(&search, b, 1))
            break;
        b = link_next(b);
    } while (b != start);
#if MM_FIT == MM_FIT_NEXT
    rover = search.best;
#endif
    return search.best;
}

ALWAYS_INLINE block_t *index_find(size_t asize)
{
    unsigned cls = index_class(asize);
    block_t *b = list_search(cls, asize);
#if CLASS_COUNT > 1
    /* every block of a higher class fits; only a class that holds nothing
     * but the top block (MM_TOP_LAST), or nothing that fits (the last
     * class), sends the search one class further */
    while (b == NULL && (cls = class_first_used(cls + 1)) != NO_CLASS)
        b = list_search(cls, asize);
#endif
    return b != NULL ? b : fit_last_resort(asize);
}

/* Called after a merge; the rover of a list index is kept by index_remove. */
static inline void index_absorbed(block_t *merged)
{
    (void)merged;
}

#else /* implicit: the heap walk is the index */

static inline void index_insert(block_t *b)
{
    (void)b;
}

static inline void index_remove(block_t *b)
{
    (void)b;
}

/* Walks the blocks from `from` up to (not including) `to` for a free block
 * of at least asize bytes, with the fit policy. */
static block_t *walk_search(block_t *from, block_t *to, size_t asize)
{
    fit_search_t search = fit_search_start(asize);
    for (block_t *b = from; b != to; b = block_next(b))
        if (fit_visit(&search, b, !block_is_alloc(b)))
            break;
    return search.best;
}

static block_t *index_find(size_t asize)
{
#if MM_FIT == MM_FIT_NEXT
    block_t *start = rover != NULL ? rover : heap_first_block();
    block_t *b = walk_search(start, heap_epilogue(), asize);
    if (b == NULL)
        b = walk_search(heap_first_block(), start, asize);
    if (b == NULL)
        b = fit_last_resort(asize);
    rover = b;
    return b;
#else
    block_t *b = walk_search(heap_first_block(), heap_epilogue(), asize);
    return b != NULL ? b : fit_last_resort(asize);
#endif
}

/* A merge swallowed the blocks after `merged`: a rover pointing into it
 * moves to its start. */
static inline void index_absorbed(block_t *merged)
{
    if (rover > merged && (char *)rover < (char *)merged + block_size(merged))
        rover = merged;
}
#endif

/* ---------------------------------------------------------------------
 * Coalescing, splitting, growing
 * ------------------------------------------------------------------ */

/* b is to be free and is not indexed; only its header's size and
 * PREV_ALLOC bit are read. Merges it with free neighbours, unindexing
 * them, and writes the merged free block once; returns it, unindexed. */
ALWAYS_INLINE block_t *coalesce(block_t *b)
{
    size_t size = block_size(b);
    block_t *next = block_next(b);
    int prev_free = !block_prev_alloc(b);
    int next_free = !block_is_alloc(next);

    /* case 1: both neighbours in use, b alone is written */
    if (next_free) { /* cases 2 and 4: absorb the successor */
        index_remove(next);
        size += block_size(next);
    }
    if (prev_free) { /* cases 3 and 4: the predecessor absorbs b */
        block_t *prev = block_prev(b);
        index_remove(prev);
        size += block_size(prev);
        b = prev;
    }
    block_make_free(b, size, 1); /* a free block's predecessor is in use */
    index_absorbed(b);
    return b;
}

/* b is free and unindexed; makes its first asize bytes an allocated block
 * and indexes the rest when it can stand alone. */
ALWAYS_INLINE void place(block_t *b, size_t asize)
{
    size_t size = block_size(b);
    int prev_alloc = block_prev_alloc(b);
    if (size - asize >= MIN_BLOCK) {
        b->header = block_pack(asize, prev_alloc, 1);
#if MM_ALLOC_FOOTER
        *block_footer(b) = b->header;
#endif
        block_t *rest = block_next(b);
        block_make_free(rest, size - asize, 1);
        index_insert(rest);
    } else {
        block_make_alloc(b, size, prev_alloc);
    }
}

static void state_moved(ptrdiff_t by);
#if LIST_INDEX
static void index_grown(unsigned old_last, word_t head);
#endif

/* The state block, when a free block lies below it and a free block or
 * the heap's end above, slides down to the start of the free block below:
 * the free space on both sides becomes one block above it, which the
 * growing heap extends. (The heap grows only for what its top lacks, so
 * a table left between two holes would cost the heap their sum.) */
static void state_sink(void)
{
    if (state_block == 0)
        return;
    block_t *s = heap_block_at_nonzero(state_block);
    block_t *above = block_next(s);
    if (block_prev_alloc(s) || (block_is_alloc(above) && above != heap_epilogue()))
        return;
    block_t *below = block_prev(s);
    size_t below_size = block_size(below), size = block_size(s);
    index_remove(below);
    memmove(below, s, size);
    below->header |= PREV_ALLOC_BIT; /* a free block's predecessor is in use */
    state_block = heap_offset(below);
    state_moved(-(ptrdiff_t)below_size);
    block_t *rest = block_next(below);
    block_make_free(rest, below_size, 1);
    index_insert(coalesce(rest));
}

/* Grows the heap by `bytes`: the new bytes lie at the old epilogue's
 * place, which the caller makes a block. 0, or -1 when the heap cannot
 * grow. */
static int heap_lift(size_t bytes)
{
    if (heap_sbrk(bytes) < 0)
        return -1;
    heap_epilogue()->header = block_pack(0, 1, 1);
    return 0;
}

/* Grows the heap so that a free block of at least asize bytes ends it:
 * extends the free block at the top when there is one. Returns that block,
 * unindexed, or NULL when mem_sbrk refuses. */
static block_t *heap_grow(size_t asize)
{
    state_sink();
    block_t *epilogue = heap_epilogue();
    size_t have = 0;
    if (!block_prev_alloc(epilogue))
        have = block_size(block_prev(epilogue));
    size_t need = asize > have ? asize - have : 0;
    if (need == 0)
        need = ALIGNMENT; /* unreachable for a fitting top block */
    int prev_alloc = block_prev_alloc(epilogue);
    if (heap_lift(need) < 0)
        return NULL;
    block_t *b = epilogue; /* the old epilogue becomes the new header */
    block_make_free(b, need, prev_alloc);
    return coalesce(b);
}

#if MM_DEBUG == 2
#define DEBUG_CHECK()                                                       \
    do {                                                                    \
        if (mm_checkheap(1) != 0)                                           \
            abort();                                                        \
    } while (0)
#else
#define DEBUG_CHECK() ((void)0)
#endif

#if MM_SMALL
/* The small-object path, used by the block path, realloc and the
 * interface; defined after them (run_*, registry_*, small_*). */
static void small_init(void);
static int small_start(size_t size);
static unsigned small_release_spares(void);
static unsigned spare_count; /* classes with a spare run */
static inline int small_class_of(size_t size);
ALWAYS_INLINE int small_has_free_slot(unsigned cls);
ALWAYS_INLINE void *small_alloc_fast(unsigned cls);
static void *small_alloc(size_t size, unsigned cls);
ALWAYS_INLINE block_t *run_containing(const void *p);
static inline size_t run_capacity(block_t *b);
static inline void small_free(block_t *b, void *p);
#endif

#if LIST_INDEX
static void index_fit_heap(void);
#endif

#if MM_SMALL
/* Makes free, indexed block b an allocated block of asize bytes (place). */
ALWAYS_INLINE void block_take(block_t *b, size_t asize)
{
    index_remove(b);
    place(b, asize);
}
#endif

/* The block path of malloc: an allocated block of at least asize bytes.
 * release_spares: the small classes' spare runs go back to the heap
 * before it grows (not while a run is being made). */
ALWAYS_INLINE block_t *block_alloc(size_t asize, int release_spares)
{
#if LIST_INDEX
    if ((size_t)(heap_end - heap_base) >= index_recheck)
        index_fit_heap();
#endif
    block_t *b = index_find(asize);
#if MM_SMALL
    if (b == NULL && release_spares && spare_count != 0) {
        small_release_spares();
        b = index_find(asize);
    }
#else
    (void)release_spares;
#endif
    if (b != NULL)
        index_remove(b);
    else if ((b = heap_grow(asize)) == NULL)
        return NULL;
    place(b, asize);
    return b;
}

/* The block path of free. */
ALWAYS_INLINE void block_release(block_t *b)
{
    assert(block_is_alloc(b) && "freeing a block that is not in use");
    index_insert(coalesce(b));
}

#if LIST_INDEX
/* The bytes of an index whose last class is `last`: its heads and its
 * second-level bitmaps. */
static inline size_t index_bytes(unsigned last)
{
    return ((size_t)last + 1 + last / SL_COUNT + 1) * WORD_SIZE;
}

/* The last class of the index for a heap of `heap` bytes: whole first
 * levels, as many as the heap's largest block needs and as the share of
 * the heap allows (MM_STATE_SHARE); the last class also holds every
 * larger size. */
static unsigned index_last_for(size_t heap)
{
    unsigned levels = class_of(heap) / SL_COUNT + 1;
    if (levels > FL_COUNT)
        levels = FL_COUNT;
    while (levels > 0 && request_block_size(index_bytes(levels * SL_COUNT)) * MM_STATE_SHARE > heap)
        levels--;
    return levels == FL_COUNT ? CLASS_COUNT - 1 : levels * SL_COUNT;
}

#endif

/* ---------------------------------------------------------------------
 * state_*: the allocator's tables, in one block of the heap
 * ------------------------------------------------------------------ */
/*
 * The state block is an allocated block at heap offset state_block. Its
 * payload holds, in this order, each table only while it exists:
 *   heads    the index's list heads (class_last + 1 words) and second-
 *            level bitmaps (class_last / SL_COUNT + 1 words); none while
 *            class_last is 0
 *   classes  the small classes' state, small_count records (small_t):
 *            classes 0..small_count - 1, those requested so far
 *   run map  run_map_buckets 16-bit entries (see run_map), once a
 *            registered run has been made
 * It is made where a block of its size fits (a hole, else the top). When
 * a table grows, the block grows down into a free block below it, or up
 * into a free block above it or into new heap at the heap's end, the
 * tables moving within it; else it moves to a new block and the old one
 * is freed. Before the heap grows, it slides down into a free block
 * below it when a free block or the heap's end lies above it
 * (state_sink): the free space then joins the top. Tables never shrink.
 */
enum { STATE_HEADS, STATE_CLASSES, STATE_MAP, STATE_PARTS };

#if MM_SMALL
/* A small class's state (see the small-object section). */
typedef struct small {
    word_t partial;     /* a run of the class with a free slot, or 0    */
    word_t spare;       /* the class's empty run kept, or 0             */
    uint32_t requests;  /* warm-up: requests served by blocks so far    */
    uint32_t live;      /* objects in the class's runs                  */
} small_t;

static small_t *small;           /* [small_count], NULL before the small path starts */
static uint16_t *run_map;        /* [run_map_buckets] (see run_map_enter) */
static word_t run_map_buckets;
static unsigned small_count;     /* classes in the table, 0 = none */
static word_t small_limit;       /* the largest request the table's classes serve, 0 = none */
#endif

SOME_VARIANTS unsigned small_held(void)
{
#if MM_SMALL
    return small_count;
#else
    return 0;
#endif
}

SOME_VARIANTS size_t run_map_held(void)
{
#if MM_SMALL
    return run_map_buckets;
#else
    return 0;
#endif
}

/* The bytes of each table of a state block with these sizes. */
static void state_parts(size_t part[STATE_PARTS], unsigned last, unsigned classes, size_t buckets)
{
#if LIST_INDEX
    part[STATE_HEADS] = last == 0 ? 0 : index_bytes(last);
#else
    (void)last;
    part[STATE_HEADS] = 0;
#endif
#if MM_SMALL
    part[STATE_CLASSES] = classes * sizeof(small_t);
    part[STATE_MAP] = round_up(buckets * sizeof(uint16_t), WORD_SIZE);
#else
    (void)classes;
    (void)buckets;
    part[STATE_CLASSES] = part[STATE_MAP] = 0;
#endif
}

/* Where each table starts, for these sizes, in a payload at `payload`
 * (NULL when there is no state block: every table is empty, every place
 * NULL). */
static void state_places(char *place[STATE_PARTS], char *payload, const size_t part[STATE_PARTS])
{
    for (int i = 0; i < STATE_PARTS; i++) {
        place[i] = payload;
        if (payload != NULL)
            payload += part[i];
    }
}

static inline char *state_payload(void)
{
    return (char *)block_payload(heap_block_at_nonzero(state_block));
}

static unsigned state_last(void)
{
#if LIST_INDEX
    return class_last;
#else
    return 0;
#endif
}

/* Points the tables' pointers into the state block (after it moved). */
static void state_point(void)
{
    size_t part[STATE_PARTS];
    char *place[STATE_PARTS];
    state_parts(part, state_last(), small_held(), run_map_held());
    state_places(place, state_payload(), part);
#if LIST_INDEX
    list_head = part[STATE_HEADS] != 0 ? (word_t *)place[STATE_HEADS] : &list_head0;
    sl_bitmap = part[STATE_HEADS] != 0 ? (uint32_t *)(list_head + class_last + 1) : &sl_bitmap0;
#endif
#if MM_SMALL
    small = part[STATE_CLASSES] != 0 ? (small_t *)place[STATE_CLASSES] : NULL;
    run_map = part[STATE_MAP] != 0 ? (uint16_t *)place[STATE_MAP] : NULL;
#endif
}

/* The state block has moved by `by` bytes: so have its tables. */
static void state_moved(ptrdiff_t by)
{
    (void)by;
#if LIST_INDEX
    if (class_last != 0) {
        list_head = (word_t *)((char *)list_head + by);
        sl_bitmap = (uint32_t *)((char *)sl_bitmap + by);
    }
#endif
#if MM_SMALL
    if (small != NULL)
        small = (small_t *)((char *)small + by);
    if (run_map != NULL)
        run_map = (uint16_t *)((char *)run_map + by);
#endif
}

/* Grows the state block to tables of these sizes (none smaller than
 * now): the new part of each table is zero, and a larger index lists the
 * blocks of its old last class again (index_grown). 0, or -1 when the
 * heap cannot grow (the tables unchanged then). */
SOME_VARIANTS int state_resize(unsigned last, unsigned classes, size_t buckets)
{
    size_t old_part[STATE_PARTS], new_part[STATE_PARTS], bytes = 0;
    state_parts(old_part, state_last(), small_held(), run_map_held());
    state_parts(new_part, last, classes, buckets);
    for (int i = 0; i < STATE_PARTS; i++)
        bytes += new_part[i];
    size_t size = request_block_size(bytes);
    block_t *old = heap_block_at(state_block), *b;
    size_t old_size = old != NULL ? block_size(old) : 0;
    size_t delta = size > old_size ? size - old_size : 0;
    block_t *below = old != NULL && !block_prev_alloc(old) ? block_prev(old) : NULL;
    block_t *above = old != NULL ? block_next(old) : NULL;
    int moved = 0; /* to a block of its own, the old one freed */
    if (delta == 0) {
        b = old;
        size = old_size;
    } else if (below != NULL && (block_size(below) == delta || block_size(below) >= delta + MIN_BLOCK)) {
        /* grow down into the free block below */
        size_t rest = block_size(below) - delta;
        index_remove(below);
        if (rest != 0) {
            block_make_free(below, rest, 1);
            index_insert(below);
        }
        b = (block_t *)((char *)old - delta);
        b->header = block_pack(size, rest == 0, 1);
    } else if (above != NULL && !block_is_alloc(above) &&
               (block_size(above) == delta || block_size(above) >= delta + MIN_BLOCK)) {
        /* grow up into the free block above */
        size_t rest = block_size(above) - delta;
        index_remove(above);
        b = old;
        if (rest != 0) {
            block_t *r = (block_t *)((char *)above + delta);
            block_make_free(r, rest, 1);
            index_insert(r);
        } else {
            block_set_prev_alloc(block_next(above), 1);
        }
    } else if (above != NULL && above == heap_epilogue()) {
        /* grow up into new heap */
        if (heap_lift(delta) < 0)
            return -1;
        b = old;
    } else { /* a block of its own: a hole, else the top */
        b = index_find(size);
        if (b != NULL)
            index_remove(b);
        else if ((b = heap_grow(size)) == NULL)
            return -1;
        place(b, size);
        size = block_size(b);
        old = heap_block_at(state_block); /* heap_grow may have sunk it */
        moved = old != NULL;
    }
    char *old_payload = old != NULL ? (char *)block_payload(old) : NULL;
    char *start = (char *)b;
#if LIST_INDEX
    word_t catch_all = list_head[class_last]; /* its blocks are listed again */
#endif
    /* move each table to its new place: those moving down in address
     * order, then those moving up in reverse, so that none overwrites a
     * table not yet moved; then clear what each gained */
    char *old_place[STATE_PARTS], *new_place[STATE_PARTS];
    state_places(old_place, old_payload, old_part);
    state_places(new_place, start + HEADER_SIZE, new_part);
    for (int i = 0; i < STATE_PARTS; i++)
        if (old_part[i] != 0 && new_place[i] <= old_place[i])
            memmove(new_place[i], old_place[i], old_part[i]);
    for (int i = STATE_PARTS; i-- > 0;)
        if (old_part[i] != 0 && new_place[i] > old_place[i])
            memmove(new_place[i], old_place[i], old_part[i]);
    for (int i = 0; i < STATE_PARTS; i++)
        memset(new_place[i] + old_part[i], 0, new_part[i] - old_part[i]);
    b->header = block_pack(size, block_prev_alloc(b), 1);
    block_set_prev_alloc(block_next(b), 1);
    state_block = heap_offset(b);
#if LIST_INDEX
    unsigned old_last = class_last;
    class_last = last;
#endif
#if MM_SMALL
    small_count = classes;
    small_limit = classes * (word_t)ALIGNMENT;
    run_map_buckets = (word_t)buckets;
#endif
    state_point();
#if LIST_INDEX
    if (last != old_last)
        index_grown(old_last, catch_all);
#endif
    if (moved)
        block_release(old);
    return 0;
}

#if LIST_INDEX
/* The index has grown from last class old_last, whose list started at
 * `head`: the heads below old_last are in place, followed by the old
 * bitmaps (none when old_last was 0, the scalars). Moves the bitmaps
 * behind the new heads, and lists the old last class's blocks again by
 * their classes. */
static void index_grown(unsigned old_last, word_t head)
{
    size_t old_words = old_last != 0 ? (size_t)old_last / SL_COUNT + 1 : 0;
    size_t words = (size_t)class_last / SL_COUNT + 1;
    memmove(sl_bitmap, list_head + old_last + 1, old_words * WORD_SIZE);
    memset(sl_bitmap + old_words, 0, (words - old_words) * WORD_SIZE);
    memset(list_head + old_last, 0, ((size_t)class_last - old_last + 1) * WORD_SIZE);
    list_head0 = sl_bitmap0 = 0;
    if (old_last == 0)
        fl_bitmap = 0;
    else
        class_mark(old_last, 0);
    rover = NULL;
    if (head == 0)
        return;
    block_t *first = heap_block_at_nonzero(head), *b = first;
    do { /* each block's next link is read before its insertion changes it */
        block_t *next = link_next(b);
        index_insert(b);
        b = next;
    } while (b != first);
}

/* Sizes the index to the heap (index_last_for): when the heap has grown
 * enough, the index gets more lists in the state block. Called from the
 * block path when the heap reaches index_recheck, an eighth larger than
 * at the last call. */
static void index_fit_heap(void)
{
    size_t heap = (size_t)(heap_end - heap_base);
    size_t recheck = heap + heap / 8 + 1;
    index_recheck = recheck < UINT32_MAX ? (word_t)recheck : UINT32_MAX;
    unsigned last = index_last_for(heap);
    if (last > class_last)
        state_resize(last, small_held(), run_map_held());
}
#endif

/* ---------------------------------------------------------------------
 * realloc
 * ------------------------------------------------------------------ */
/* The bytes an object at ptr can hold. */
static size_t object_capacity(void *ptr)
{
#if MM_SMALL
    block_t *run = run_containing(ptr);
    if (run != NULL)
        return run_capacity(run);
#endif
    return block_capacity(block_from_payload(ptr));
}

/* realloc that moves: a new object, a copy, the old one freed. */
static void *realloc_move(void *ptr, size_t size)
{
    size_t old = object_capacity(ptr);
    void *fresh = mm_malloc(size);
    if (fresh == NULL)
        return NULL;
    memcpy(fresh, ptr, old < size ? old : size);
    mm_free(ptr);
    return fresh;
}

#if MM_REALLOC == MM_REALLOC_INPLACE
/* Splits the allocated block b down to asize bytes if the tail can stand
 * alone; the tail is freed and merged with a free successor. */
static void shrink(block_t *b, size_t asize)
{
    size_t size = block_size(b);
    if (size - asize < MIN_BLOCK)
        return;
    b->header = block_pack(asize, block_prev_alloc(b), 1);
#if MM_ALLOC_FOOTER
    *block_footer(b) = b->header;
#endif
    block_t *tail = block_next(b);
    block_make_free(tail, size - asize, 1);
    index_insert(coalesce(tail));
}

/* The bytes b holds with a free successor; *ends_heap: whether they end
 * the heap. */
static size_t realloc_room(block_t *b, int *ends_heap)
{
    size_t room = block_size(b);
    block_t *after = block_next(b);
    if (!block_is_alloc(after)) {
        room += block_size(after);
        after = block_next(after);
    }
    *ends_heap = after == heap_epilogue();
    return room;
}

/* Tries to make b at least asize bytes without moving its payload, using a
 * free successor and, when b ends the heap, new heap. Returns 1 on success. */
static int realloc_grow_forward(block_t *b, size_t asize)
{
    int ends_heap;
    size_t room = realloc_room(b, &ends_heap);
    block_t *next = block_next(b);
    int next_free = !block_is_alloc(next);
    if (room < asize && !ends_heap)
        return 0;
    if (room < asize) { /* b ends the heap: extend it by what is missing */
        if (heap_lift(asize - room) < 0)
            return 0;
        room = asize;
    }
    if (next_free)
        index_remove(next);
    block_make_alloc(b, room, block_prev_alloc(b));
    index_absorbed(b);
    shrink(b, asize);
    return 1;
}

/* When b (with a free successor) ends the heap and lacks room, tries to
 * slide it down into a free predecessor that can spare what is missing, at
 * least an eighth of b (so that a block growing in small steps is copied
 * O(1) times per doubling), and still stand as a block of its own: the
 * heap does not grow while a hole sits below its last block. Whatever the
 * slide took beyond asize is freed at the top, where only MM_TOP_LAST
 * keeps it for b's next growth: without it, small requests take that
 * block and the next growth must move b (classic realloc2-bal falls from
 * 0.87 to 0.50 under tlsf), so the slide is part of MM_TOP_LAST. Returns
 * the new block or NULL. */
static block_t *realloc_grow_down(block_t *b, size_t asize)
{
    if (!MM_TOP_LAST || block_prev_alloc(b))
        return NULL;
    int ends_heap;
    size_t room = realloc_room(b, &ends_heap);
    if (!ends_heap || room >= asize)
        return NULL;
    block_t *next = block_next(b);
    int next_free = !block_is_alloc(next);
    block_t *prev = block_prev(b);
    size_t prev_size = block_size(prev);
    size_t missing = asize - room;
    if (prev_size < missing + MIN_BLOCK)
        return NULL;
    size_t take = round_up(room / 8, ALIGNMENT);
    if (take < missing)
        take = missing;
    if (take > prev_size - MIN_BLOCK)
        take = prev_size - MIN_BLOCK;
    size_t keep = block_capacity(b);
    int prev_prev_alloc = block_prev_alloc(prev);
    index_remove(prev);
    if (next_free)
        index_remove(next);
    block_t *moved = (block_t *)((char *)b - take);
    memmove(block_payload(moved), block_payload(b), keep);
    block_make_free(prev, prev_size - take, prev_prev_alloc);
    index_insert(prev);
    block_make_alloc(moved, room + take, 0);
    index_absorbed(moved);
    shrink(moved, asize);
    return moved;
}

/* Tries to slide b down into a free predecessor (with a free successor)
 * when together they hold asize bytes. Returns the new block or NULL. */
static block_t *realloc_grow_backward(block_t *b, size_t asize)
{
    if (block_prev_alloc(b))
        return NULL;
    block_t *prev = block_prev(b);
    block_t *next = block_next(b);
    size_t room = block_size(prev) + block_size(b);
    if (!block_is_alloc(next))
        room += block_size(next);
    if (room < asize)
        return NULL;
    size_t keep = block_capacity(b);
    index_remove(prev);
    if (!block_is_alloc(next))
        index_remove(next);
    memmove(block_payload(prev), block_payload(b), keep);
    block_make_alloc(prev, room, block_prev_alloc(prev));
    index_absorbed(prev);
    shrink(prev, asize);
    return prev;
}
#endif

/* ---------------------------------------------------------------------
 * The interface
 * ------------------------------------------------------------------ */
int mm_init(void)
{
    void *start = mem_sbrk(ALIGNMENT);
    if (start == (void *)-1)
        return -1;
    heap_base = start;
    heap_end = heap_base + ALIGNMENT;
    rover = NULL;
    state_block = 0;
#if LIST_INDEX
    class_last = 0;
    index_recheck = 0;
    list_head0 = 0;
    sl_bitmap0 = 0;
    fl_bitmap = 0;
    list_head = &list_head0;
    sl_bitmap = &sl_bitmap0;
#endif
#if MM_SMALL
    small_init();
#endif
    *heap_prologue() = PROLOGUE_WORD;
    heap_epilogue()->header = block_pack(0, 1, 1);
    DEBUG_CHECK();
    return 0;
}

/* malloc but for its fast path; cls is the small class of size, or -1. */
OUT_OF_LINE void *malloc_general(size_t size, int cls)
{
    if (size == 0 || size > MAX_REQUEST)
        return NULL;
#if MM_SMALL
    if (cls < 0 && size > small_limit && size <= MM_SMALL_MAX && small_start(size))
        cls = small_class_of(size);
    if (cls >= 0) {
        void *slot = small_alloc(size, (unsigned)cls);
        if (slot != NULL) {
            DEBUG_CHECK();
            return slot;
        }
    }
#else
    (void)cls;
#endif
    block_t *b = block_alloc(request_block_size(size), 1);
    DEBUG_CHECK();
    return b == NULL ? NULL : block_payload(b);
}

void *mm_malloc(size_t size)
{
    int cls = -1;
#if MM_SMALL
    /* The fast path: a small class with a run that has a free slot. (Size
     * 0 and sizes past MAX_REQUEST have no small class.) */
    cls = small_class_of(size);
    if (cls >= 0 && small_has_free_slot((unsigned)cls)) {
        void *slot = small_alloc_fast((unsigned)cls);
        DEBUG_CHECK();
        return slot;
    }
#endif
    return malloc_general(size, cls);
}

/* free of a block (not a slot). */
OUT_OF_LINE void free_general(void *ptr)
{
    block_release(block_from_payload(ptr));
    DEBUG_CHECK();
}

void mm_free(void *ptr)
{
    if (ptr == NULL)
        return;
#if MM_SMALL
    /* the fast path: a slot */
    block_t *run = run_containing(ptr);
    if (run != NULL) {
        small_free(run, ptr);
        DEBUG_CHECK();
        return;
    }
#endif
    free_general(ptr);
}

void *mm_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mm_malloc(size);
    if (size == 0) {
        mm_free(ptr);
        return NULL;
    }
    if (size > MAX_REQUEST)
        return NULL;
#if MM_SMALL
    block_t *run = run_containing(ptr);
    if (run != NULL) {
        if (size <= run_capacity(run) && small_class_of(size) >= 0)
            return ptr; /* still fits its slot */
        void *fresh = realloc_move(ptr, size);
        DEBUG_CHECK();
        return fresh;
    }
#endif
#if MM_REALLOC == MM_REALLOC_INPLACE
    block_t *b = block_from_payload(ptr);
    size_t asize = request_block_size(size);
    if (asize <= block_size(b)) {
        shrink(b, asize);
        DEBUG_CHECK();
        return ptr;
    }
    block_t *moved = realloc_grow_down(b, asize);
    if (moved == NULL && realloc_grow_forward(b, asize))
        moved = b;
    if (moved == NULL)
        moved = realloc_grow_backward(b, asize);
    if (moved != NULL) {
        DEBUG_CHECK();
        return block_payload(moved);
    }
#endif
    void *fresh = realloc_move(ptr, size);
    DEBUG_CHECK();
    return fresh;
}

#if MM_SMALL
/* ---------------------------------------------------------------------
 * run_*, registry_*, small_*: the small-object path
 * ------------------------------------------------------------------ */
/*
 * A run holds objects of one size class (slot size (c+1)*A for class c, up
 * to MM_SMALL_MAX) in equal slots with no header. A run hands out its
 * slots in address order at first (fresh counts those handed out); a slot
 * freed joins the run's free list, linked through its first word, and is
 * handed out again first. Each class keeps a circular list of its runs
 * with a free slot (small[c].partial); malloc takes a slot of the list's
 * first run, free pushes the slot on its run's free list, and a run left
 * empty goes back to the heap at once; but an empty page run, or an empty
 * registered run that holds the slots a new run of its class would,
 * becomes its class's spare (one at most), off the list, taken again when
 * the class has no run with a free slot. Every spare goes back to the heap
 * before the heap grows for a block or a new chunk. A class's first
 * MM_SMALL_WARMUP requests are served by blocks, and so is every request
 * while the heap is too small for the classes' table (small_start; the
 * table, in the state block, holds the classes requested so far, in steps
 * of SMALL_TABLE_STEP). Below MM_PAGE_HEAP a run is a registered run: an
 * allocated block with the RUN bit, listed in the sorted registry; from
 * there on, a page run: a 4 KiB page of a chunk, marked in the page map.
 *
 *   run (MM_SMALL): the payload of a registered run (an allocated block
 *   with the RUN bit) or a page of a chunk (a page run):
 *   +--------+------+------+------+------------+------------+--------+---+
 *   | header | next | prev | free | size|count | live|fresh | slot 0 |...|
 *   +--------+------+------+------+------------+------------+--------+---+
 *            ^ run header (run_t), rounded up to A          ^ A-aligned
 *   size, count: slot size in bytes and number of slots; live: slots in
 *   use; fresh: slots handed out since the run was made or last emptied
 *   (slots fresh..count-1 were never used); free: heap offset of the first
 *   slot of the free list (0 = none), whose first word holds the next: the
 *   slots below fresh that are not in use. next, prev: offsets of the
 *   neighbouring runs of the same slot size that have a free slot.
 *   registry: a plain allocated block holding the offsets of the runs made
 *   below MM_PAGE_HEAP, sorted; it goes back to the heap with the last
 *   registered run. run map (in the state block): 16-bit entries, one per
 *   512-byte bucket of the heap up to the furthest run's end (and an
 *   eighth more): which run is the lowest that meets the bucket. free(p)
 *   finds the run around p through it.
 *
 *   chunk (an allocated block with the RUN bit, not in the registry):
 *   +--------+-----------+-----------+--...--+------------+
 *   | header | page 0    | page 1    |       | page 15    |
 *   +--------+-----------+-----------+--...--+------------+
 *            ^ heap offset a multiple of CHUNK (64 KiB); every page 4 KiB
 *   a page holds a page run (its run header at the page's start, slots up
 *   to 4 bytes before its end) or is free: on the free page list, linked
 *   through its first two words. page map: a plain allocated block, bit k
 *   set = the page at heap offset k * 4 KiB holds a page run.
 *
 */
typedef struct run {
    word_t next, prev;  /* offsets of this class's runs with free slots */
    word_t free;        /* first slot of the free list, 0 = none       */
    uint16_t slot_size; /* bytes, a multiple of ALIGNMENT              */
    uint16_t slot_count;/* 1..RUN_MAX_SLOTS, a page 1..PAGE_MAX_SLOTS  */
    uint16_t live;      /* slots in use, 1..slot_count                 */
    uint16_t fresh;     /* slots handed out from the start, live..count */
} run_t;

enum {
    RUN_MAX_SLOTS = 64,                       /* a registered run's most  */
    RUN_MIN_SLOTS = 8,
    RUN_HEADER_SIZE = (sizeof(run_t) + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT,
    REGISTRY_MIN = 8,
    SMALL_TABLE_STEP = 4,                     /* classes the table grows by */
    PAGE_SHIFT = 12,
    PAGE = 1 << PAGE_SHIFT,                   /* a page run's span        */
    PAGE_ROOM = PAGE - HEADER_SIZE,           /* what a page run may use  */
    PAGE_MAX_SLOTS = PAGE / ALIGNMENT,
    CHUNK_PAGES = 16,                         /* pages of a chunk         */
    CHUNK = CHUNK_PAGES * PAGE,
};
_Static_assert(sizeof(run_t) == 20, "run_t is 20 bytes");
_Static_assert(64 % CHUNK_PAGES == 0 && CHUNK_PAGES < 64, "a chunk's map bits share a word");

static word_t registry_block;               /* offset of the registry     */
static word_t registry_count, registry_capacity;
static word_t runs_lo, runs_span;           /* runs lie in [lo, lo + span) */
/* The run map (in the state block): run_map[k] says which registered run
 * is the lowest that meets the bucket of heap offsets [k, k + 1) <<
 * RUN_MAP_SHIFT: 0 = none, else e for the run whose block starts at heap
 * offset ((k + 1) << RUN_MAP_SHIFT) - e * WORD_SIZE (the end of the bucket
 * less e words; a run starts at most its size before the bucket). It
 * covers run_map_buckets buckets, at least every registered run's. */
enum { RUN_MAP_SHIFT = 9, RUN_MAP_MIN = 16 };
_Static_assert((((size_t)1 << RUN_MAP_SHIFT) + RUN_HEADER_SIZE + (size_t)RUN_MAX_SLOTS * MM_SMALL_MAX +
                MIN_BLOCK) / WORD_SIZE <= UINT16_MAX,
               "a run map entry reaches back over the largest registered run");
/* The page map: bit k of word k / 64 is set when a page run's payload
 * starts at offset k * PAGE; it covers page_map_pages pages (a multiple
 * of 64) and lives in the payload of the block at page_map_block. */
static uint64_t *page_map;
static word_t page_map_pages;
static word_t page_map_block;
static word_t free_pages;                   /* first free page, or 0      */

static inline run_t *run_of(block_t *b)
{
    return (run_t *)block_payload(b);
}

static inline char *run_slots(block_t *b)
{
    return (char *)block_payload(b) + RUN_HEADER_SIZE;
}

/* The small class of run r's slots. */
static inline unsigned run_class(const run_t *r)
{
    return (unsigned)r->slot_size / ALIGNMENT - 1;
}

/* The slot size of small class cls (run_class's inverse). */
static inline size_t class_slot_size(unsigned cls)
{
    return ((size_t)cls + 1) * ALIGNMENT;
}

/* The index of the slot of run b that holds p (for asserts and checks). */
SOME_VARIANTS size_t run_slot_index(block_t *b, const void *p)
{
    return (size_t)((const char *)p - run_slots(b)) / run_of(b)->slot_size;
}

/* The small class serving `size` bytes, or -1 when a block serves it
 * better: a slot pays only when it is smaller than the block would be
 * (MM_SMALL_EVERY 0), or whenever the size has a class (1); or -1 for
 * every size before the small path starts (small_limit 0). */
static inline int small_class_of(size_t size)
{
    size_t slot = round_up(size, ALIGNMENT);
    if (slot > small_limit || (!MM_SMALL_EVERY && slot >= request_block_size(size)))
        return -1;
    return (int)(slot / ALIGNMENT) - 1;
}

/* The registry's entries; only while it exists (registry_block != 0). */
static inline word_t *registry(void)
{
    return (word_t *)block_payload(heap_block_at_nonzero(registry_block));
}

/* Where in the sorted registry an offset belongs: the first entry >= off. */
static size_t registry_position(word_t off)
{
    const word_t *entries = registry();
    size_t lo = 0, hi = registry_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (entries[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The lowest registered run that meets bucket k of the run map, as a heap
 * offset; the end of the bucket (past every offset in it) when none does. */
static inline word_t run_map_lowest(size_t k)
{
    return (word_t)(((k + 1) << RUN_MAP_SHIFT) - (size_t)run_map[k] * WORD_SIZE);
}
/* The registered run whose block contains p, or NULL when p is a block's
 * payload (or in a page run). p outside the span of all runs (none: span
 * 0) is a block. Else p's block is found by walking from the lowest run
 * that meets p's bucket (the run map covers every run): it lies between
 * that run and p, so within one bucket; a block with the RUN bit there is
 * a registered run (a chunk's pages were tried first). */
ALWAYS_INLINE block_t *registry_run_containing(const void *p)
{
    word_t off = (word_t)((const char *)p - heap_base);
    if (off - runs_lo >= runs_span)
        return NULL;
    word_t lowest = run_map_lowest(off >> RUN_MAP_SHIFT);
    if (lowest > off)
        return NULL;
    block_t *b = heap_block_at_nonzero(lowest);
    while (off >= heap_offset(b) + block_size(b))
        b = block_next(b);
    return (b->header & RUN_BIT) ? b : NULL;
}

/* The page run whose page holds p, or NULL: one bit of the page map. A
 * page run is handled as a block whose payload is the page: the block_t
 * is the word below the page (the chunk's header, or the last word of the
 * page below, which no slot uses), and only its payload address is used. */
ALWAYS_INLINE block_t *page_run_containing(const void *p)
{
    size_t k = (size_t)((const char *)p - heap_base) >> PAGE_SHIFT;
    if (k >= page_map_pages || !((page_map[k / 64] >> (k % 64)) & 1))
        return NULL;
    return (block_t *)(heap_base + (k << PAGE_SHIFT) - HEADER_SIZE);
}

/* The run whose block contains p, or NULL when p is a block's payload. */
ALWAYS_INLINE block_t *run_containing(const void *p)
{
    block_t *page = page_run_containing(p);
    return page != NULL ? page : registry_run_containing(p);
}

/* Makes room in the registry for one more run; 0, or -1 without memory. */
static int registry_reserve(void)
{
    if (registry_count < registry_capacity)
        return 0;
    word_t capacity = registry_capacity ? 2 * registry_capacity : REGISTRY_MIN;
    block_t *fresh = block_alloc(request_block_size((size_t)capacity * WORD_SIZE), 0);
    if (fresh == NULL)
        return -1;
    if (registry_block != 0) {
        memcpy(block_payload(fresh), registry(), (size_t)registry_count * WORD_SIZE);
        block_release(heap_block_at(registry_block));
    }
    registry_block = heap_offset(fresh);
    registry_capacity = capacity;
    return 0;
}

/* The span [*lo, *lo + *span) of the registry's runs; 0 0 without runs. */
static void registry_span(word_t *lo, word_t *span)
{
    *lo = *span = 0;
    if (registry_count == 0)
        return;
    const word_t *entries = registry();
    word_t last = entries[registry_count - 1];
    *lo = entries[0];
    *span = last + (word_t)block_size(heap_block_at(last)) - *lo;
}

/* The run map's buckets that the run of `size` bytes at offset off meets:
 * [*first, *last]. */
static void run_map_range(word_t off, size_t size, size_t *first, size_t *last)
{
    *first = off >> RUN_MAP_SHIFT;
    *last = ((size_t)off + size - 1) >> RUN_MAP_SHIFT;
}

/* The run map's entry for the run at offset off in bucket k. */
static inline uint16_t run_map_entry(size_t k, word_t off)
{
    return (uint16_t)((((k + 1) << RUN_MAP_SHIFT) - off) / WORD_SIZE);
}

/* Makes the run map cover the run of `size` bytes at offset off; 0, or
 * -1 without memory. */
static int run_map_reserve(word_t off, size_t size)
{
    size_t first, last;
    run_map_range(off, size, &first, &last);
    if (last < run_map_buckets)
        return 0;
    /* an eighth more than needed, so that a heap growing in small steps
     * moves the tables O(log) times */
    size_t buckets = last + 1 + (last + 1) / 8;
    if (buckets < RUN_MAP_MIN)
        buckets = RUN_MAP_MIN;
    return state_resize(state_last(), small_held(), buckets);
}

/* Enters the run of `size` bytes at offset off in the run map (which
 * covers it). */
static void run_map_enter(word_t off, size_t size)
{
    size_t first, last;
    run_map_range(off, size, &first, &last);
    for (size_t k = first; k <= last; k++)
        if (run_map_lowest(k) > off)
            run_map[k] = run_map_entry(k, off);
}

/* Takes the run of `size` bytes at offset off out of the run map; next is
 * the registry's next run, or 0. */
static void run_map_leave(word_t off, size_t size, word_t next)
{
    size_t first, last;
    run_map_range(off, size, &first, &last);
    for (size_t k = first; k <= last; k++)
        if (run_map_lowest(k) == off)
            run_map[k] = next != 0 && ((size_t)next >> RUN_MAP_SHIFT) == k ? run_map_entry(k, next) : 0;
}

static void registry_insert(block_t *b)
{
    word_t off = heap_offset(b);
    size_t i = registry_position(off);
    word_t *entries = registry();
    memmove(entries + i + 1, entries + i, (registry_count - i) * WORD_SIZE);
    entries[i] = off;
    registry_count++;
    run_map_enter(off, block_size(b));
    registry_span(&runs_lo, &runs_span);
}

static void registry_remove(block_t *b)
{
    size_t i = registry_position(heap_offset(b));
    word_t *entries = registry();
    memmove(entries + i, entries + i + 1, (registry_count - i - 1) * WORD_SIZE);
    registry_count--;
    run_map_leave(heap_offset(b), block_size(b), i < registry_count ? entries[i] : 0);
    registry_span(&runs_lo, &runs_span);
    if (registry_count == 0) { /* no runs left: give the registry back */
        block_release(heap_block_at(registry_block));
        registry_block = 0;
        registry_capacity = 0;
    }
}

/* The list of a class's runs with a free slot: circular, doubly linked. */
static void run_list_insert(unsigned cls, block_t *b)
{
    run_t *r = run_of(b);
    block_t *head = heap_block_at(small[cls].partial);
    if (head == NULL) {
        r->next = r->prev = heap_offset(b);
    } else {
        run_t *h = run_of(head);
        r->next = heap_offset(head);
        r->prev = h->prev;
        run_of(heap_block_at(h->prev))->next = heap_offset(b);
        h->prev = heap_offset(b);
    }
    small[cls].partial = heap_offset(b);
}

static void run_list_remove(unsigned cls, block_t *b)
{
    run_t *r = run_of(b);
    if (r->next == heap_offset(b)) {
        small[cls].partial = 0;
        return;
    }
    run_of(heap_block_at(r->prev))->next = r->next;
    run_of(heap_block_at(r->next))->prev = r->prev;
    if (small[cls].partial == heap_offset(b))
        small[cls].partial = r->next;
}

/* The block size of a registered run of `slots` slots of `slot` bytes. */
static inline size_t run_block_size(size_t slots, size_t slot)
{
    return request_block_size(RUN_HEADER_SIZE + slots * slot);
}

/* Does a run of `slots` slots of `slot` bytes take less heap than as many
 * blocks would? */
static inline int run_pays(size_t slots, size_t slot)
{
    return slots > 0 && run_block_size(slots, slot) < slots * request_block_size(slot);
}

/* Makes the allocated block b an empty run of count slots of class cls,
 * on the class's list. */
static void run_init(block_t *b, unsigned cls, unsigned count)
{
    size_t slot = class_slot_size(cls);
    run_t *r = run_of(b);
    r->slot_size = (uint16_t)slot;
    r->slot_count = (uint16_t)count;
    r->live = 0;
    r->fresh = 0;
    r->free = 0;
    run_list_insert(cls, b);
}

/* The slots a new registered run of class cls holds: as many as the
 * class has live objects, RUN_MIN_SLOTS..RUN_MAX_SLOTS. */
static size_t run_slots_wanted(unsigned cls)
{
    size_t want = small[cls].live;
    return want < RUN_MIN_SLOTS ? RUN_MIN_SLOTS : want > RUN_MAX_SLOTS ? RUN_MAX_SLOTS : want;
}

/* A new, empty registered run for class cls, on the class's list. It
 * holds as many slots as the class has live objects (8..64), plus what the
 * block's rounding leaves room for; or fewer, to fit a hole. NULL without
 * memory, or when the heap would have to grow while a hole can hold the
 * request as a block of asize bytes: then *hole is that free block,
 * still indexed. */
static block_t *run_create(unsigned cls, size_t asize, block_t **hole)
{
    if (registry_reserve() < 0)
        return NULL;
    size_t slot = class_slot_size(cls);
    size_t want = run_slots_wanted(cls);
    /* Rather than grow the heap, take a smaller run that fits a hole, as
     * long as the run costs less than blocks for the same objects. */
    size_t fewest = 0; /* the smallest run that pays */
    for (size_t slots = want; run_pays(slots, slot); slots /= 2)
        fewest = slots;
    /* The smallest run's hole first: when no hole holds it, none holds a
     * larger run, and one search settles it. */
    block_t *b = fewest != 0 ? index_find(run_block_size(fewest, slot)) : NULL;
    if (b != NULL) {
        size_t slots = fewest;
        for (size_t more = want; more > fewest; more /= 2) {
            block_t *larger = index_find(run_block_size(more, slot));
            if (larger != NULL) {
                b = larger;
                slots = more;
                break;
            }
        }
        block_take(b, run_block_size(slots, slot));
    }
    if (b == NULL && (*hole = index_find(asize)) != NULL)
        return NULL;
    if (b == NULL)
        b = block_alloc(run_block_size(want, slot), 0);
    if (b == NULL)
        return NULL;
    if (run_map_reserve(heap_offset(b), block_size(b)) < 0) {
        block_release(b);
        return NULL;
    }
    size_t count = (block_capacity(b) - RUN_HEADER_SIZE) / slot;
    b->header |= RUN_BIT;
    run_init(b, cls, (unsigned)(count > RUN_MAX_SLOTS ? RUN_MAX_SLOTS : count));
    registry_insert(b);
    return b;
}

/* The bytes from a free block's header at offset off to the first header
 * whose payload starts at a multiple of CHUNK and leaves below it nothing
 * or a block. */
static size_t chunk_gap(word_t off)
{
    size_t gap = (CHUNK - (off + HEADER_SIZE) % CHUNK) % CHUNK;
    return gap != 0 && gap < MIN_BLOCK ? gap + CHUNK : gap;
}

/* An allocated block of CHUNK bytes (or up to MIN_BLOCK - A more) whose
 * payload starts at a multiple of CHUNK: cut from a free block that holds
 * one, else from new heap at the top. What lies around it stays free.
 * NULL without memory. */
static block_t *chunk_alloc(void)
{
    block_t *b = index_find(CHUNK);
    if (b == NULL || chunk_gap(heap_offset(b)) + CHUNK > block_size(b))
        b = index_find(2 * CHUNK + MIN_BLOCK); /* holds a chunk anyway */
    if (b != NULL) {
        index_remove(b);
    } else {
        state_sink(); /* as heap_grow would, before the top is measured */
        block_t *top = heap_top_free();
        word_t start = heap_offset(top != NULL ? top : heap_epilogue());
        if ((b = heap_grow(chunk_gap(start) + CHUNK)) == NULL)
            return NULL;
    }
    size_t gap = chunk_gap(heap_offset(b));
    if (gap != 0) { /* the part below the chunk stays a free block */
        size_t size = block_size(b);
        block_make_free(b, gap, block_prev_alloc(b));
        index_insert(b);
        b = (block_t *)((char *)b + gap);
        block_make_free(b, size - gap, 0);
    }
    place(b, CHUNK);
    return b;
}

/* The page map's bit for the page at heap offset k * PAGE. */
static inline void page_map_set(size_t k, int on)
{
    uint64_t bit = (uint64_t)1 << (k % 64);
    page_map[k / 64] = on ? page_map[k / 64] | bit : page_map[k / 64] & ~bit;
}

/* The page map's bits of the chunk whose first page is k (a multiple of
 * CHUNK_PAGES, so they share a word). */
static inline uint64_t page_map_chunk(size_t k)
{
    return (page_map[k / 64] >> (k % 64)) & (((uint64_t)1 << CHUNK_PAGES) - 1);
}

/* Makes the page map cover pages 0..k; 0, or -1 without memory. */
static int page_map_reserve(size_t k)
{
    if (k < page_map_pages)
        return 0;
    size_t pages = page_map_pages ? 2 * page_map_pages : 64;
    while (pages <= k)
        pages *= 2;
    block_t *fresh = block_alloc(request_block_size(pages / 8), 0);
    if (fresh == NULL)
        return -1;
    uint64_t *map = block_payload(fresh);
    memset(map, 0, pages / 8);
    if (page_map_block != 0) {
        memcpy(map, page_map, page_map_pages / 8);
        block_release(heap_block_at(page_map_block));
    }
    page_map = map;
    page_map_pages = (word_t)pages;
    page_map_block = heap_offset(fresh);
    return 0;
}

/* The list of free pages (of chunks that hold a page run): doubly linked
 * through the pages' first two words, offsets of the pages, 0 at the ends. */
typedef struct free_page {
    word_t next, prev; /* page offsets, 0 at the ends */
} free_page_t;

static inline free_page_t *free_page_at(word_t page)
{
    return (free_page_t *)(heap_base + page);
}

static void free_page_push(word_t page)
{
    free_page_at(page)->next = free_pages;
    free_page_at(page)->prev = 0;
    if (free_pages != 0)
        free_page_at(free_pages)->prev = page;
    free_pages = page;
}

static void free_page_unlink(word_t page)
{
    word_t next = free_page_at(page)->next, prev = free_page_at(page)->prev;
    if (next != 0)
        free_page_at(next)->prev = prev;
    if (prev != 0)
        free_page_at(prev)->next = next;
    else
        free_pages = next;
}

/* A free page of a chunk, its map bit set; a new chunk when no chunk has
 * one. Returns the page's heap offset, or 0 without memory. */
static word_t page_take(void)
{
    if (free_pages == 0) {
        block_t *chunk = chunk_alloc();
        if (chunk == NULL)
            return 0;
        word_t first = heap_offset(chunk) + HEADER_SIZE;
        if (page_map_reserve((first >> PAGE_SHIFT) + CHUNK_PAGES - 1) < 0) {
            block_release(chunk);
            return 0;
        }
        chunk->header |= RUN_BIT;
        for (word_t i = CHUNK_PAGES; i-- > 0;)
            free_page_push(first + i * PAGE);
    }
    word_t page = free_pages;
    free_page_unlink(page);
    page_map_set(page >> PAGE_SHIFT, 1);
    return page;
}

/* Gives back the page at heap offset `page`; a chunk left with no page
 * run goes back to the heap. */
static void page_give(word_t page)
{
    size_t k = page >> PAGE_SHIFT;
    page_map_set(k, 0);
    size_t first = k / CHUNK_PAGES * CHUNK_PAGES;
    if (page_map_chunk(first) != 0) {
        free_page_push(page);
        return;
    }
    for (size_t i = first; i < first + CHUNK_PAGES; i++)
        if (i != k)
            free_page_unlink((word_t)(i << PAGE_SHIFT));
    block_t *chunk = heap_block_at((word_t)(first << PAGE_SHIFT) - HEADER_SIZE);
    chunk->header &= ~RUN_BIT;
    block_release(chunk);
}

/* A new, empty page run for class cls, on the class's list: as many slots
 * as fit the page after the run header. NULL without memory. */
static block_t *page_run_create(unsigned cls)
{
    word_t page = page_take();
    if (page == 0)
        return NULL;
    size_t slot = class_slot_size(cls);
    unsigned count = (unsigned)((PAGE_ROOM - RUN_HEADER_SIZE) / slot);
    block_t *b = heap_block_at(page - HEADER_SIZE);
    run_init(b, cls, count);
    return b;
}

/* Takes a free slot of run b, of class cls: the last one freed, else
 * the next never used. */
ALWAYS_INLINE void *run_take_slot(block_t *b, unsigned cls)
{
    run_t *r = run_of(b);
    char *slot;
    if (r->free != 0) {
        slot = heap_base + r->free;
        r->free = *word_at(slot);
    } else {
        slot = run_slots(b) + (size_t)r->fresh++ * r->slot_size;
    }
    if (++r->live == r->slot_count)
        run_list_remove(cls, b);
    small[cls].live++;
    return slot;
}

/* An empty run goes back to the heap (was_full: it is on no list). */
static void run_destroy(block_t *b, unsigned cls, int was_full)
{
    if (!was_full)
        run_list_remove(cls, b);
    if (page_run_containing(block_payload(b)) == b) {
        page_give(heap_offset(b) + HEADER_SIZE);
        return;
    }
    registry_remove(b);
    b->header &= ~RUN_BIT;
    block_release(b);
}

/* May empty run b of class cls be kept as the class's spare? A page run
 * may. A registered run may when it holds at least the slots run_create
 * would give a new run of the class now (as many as its live objects):
 * then reusing it stands for making that run. A smaller one is what is
 * left of a class that has since grown: reused, it keeps the class in
 * runs smaller than it needs and moves later blocks (keeping such runs
 * too takes MIT trace_c6 from 0.897 to 0.837). */
static int run_may_be_spare(block_t *b, unsigned cls)
{
    return page_run_containing(block_payload(b)) == b ||
           run_of(b)->slot_count >= run_slots_wanted(cls);
}

/* Run b of class cls has just become empty (was_full: it is on no list).
 * It leaves its class's list and becomes the class's spare, unless the
 * class has one or run_may_be_spare says no: a class whose objects come
 * and go around zero reuses its spare instead of making and destroying a
 * run each time. Other empty runs go back to the heap. */
OUT_OF_LINE void run_empty(block_t *b, unsigned cls, int was_full)
{
    if (small[cls].spare != 0 || !run_may_be_spare(b, cls)) {
        run_destroy(b, cls, was_full);
        return;
    }
    if (!was_full)
        run_list_remove(cls, b);
    run_of(b)->fresh = 0; /* every slot free, handed out from the start again */
    run_of(b)->free = 0;
    small[cls].spare = heap_offset(b);
    spare_count++;
}

/* Gives every spare run back to the heap (before the heap grows, so that
 * spares never cost heap); returns how many there were. */
OUT_OF_LINE unsigned small_release_spares(void)
{
    unsigned released = spare_count;
    for (unsigned cls = 0; spare_count != 0 && cls < small_count; cls++) {
        if (small[cls].spare == 0)
            continue;
        block_t *b = heap_block_at_nonzero(small[cls].spare);
        small[cls].spare = 0;
        spare_count--;
        run_destroy(b, cls, 1);
    }
    return released;
}

/* Is slot p of run b on its free list? (For asserts: walks the list.) */
SOME_VARIANTS int run_slot_is_free(block_t *b, const void *p)
{
    word_t off = (word_t)((const char *)p - heap_base);
    for (word_t at = run_of(b)->free; at != 0; at = *word_at(heap_base + at))
        if (at == off)
            return 1;
    return 0;
}

static inline void small_free(block_t *b, void *p)
{
    run_t *r = run_of(b);
    unsigned cls = run_class(r);
    assert((size_t)((char *)p - run_slots(b)) == run_slot_index(b, p) * r->slot_size &&
           "freeing a pointer inside a slot");
    assert(run_slot_index(b, p) < r->fresh && !run_slot_is_free(b, p) &&
           "freeing a slot that is not in use");
    int was_full = r->live == r->slot_count;
    *word_at(p) = r->free;
    r->free = (word_t)((char *)p - heap_base);
    small[cls].live--;
    if (--r->live == 0)
        run_empty(b, cls, was_full);
    else if (was_full)
        run_list_insert(cls, b);
}

/* Class cls's spare, back on its list. */
static block_t *spare_take(unsigned cls)
{
    block_t *b = heap_block_at_nonzero(small[cls].spare);
    small[cls].spare = 0;
    spare_count--;
    run_list_insert(cls, b);
    return b;
}

/* A slot for `size` bytes of small class cls; or a block's payload when
 * a hole holds the request and a new run would grow the heap; or NULL
 * when the block path serves it (warm-up, or no run could be made). */
static void *small_alloc(size_t size, unsigned cls)
{
    block_t *run = heap_block_at(small[cls].partial);
    if (run == NULL && small[cls].spare != 0)
        run = spare_take(cls);
    if (run == NULL) {
        /* a class with a run is past its warm-up: count only here */
#if MM_SMALL_WARMUP > 0
        if (small[cls].requests < MM_SMALL_WARMUP) {
            small[cls].requests++;
            return NULL;
        }
#endif
        if (free_pages == 0) /* a new run may grow the heap */
            small_release_spares();
        block_t *hole = NULL;
        run = heap_end - heap_base >= (ptrdiff_t)MM_PAGE_HEAP
                  ? page_run_create(cls)
                  : run_create(cls, request_block_size(size), &hole);
        if (run == NULL && hole != NULL) {
            block_take(hole, request_block_size(size));
            return block_payload(hole);
        }
        if (run == NULL)
            return NULL;
    }
    return run_take_slot(run, cls);
}

/* Has class cls a run with a free slot (malloc's fast path)? */
ALWAYS_INLINE int small_has_free_slot(unsigned cls)
{
    return small[cls].partial != 0;
}

/* malloc's fast path: a slot of class cls, which has a run with a free
 * one. */
ALWAYS_INLINE void *small_alloc_fast(unsigned cls)
{
    return run_take_slot(heap_block_at_nonzero(small[cls].partial), cls);
}

/* The payload bytes of run b's slots. */
static inline size_t run_capacity(block_t *b)
{
    return run_of(b)->slot_size;
}

/* The small-object state of an empty heap (mm_init). */
static void small_init(void)
{
    small = NULL;
    small_count = 0;
    small_limit = 0;
    spare_count = 0;
    run_map = NULL;
    run_map_buckets = 0;
    registry_block = registry_count = registry_capacity = 0;
    runs_lo = runs_span = 0;
    page_map = NULL;
    page_map_pages = 0;
    page_map_block = 0;
    free_pages = 0;
}

/* Makes the small classes' table hold the class of a request of `size`
 * bytes (and the next few), when the heap pays for it (MM_STATE_SHARE);
 * returns whether it does. */
static int small_start(size_t size)
{
    unsigned count = (unsigned)round_up(round_up(size, ALIGNMENT) / ALIGNMENT, SMALL_TABLE_STEP);
    if (count > SMALL_CLASSES)
        count = SMALL_CLASSES;
    if (request_block_size(count * sizeof(small_t)) * MM_STATE_SHARE > (size_t)(heap_end - heap_base))
        return 0;
    return state_resize(state_last(), count, run_map_held()) == 0;
}
#endif /* MM_SMALL */

/* ---------------------------------------------------------------------
 * The heap checker
 * ------------------------------------------------------------------ */
/*
 * mm_checkheap(verbose) walks the heap, then the free lists, then the run
 * registry, the page map and every run, and returns the number of broken
 * invariants; with verbose it prints one line per problem, starting with
 * the invariant's number. It never changes the heap. Unit tests break
 * each invariant on purpose (tests/mm/test_mm.c, test_corruption).
 *
 * INVARIANTS (messages cite the number)
 *   I1  every block's size is a multiple of A and at least MIN_BLOCK, its
 *       payload is A-aligned, and the block lies inside the heap.
 *   I2  a free block's footer equals its header.
 *   I3  no two adjacent blocks are free (coalescing is immediate).
 *   I4  each block's PREV_ALLOC bit (and the epilogue's) equals the ALLOC
 *       bit of the block below it.
 *   I5  the prologue and the epilogue are intact, the epilogue is the last
 *       word of the heap.
 *   I6  every block on a free list is a free block of the heap and sits in
 *       the list of its size class.
 *   I7  list links agree both ways (next(prev(b)) == b == prev(next(b)))
 *       and every list is a finite cycle.
 *   I8  a class's bitmap bits are set exactly when its list is non-empty.
 *   I9  the number of free blocks from the heap walk equals the number on
 *       the lists, so each free block is on exactly one list.
 *   I10 the next-fit rover is null or points at a block (implicit index)
 *       or a free listed block (list indexes).
 *   I11 the run registry is sorted and holds exactly the registered runs:
 *       the blocks with the RUN bit that are not chunks; every block with
 *       the RUN bit is allocated; runs_lo and runs_span cover the
 *       registry's first to last run; the run map covers every run, and
 *       run_map[k] names the lowest registered run that meets bucket k,
 *       or none.
 *   I12 every run is well formed: slot size a multiple of A up to
 *       MM_SMALL_MAX, slots that fit the block (1..64) or the page;
 *       live <= fresh <= count; the free list holds distinct slots below
 *       fresh, fresh - live of them; a run is on its class's list exactly
 *       when it has a free slot and an object; the lists' links agree
 *       both ways; the objects in a class's runs number
 *       small[class].live.
 *   I13 the page map lies in an allocated block and covers
 *       page_map_pages pages; the pages whose bits are set lie in chunks,
 *       and a chunk is an allocated block with the RUN bit of CHUNK bytes
 *       (up to MIN_BLOCK - A more) at a multiple of CHUNK, with at least
 *       one bit set, and every such block of the heap walk is one; the
 *       free page list holds exactly the chunks' pages whose bits are
 *       clear, its links agreeing both ways.
 *   I14 a run is empty exactly when it is its class's spare
 *       (small[class].spare); a spare is a run (page or registered) of its
 *       class and on no list; spare_count is the number of classes with a
 *       spare.
 *   I15 the state block, when there is one (state_block != 0), is an
 *       allocated block of the heap without the RUN bit that holds its
 *       tables; list_head, sl_bitmap, small and run_map point at their
 *       places in it (the one-list scalars while class_last is 0, NULL
 *       while small_count, or run_map_buckets, is 0); class_last is 0,
 *       whole first levels or the last class; small_limit is the largest
 *       size of small_count classes.
 *       Checked first: the lists are read through these pointers.
 */

/* Where mm_checkheap(1) writes; NULL = stderr (tests point it elsewhere). */
static FILE *check_stream;

static int check_report(int verbose, const char *invariant, const void *at,
                        const char *what)
{
    if (verbose)
        fprintf(check_stream ? check_stream : stderr, "%s: %s at %p\n",
                invariant, what, at);
    return 1;
}

/* Is p the header of a plausible block (inside the heap, aligned)? */
static int check_is_block_address(const block_t *b)
{
    const char *p = (const char *)b;
    const char *hi = (const char *)mem_heap_hi();
    if (p < (const char *)heap_first_block() || p + HEADER_SIZE > hi + 1)
        return 0;
    return ((uintptr_t)(p + HEADER_SIZE) % ALIGNMENT) == 0;
}

/* I15: the state block and its tables' places; nonzero when the tables
 * cannot be read. */
static int check_state(int verbose)
{
    size_t part[STATE_PARTS], bytes = 0;
    char *place[STATE_PARTS];
    state_parts(part, state_last(), small_held(), run_map_held());
    for (int i = 0; i < STATE_PARTS; i++)
        bytes += part[i];
    block_t *b = heap_block_at(state_block);
    if (b == NULL ? bytes != 0
                  : (!check_is_block_address(b) || (char *)b + block_size(b) > (char *)heap_epilogue() ||
                     !block_is_alloc(b) || (b->header & RUN_BIT) || block_size(b) < request_block_size(bytes)))
        return check_report(verbose, "I15", b, "state block is not an allocated block holding its tables");
    state_places(place, b != NULL ? (char *)block_payload(b) : NULL, part);
    int bad = 0;
#if LIST_INDEX
    if (class_last != 0 ? list_head != (word_t *)place[STATE_HEADS] ||
                              sl_bitmap != (uint32_t *)(list_head + class_last + 1)
                        : list_head != &list_head0 || sl_bitmap != &sl_bitmap0)
        bad += check_report(verbose, "I15", b, "index heads or bitmaps are not in their place");
    if (class_last >= CLASS_COUNT || (class_last % SL_COUNT != 0 && class_last != CLASS_COUNT - 1))
        bad += check_report(verbose, "I15", b, "index's last class is not a whole level");
#endif
#if MM_SMALL
    if (small != (small_count != 0 ? (small_t *)place[STATE_CLASSES] : NULL) ||
        small_count > SMALL_CLASSES || small_limit != small_count * (size_t)ALIGNMENT)
        bad += check_report(verbose, "I15", b, "small classes' table is not in its place");
    if (run_map != (run_map_buckets != 0 ? (uint16_t *)place[STATE_MAP] : NULL))
        bad += check_report(verbose, "I15", b, "run map is not in its place");
#endif
    return bad;
}

#if MM_SMALL
/* Can the registry's entries be read (I11 checks the rest)? */
static int check_registry_readable(void)
{
    if (registry_count == 0)
        return 1;
    block_t *reg = heap_block_at(registry_block);
    return registry_count <= registry_capacity && reg != NULL && check_is_block_address(reg) &&
           block_capacity(reg) >= (size_t)registry_count * WORD_SIZE;
}

/* Is b a block in the run registry? */
static int check_is_registered(const block_t *b)
{
    if (registry_count == 0 || !check_registry_readable())
        return 0;
    word_t off = heap_offset(b);
    size_t i = registry_position(off);
    return i < registry_count && registry()[i] == off;
}

/* Is b a run: a registered run, or the word before a page run's page? */
static int check_is_run(block_t *b)
{
    return page_run_containing(block_payload(b)) == b ||
           (check_is_block_address(b) && (b->header & RUN_BIT) && check_is_registered(b));
}

/* I12 for one run b, whose slots must fit `room` bytes of its payload,
 * at most max_slots of them; adds its objects to live[] and counts it in
 * *partial when it has a free slot. */
static int check_run(int verbose, block_t *b, size_t max_slots, size_t room,
                     size_t live[SMALL_CLASSES], size_t *partial)
{
    int bad = 0;
    run_t *r = run_of(b);
    if (r->slot_size == 0 || r->slot_size % ALIGNMENT != 0 ||
        r->slot_size > MM_SMALL_MAX || r->slot_count == 0 || r->slot_count > max_slots ||
        RUN_HEADER_SIZE + (size_t)r->slot_count * r->slot_size > room)
        return check_report(verbose, "I12", b, "run's slot size or count is wrong");
    if (r->fresh > r->slot_count || r->live > r->fresh)
        return check_report(verbose, "I12", b, "run's fresh count is past its slots or below live");
    /* the free list: distinct slots below fresh, fresh - live of them */
    uint64_t seen[PAGE_MAX_SLOTS / 64] = { 0 };
    size_t listed = 0;
    const char *slots = run_slots(b);
    for (word_t at = r->free; at != 0; at = *word_at(heap_base + at)) {
        size_t offset = (size_t)(heap_base + at - slots);
        size_t i = offset / r->slot_size;
        if (heap_base + at < slots || offset % r->slot_size != 0 || i >= r->fresh) {
            bad += check_report(verbose, "I12", b, "free-list link is not a handed-out slot of the run");
            break;
        }
        if ((seen[i / 64] >> (i % 64)) & 1) {
            bad += check_report(verbose, "I12", b, "free list holds a slot twice (or cycles)");
            break;
        }
        seen[i / 64] |= (uint64_t)1 << (i % 64);
        listed++;
    }
    size_t in_use = r->fresh - listed;
    if (in_use != r->live)
        bad += check_report(verbose, "I12", b, "run's live count is not fresh less its free list");
    if ((in_use == 0) != (small[run_class(r)].spare == heap_offset(b)))
        bad += check_report(verbose, "I14", b, "empty run that is not its class's spare, or a spare in use");
    if (r->live < r->slot_count && in_use != 0)
        (*partial)++;
    live[run_class(r)] += in_use;
    return bad;
}

/* I13: the page map, the chunks and the free pages, and I12 for every
 * page run; chunks_walk is the number of chunks the heap walk met. */
static int check_pages(int verbose, size_t chunks_walk, size_t live[SMALL_CLASSES],
                       size_t *partial)
{
    int bad = 0;
    if (page_map_pages == 0)
        return page_map_block != 0 || chunks_walk != 0 || free_pages != 0
                   ? check_report(verbose, "I13", heap_base, "chunks, free pages or a map block without a page map")
                   : 0;
    block_t *map = heap_block_at(page_map_block);
    if (map == NULL || !check_is_block_address(map) || !block_is_alloc(map) ||
        page_map != block_payload(map) || page_map_pages % 64 != 0 ||
        block_capacity(map) < page_map_pages / 8)
        return check_report(verbose, "I13", map, "page map block is broken");
    size_t chunks = 0, pages = 0;
    for (size_t first = 0; first < page_map_pages; first += CHUNK_PAGES) {
        if (page_map_chunk(first) == 0)
            continue;
        chunks++;
        block_t *chunk = heap_block_at((word_t)(first << PAGE_SHIFT) - HEADER_SIZE);
        if (!check_is_block_address(chunk) || !block_is_alloc(chunk) ||
            !(chunk->header & RUN_BIT) || check_is_registered(chunk) ||
            block_size(chunk) < CHUNK || block_size(chunk) >= CHUNK + MIN_BLOCK) {
            bad += check_report(verbose, "I13", chunk, "page map bits set outside a chunk");
            continue;
        }
        for (size_t k = first; k < first + CHUNK_PAGES; k++) {
            if (!((page_map[k / 64] >> (k % 64)) & 1))
                continue;
            pages++;
            block_t *b = heap_block_at((word_t)(k << PAGE_SHIFT) - HEADER_SIZE);
            bad += check_run(verbose, b, PAGE_MAX_SLOTS, PAGE_ROOM, live, partial);
        }
    }
    if (chunks != chunks_walk)
        bad += check_report(verbose, "I13", heap_base, "heap and page map differ in the number of chunks");
    size_t listed = 0;
    for (word_t page = free_pages, prev = 0; page != 0; prev = page, page = free_page_at(page)->next) {
        size_t k = page >> PAGE_SHIFT;
        if (page % PAGE != 0 || k >= page_map_pages || heap_base + page + PAGE > heap_end ||
            ((page_map[k / 64] >> (k % 64)) & 1) || page_map_chunk(k / CHUNK_PAGES * CHUNK_PAGES) == 0) {
            bad += check_report(verbose, "I13", heap_base + page, "free page list holds a page that is in use or outside a chunk");
            break;
        }
        if (free_page_at(page)->prev != prev) {
            bad += check_report(verbose, "I13", heap_base + page, "free page list links disagree");
            break;
        }
        if (++listed > chunks * CHUNK_PAGES) {
            bad += check_report(verbose, "I13", heap_base, "free page list does not end");
            break;
        }
    }
    if (listed + pages != chunks * CHUNK_PAGES)
        bad += check_report(verbose, "I13", heap_base, "free pages of the chunks missing from the list");
    return bad;
}

/* I14: each spare is a run of its class (check_run finds it empty), and
 * spare_count counts them. */
static int check_spares(int verbose)
{
    int bad = 0;
    unsigned spares = 0;
    for (unsigned cls = 0; cls < small_count; cls++) {
        if (small[cls].spare == 0)
            continue;
        spares++;
        block_t *b = heap_block_at(small[cls].spare);
        if (!check_is_run(b) || run_class(run_of(b)) != cls)
            bad += check_report(verbose, "I14", b, "spare is not a run of its class");
    }
    if (spares != spare_count)
        bad += check_report(verbose, "I14", heap_base, "spare_count is not the number of spares");
    return bad;
}

/* I11 to I14: the registry, the page map and every run; runs_walk
 * and chunks_walk are the registered runs and chunks the heap walk met. */
static int check_runs(int verbose, size_t runs_walk, size_t chunks_walk)
{
    int bad = 0;
    if (registry_count != runs_walk)
        bad += check_report(verbose, "I11", heap_base, "registry and heap differ in the number of runs");
    if (!check_registry_readable()) {
        bad += check_report(verbose, "I11", heap_base, "registry block or count is broken");
        return bad;
    }
    word_t lo, span;
    registry_span(&lo, &span);
    if (runs_lo != lo || runs_span != span)
        bad += check_report(verbose, "I11", heap_base, "runs_lo or runs_span is not the registry's span");
    if ((size_t)lo + span > ((size_t)run_map_buckets << RUN_MAP_SHIFT))
        bad += check_report(verbose, "I11", heap_base, "run map does not cover every run");
    const word_t *runs = registry_count != 0 ? registry() : NULL;
    for (size_t k = 0, i = 0; k < run_map_buckets; k++) {
        /* the first run that ends past the bucket's start meets the
         * bucket when it starts before the bucket's end */
        while (i < registry_count &&
               (size_t)runs[i] + block_size(heap_block_at_nonzero(runs[i])) <= k << RUN_MAP_SHIFT)
            i++;
        uint16_t want = i < registry_count && ((size_t)runs[i] >> RUN_MAP_SHIFT) <= k ? run_map_entry(k, runs[i]) : 0;
        if (run_map[k] != want) {
            bad += check_report(verbose, "I11", heap_base + ((size_t)k << RUN_MAP_SHIFT),
                                "run map's lowest run of this bucket is wrong");
            break;
        }
    }
    size_t live[SMALL_CLASSES] = {0};
    size_t partial_runs = 0;
    for (size_t i = 0; i < registry_count; i++) {
        block_t *b = heap_block_at(registry()[i]);
        if (i > 0 && registry()[i - 1] >= registry()[i])
            bad += check_report(verbose, "I11", b, "registry not sorted");
        if (b == NULL || !check_is_block_address(b) || !block_is_alloc(b) ||
            !(b->header & RUN_BIT) || page_run_containing(block_payload(b)) == b) {
            bad += check_report(verbose, "I11", b, "registry entry is not a registered run block");
            continue;
        }
        bad += check_run(verbose, b, RUN_MAX_SLOTS, block_capacity(b), live, &partial_runs);
    }
    bad += check_pages(verbose, chunks_walk, live, &partial_runs);
    size_t listed = 0;
    for (unsigned cls = 0; cls < small_count; cls++) {
        if (live[cls] != small[cls].live)
            bad += check_report(verbose, "I12", heap_base, "objects in runs differ from small_live");
        block_t *head = heap_block_at(small[cls].partial);
        if (head == NULL)
            continue;
        block_t *b = head;
        do {
            if (!check_is_run(b)) {
                bad += check_report(verbose, "I12", b, "run list node is not a run");
                break;
            }
            run_t *r = run_of(b);
            if (run_class(r) != cls || r->live >= r->slot_count)
                bad += check_report(verbose, "I12", b, "full run or run of another class on a list");
            if (r->live == 0)
                bad += check_report(verbose, "I14", b, "spare run on its class's list");
            block_t *next = heap_block_at(r->next);
            if (next == NULL || !check_is_block_address(next) ||
                run_of(next)->prev != heap_offset(b)) {
                bad += check_report(verbose, "I12", b, "run list links disagree");
                break;
            }
            if (++listed > partial_runs) {
                bad += check_report(verbose, "I12", head, "run list does not cycle back");
                break;
            }
            b = next;
        } while (b != head);
    }
    if (listed != partial_runs)
        bad += check_report(verbose, "I12", heap_base, "runs with free slots missing from the lists");
    bad += check_spares(verbose);
    return bad;
}
#else
static int check_is_registered(const block_t *b)
{
    (void)b;
    return 0;
}
#endif

int mm_checkheap(int verbose)
{
    int bad = 0;
    if (heap_base == NULL)
        return 0;
    const char *hi = (const char *)mem_heap_hi() + 1; /* one past the end */

    /* I5: sentinels */
    if (*heap_prologue() != PROLOGUE_WORD)
        bad += check_report(verbose, "I5", heap_prologue(), "prologue overwritten");
    if (heap_end != hi)
        bad += check_report(verbose, "I5", heap_end, "heap_end is not the end of the heap");
    block_t *epilogue = (block_t *)(hi - HEADER_SIZE);
    if (block_size(epilogue) != 0 || !block_is_alloc(epilogue))
        bad += check_report(verbose, "I5", epilogue, "epilogue is not size 0, allocated");

    /* I15 before the lists, which are read through the state */
    int state_bad = check_state(verbose);
    if (state_bad != 0)
        return bad + state_bad;

    /* the heap walk: I1, I2, I3, I4 */
    size_t free_walk = 0, runs_walk = 0, chunks_walk = 0;
    int prev_alloc = 1;
    block_t *b = heap_first_block();
    while ((const char *)b < hi - HEADER_SIZE) {
        size_t size = block_size(b);
        if (size < MIN_BLOCK || size % ALIGNMENT != 0 ||
            (uintptr_t)block_payload(b) % ALIGNMENT != 0 ||
            (const char *)b + size > hi - HEADER_SIZE) {
            bad += check_report(verbose, "I1", b, "bad block size or alignment");
            return bad; /* the walk cannot go on */
        }
        if (block_prev_alloc(b) != prev_alloc)
            bad += check_report(verbose, "I4", b, "PREV_ALLOC bit disagrees with the block below");
        if (b->header & RUN_BIT) {
            if (check_is_registered(b))
                runs_walk++;
            else
                chunks_walk++;
            if (!block_is_alloc(b))
                bad += check_report(verbose, "I11", b, "free block with the RUN bit");
        }
        if (!block_is_alloc(b)) {
            free_walk++;
            if (*block_footer(b) != b->header)
                bad += check_report(verbose, "I2", b, "free block's footer differs from its header");
            if (!prev_alloc)
                bad += check_report(verbose, "I3", b, "two adjacent free blocks");
        }
        prev_alloc = block_is_alloc(b);
        b = block_next(b);
    }
    if (b != epilogue)
        bad += check_report(verbose, "I5", b, "heap walk does not end at the epilogue");
    else if (block_prev_alloc(epilogue) != prev_alloc)
        bad += check_report(verbose, "I4", epilogue, "epilogue's PREV_ALLOC bit disagrees with the last block");

#if LIST_INDEX
    /* the lists: I6, I7, I8, I9 */
    size_t free_listed = 0;
    for (unsigned cls = 0; cls <= class_last; cls++) {
        block_t *head = heap_block_at(list_head[cls]);
        unsigned fl = cls / SL_COUNT, sl = cls % SL_COUNT;
        int bit = (sl_bitmap[fl] >> sl) & 1u;
        if (bit != (head != NULL))
            bad += check_report(verbose, "I8", head, "second-level bitmap disagrees with the list");
        if (head == NULL)
            continue;
        block_t *node = head;
        do {
            if (!check_is_block_address(node)) {
                bad += check_report(verbose, "I6", node, "list node outside the heap or misaligned");
                break;
            }
            if (block_is_alloc(node) || *block_footer(node) != node->header)
                bad += check_report(verbose, "I6", node, "list node is not a free block");
            else if (index_class(block_size(node)) != cls)
                bad += check_report(verbose, "I6", node, "free block in the wrong size class");
            block_t *next = link_next(node);
            if (next == NULL || !check_is_block_address(next)) {
                bad += check_report(verbose, "I7", node, "next link leaves the heap");
                break;
            }
            if (link_prev(next) != node)
                bad += check_report(verbose, "I7", node, "next(b)'s prev link is not b");
            if (++free_listed > free_walk + 1) {
                bad += check_report(verbose, "I7", head, "list does not cycle back to its head");
                break;
            }
            node = next;
        } while (node != head);
    }
    for (unsigned fl = 0; fl < FL_COUNT; fl++)
        if (((fl_bitmap >> fl) & 1u) != (fl <= class_last / SL_COUNT && sl_bitmap[fl] != 0))
            bad += check_report(verbose, "I8", heap_base, "first-level bitmap disagrees with the second level");
    if (class_last % SL_COUNT + 1 < 32 && sl_bitmap[class_last / SL_COUNT] >> (class_last % SL_COUNT + 1) != 0)
        bad += check_report(verbose, "I8", heap_base, "second-level bitmap marks a class past the index");
    if (free_listed != free_walk)
        bad += check_report(verbose, "I9", heap_base, "free blocks in the heap and on the lists differ in number");
    if (rover != NULL && (!check_is_block_address(rover) || block_is_alloc(rover)))
        bad += check_report(verbose, "I10", rover, "rover is not a free block");
#else
    if (rover != NULL && !check_is_block_address(rover))
        bad += check_report(verbose, "I10", rover, "rover is not a block");
#endif
#if MM_SMALL
    bad += check_runs(verbose, runs_walk, chunks_walk);
#else
    if (runs_walk + chunks_walk != 0)
        bad += check_report(verbose, "I11", heap_base, "RUN bit set with MM_SMALL 0");
#endif
    return bad;
}
