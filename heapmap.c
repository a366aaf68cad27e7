/*
 * heapmap.c - the picture of the simulated heap (see heapmap.h).
 *
 * First the trace runs as usual (the correctness pass, in run.c's child),
 * which says whether and where it fails. Then a second child replays the
 * trace without checks up to the chosen op, remembering the payload each
 * id holds, and writes the frame(s): OUT.dat, one line per row a live
 * payload crosses, and OUT.gp, which draws them. The driver then runs
 * gnuplot on OUT.gp.
 *
 * OUT.dat, per frame (gnuplot's "index"; frames separated by two blank
 * lines):
 *   # frame F: after op N of M (what)
 *   # heap_bytes H row_bytes W live_blocks B live_bytes L utilization U
 *   # window_from A window_to Z
 *   # row from to id size offset colour
 *   0 16 40 0 24 16 3368652
 * U is the live payload over the heap size after op N. The frame shows
 * heap offsets [A, Z) (the whole heap [0, H) without a window). A payload
 * of size bytes at heap offset offset, of block id, covers bytes [from,
 * to) of row row (row r holds heap offsets [A + r W, A + (r+1) W)). Without
 * a window the widths to - from of a frame add up to its live payload
 * bytes.
 */
#include "heapmap.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "failure.h"
#include "memlib.h"

#define MAX_NAMED 8              /* blocks outlined for a failure      */
#define MIN_ROW_BYTES 64
#define MIN_ZOOM_BYTES 4096      /* the least window of an automatic zoom */
#define GREY 0xd0d0d0            /* heap bytes that are no live payload */

/* Fills for neighbouring payloads (in address order, so neighbours differ). */
static const unsigned payload_colours[] = { 0x1f77b4, 0x2ca02c, 0xff7f0e, 0x9467bd,
                                            0x17becf, 0xbcbd22 };

struct plan {
    const struct trace *t;
    size_t stop;                 /* the frame: after this many ops        */
    bool do_failing_op;          /* ... and the failing op itself          */
    size_t every;                /* frames every K ops (0: none)           */
    size_t frame_heap;           /* heap bytes the rows of frames are cut for */
    size_t window;               /* --window (0: the whole heap)           */
    bool window_set;             /* --window given                         */
    long focus;                  /* the block of the last malloc or realloc
                                    drawn (-1: none): the window's centre
                                    without a failure                      */
    bool svg;                    /* the picture is an SVG, not a PNG       */
    const char *what;            /* "peak of live payload", ...            */
    uint32_t named[MAX_NAMED];   /* ids named by the failure               */
    int num_named;
    char failure[RUN_MESSAGE_MAX + 32];
    char stem[4000], out_png[4096], out_dat[4096], out_gp[4096];
};

struct block {
    uintptr_t addr;
    size_t size;
    uint32_t id;
};

int heapmap_parse_every(const char *arg, struct heapmap_options *o)
{
    char *end;
    errno = 0;
    unsigned long long k = strtoull(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || k == 0 || arg[0] == '-') {
        fprintf(stderr, "mdriver: --heapmap-every wants a number of ops, not '%s'\n", arg);
        return -1;
    }
    o->every = (size_t)k;
    return 0;
}

int heapmap_parse_window(const char *arg, struct heapmap_options *o)
{
    char *end;
    errno = 0;
    unsigned long long k = strtoull(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || k > SIZE_MAX) {
        fprintf(stderr, "mdriver: --window wants a number of heap bytes (0: the whole heap), "
                "not '%s'\n", arg);
        return -1;
    }
    o->window = (size_t)k;
    o->window_set = true;
    return 0;
}

/* The op after which the live payload (requested bytes) is largest, among
 * the first limit ops; the first such op. */
static size_t peak_op(const struct trace *t, size_t limit)
{
    size_t *size = calloc(t->num_ids ? t->num_ids : 1, sizeof *size);
    size_t live = 0, peak = 0, at = 0;
    for (size_t i = 0; size != NULL && i < limit; i++) {
        const struct trace_op *op = &t->ops[i];
        if (op->kind == TRACE_WRITE)
            continue;
        live -= size[op->id];
        size[op->id] = op->kind == TRACE_FREE ? 0 : op->size;
        live += size[op->id];
        if (live > peak) {
            peak = live;
            at = i + 1;
        }
    }
    free(size);
    return at;
}

/* The ids a failure message names ("block 3", "live block 0"), and the
 * failing op's own. */
static void named_blocks(struct plan *p, const char *message, size_t fail_op)
{
    if (fail_op > 0)
        p->named[p->num_named++] = p->t->ops[fail_op - 1].id;
    for (const char *c = strstr(message, "block "); c != NULL && p->num_named < MAX_NAMED;
         c = strstr(c + 1, "block ")) {
        unsigned id;
        if (sscanf(c + 6, "%u", &id) != 1 || id >= p->t->num_ids)
            continue;
        bool seen = false;
        for (int i = 0; i < p->num_named; i++)
            seen |= p->named[i] == id;
        if (!seen)
            p->named[p->num_named++] = id;
    }
}

/* Picks the frame from --at and the validated run; -1 with a message. */
static int choose(struct plan *p, const char *at, const struct trace_result *r)
{
    const struct trace *t = p->t;
    struct failure f;
    failure_classify(r, &f);
    bool failed = r->status != RUN_VALID;
    size_t ran = failed && r->fail_op > 0 ? r->fail_op - 1 : t->num_ops;  /* ops done fine */
    if (failed)
        snprintf(p->failure, sizeof p->failure, "%s: %s", run_status_name(r->status), r->message);
    if (at == NULL)
        at = failed ? "fail" : "peak";
    if (strcmp(at, "peak") == 0) {
        p->stop = peak_op(t, ran);
        p->what = "peak of live payload";
    } else if (strcmp(at, "fail") == 0) {
        if (!failed) {
            fprintf(stderr, "mdriver: --at fail: %s does not fail\n", t->path);
            return -1;
        }
        p->stop = ran;
        p->what = "at the failure";
        p->do_failing_op = r->fail_op > 0 &&
            (f.class_ == FAILURE_OVERLAP || f.class_ == FAILURE_MISALIGNED ||
             f.class_ == FAILURE_OUTSIDE_HEAP || f.class_ == FAILURE_NULL ||
             f.class_ == FAILURE_CHECKER || strstr(r->message, "did not preserve") != NULL);
        named_blocks(p, r->message, r->fail_op);
    } else {
        char *end;
        unsigned long long n = strtoull(at, &end, 10);
        if (end == at || *end != '\0' || at[0] == '-' || n > t->num_ops) {
            fprintf(stderr, "mdriver: --at wants peak, fail or an op number 0..%zu, not '%s'\n",
                    t->num_ops, at);
            return -1;
        }
        if (n > ran) {
            fprintf(stderr, "mdriver: --at %llu: the trace fails in op %zu; pick an op before "
                    "it, or --at fail\n", n, r->fail_op);
            return -1;
        }
        p->stop = (size_t)n;
        p->what = "as asked";
    }
    p->focus = -1;
    for (size_t i = p->stop + p->do_failing_op; i > 0 && p->focus < 0; i--)
        if (t->ops[i - 1].kind == TRACE_ALLOC || t->ops[i - 1].kind == TRACE_REALLOC)
            p->focus = t->ops[i - 1].id;
    if (p->every > 0 && p->stop / p->every > HEAPMAP_MAX_FRAMES) {
        fprintf(stderr, "mdriver: --heapmap-every %zu makes %zu frames; at most %d\n", p->every,
                p->stop / p->every, HEAPMAP_MAX_FRAMES);
        return -1;
    }
    return 0;
}

/* Row width: the least power of two (at least MIN_ROW_BYTES) that lays
 * heap bytes out in at most a quarter as many rows as a row has bytes. */
static size_t row_bytes(size_t heap)
{
    size_t w = MIN_ROW_BYTES;
    while (w < ((size_t)1 << 40) && w / 4 * w < heap)
        w *= 2;
    return w;
}

static int by_addr(const void *a, const void *b)
{
    uintptr_t x = ((const struct block *)a)->addr, y = ((const struct block *)b)->addr;
    return (x > y) - (x < y);
}

/* ---- in the child: replay and write ---- */

struct replay {
    void **ptr;
    size_t *size;
    size_t live;
    struct block *blocks;      /* scratch for a frame */
    FILE *dat, *gp;
    int frames;
};

static void apply(const struct mm_api *mm, const struct trace_op *op, struct replay *rp)
{
    void **slot = &rp->ptr[op->id];
    size_t *size = &rp->size[op->id];
    switch (op->kind) {
    case TRACE_ALLOC:
        *slot = mm->malloc(op->size);
        break;
    case TRACE_REALLOC:
        *slot = mm->realloc(*slot, op->size);
        break;
    case TRACE_FREE:
        mm->free(*slot);
        *slot = NULL;
        rp->live -= *size;
        *size = 0;
        return;
    case TRACE_WRITE:
        if (*slot != NULL)
            memset(*slot, (int)(op->id & 0xff), op->size);
        return;
    }
    rp->live += op->size - *size;
    *size = op->size;
    if (*slot != NULL)          /* the program fills what it asked for */
        memset(*slot, (int)(op->id & 0xff), op->size);
}

static bool is_named(const struct plan *p, uint32_t id)
{
    for (int i = 0; i < p->num_named; i++)
        if (p->named[i] == id)
            return true;
    return false;
}

#define TITLE_LINE 140      /* characters of a title line, about */

/* Writes s into a double-quoted gnuplot string (at most max bytes of it),
 * breaking the line at the first space past every TITLE_LINE characters. */
static void gp_text(FILE *gp, const char *s, size_t max)
{
    for (size_t k = 0, col = 0; s[k] != '\0' && k < max; k++, col++) {
        if (s[k] == ' ' && col >= TITLE_LINE) {
            fputs("\\n", gp);
            col = 0;
            continue;
        }
        fprintf(gp, (s[k] == '"' || s[k] == '\\') ? "\\%c" : "%c", s[k]);
    }
}

/* The heap offsets [from, to) a frame shows, in rows of w bytes. */
struct view {
    size_t from, to, w;
};

static bool in_heap(const struct block *b)
{
    uintptr_t lo = (uintptr_t)mem_heap_lo();
    size_t heap = mem_heapsize();
    return b->addr >= lo && b->addr - lo <= heap && b->size <= heap - (b->addr - lo);
}

/* The view of a frame (see heapmap.h): the whole heap, in rows cut for
 * frame_heap bytes; or for the final frame (last), with --window or at a
 * failure whose blocks are small, a window around the blocks of interest:
 * the named ones (outline), else the focus block. */
static void choose_view(const struct plan *p, const struct replay *rp, size_t n, bool last,
                        bool outline, struct view *v)
{
    size_t heap = mem_heapsize(), lo = SIZE_MAX, hi = 0;
    *v = (struct view){ 0, heap, row_bytes(p->frame_heap > heap ? p->frame_heap : heap) };
    for (size_t i = 0; i < n && last; i++) {
        const struct block *b = &rp->blocks[i];
        bool interest = outline && p->num_named > 0 ? is_named(p, b->id)
                                                    : (long)b->id == p->focus;
        if (!interest || !in_heap(b))
            continue;
        size_t off = b->addr - (uintptr_t)mem_heap_lo();
        lo = off < lo ? off : lo;
        hi = off + b->size > hi ? off + b->size : hi;
    }
    if (lo == SIZE_MAX)
        return;
    size_t want = p->window;
    if (!p->window_set) {
        if (!outline || p->failure[0] == '\0' || (hi - lo) >= heap / HEAPMAP_ZOOM)
            return;
        want = (hi - lo) * HEAPMAP_ZOOM > MIN_ZOOM_BYTES ? (hi - lo) * HEAPMAP_ZOOM
                                                         : MIN_ZOOM_BYTES;
    }
    if (want == 0)
        return;
    if (want < hi - lo)
        want = hi - lo;
    if (want >= heap)
        return;
    size_t mid = lo + (hi - lo) / 2;
    size_t from = mid > want / 2 ? mid - want / 2 : 0;
    if (from + want > heap)
        from = heap - want;
    v->w = row_bytes(want);
    v->from = from / v->w * v->w;
    size_t rows = (from + want - v->from + v->w - 1) / v->w;
    v->to = v->from + rows * v->w < heap ? v->from + rows * v->w : heap;
}

/* The rows of one block in dat (the part inside the view), outlined in gp
 * when named (the k-th named block: its id label is placed k lines up, so
 * labels do not collide). Appends "block ID (SIZE B at offset OFF)" to
 * names. */
static void frame_block(struct replay *rp, const struct block *b, size_t i,
                        const struct view *v, bool named, int k, char *names, size_t len)
{
    uintptr_t lo = (uintptr_t)mem_heap_lo();
    size_t used = strlen(names), w = v->w;
    bool inside = in_heap(b);
    if (named && inside)
        snprintf(names + used, len - used, "%sblock %u (%zu B at heap offset %zu)",
                 used ? ", " : "", b->id, b->size, (size_t)(b->addr - lo));
    else if (named)
        snprintf(names + used, len - used, "%sblock %u (%zu B OUTSIDE the heap, at %#zx)",
                 used ? ", " : "", b->id, b->size, (size_t)b->addr);
    size_t off = b->addr - lo;
    if (!inside || off >= v->to || off + b->size <= v->from)
        return;
    unsigned colour = payload_colours[i % (sizeof payload_colours / sizeof *payload_colours)];
    size_t start = (off > v->from ? off : v->from) - v->from;
    size_t end = (off + b->size < v->to ? off + b->size : v->to) - v->from;
    for (size_t at = start; at < end;) {
        size_t row = at / w, from = at % w, to = end - row * w < w ? end - row * w : w;
        fprintf(rp->dat, "%zu %zu %zu %u %zu %zu %u\n", row, from, to, b->id, b->size, off,
                colour);
        if (named)
            fprintf(rp->gp, "set object rect from %zu,%zu to %zu,%zu fs empty border "
                    "lc rgb 'black' lw 2 front\n", from, row, to, row + 1);
        at = row * w + to;
    }
    if (named)
        fprintf(rp->gp, "set label '%u' at %zu,%zu front offset 0.3,%.1f tc rgb 'black' "
                "font 'sans,9'\n", b->id, start % w, start / w, 0.7 + 1.1 * k);
}

/* One frame: its rows in dat, its picture in gp. Outlines the blocks the
 * failure names when outline is set; last: the final frame, which may
 * show a window of the heap. */
static void write_frame(const struct plan *p, struct replay *rp, size_t op, const char *png,
                        const char *what, bool outline, bool last)
{
    const struct trace *t = p->t;
    size_t heap = mem_heapsize(), n = 0;
    for (uint32_t id = 0; id < t->num_ids; id++)
        if (rp->ptr[id] != NULL && rp->size[id] > 0)
            rp->blocks[n++] = (struct block){ (uintptr_t)rp->ptr[id], rp->size[id], id };
    qsort(rp->blocks, n, sizeof *rp->blocks, by_addr);
    struct view v;
    choose_view(p, rp, n, last, outline, &v);
    size_t w = v.w, shown = v.to - v.from, rows = (shown + w - 1) / w;
    bool window = shown < heap;
    double util = heap > 0 ? (double)rp->live / (double)heap : 0;
    if (rp->frames > 0)
        fputs("\n\n", rp->dat);
    fprintf(rp->dat, "# frame %d: after op %zu of %zu (%s)\n", rp->frames, op, t->num_ops, what);
    fprintf(rp->dat, "# heap_bytes %zu row_bytes %zu live_blocks %zu live_bytes %zu "
            "utilization %.6f\n# window_from %zu window_to %zu\n"
            "# row from to id size offset colour\n", heap, w, n, rp->live, util, v.from, v.to);
    fprintf(rp->gp, "\nunset object; unset label\nset output '%s'\n", png);
    fprintf(rp->gp, "set xrange [0:%zu]; set yrange [%zu:0]\n", w, rows > 0 ? rows : 1);
    fprintf(rp->gp, rows <= 10 ? "set ytics 1\n" : "set ytics autofreq\n");
    if (window)
        fprintf(rp->gp, "set ylabel 'row (of %zu bytes; row 0 starts at heap offset %zu)'\n", w,
                v.from);
    else
        fprintf(rp->gp, "set ylabel 'row (of %zu bytes; row 0 starts at mem_heap_lo)'\n", w);
    if (shown >= w)
        fprintf(rp->gp, "set object rect from 0,0 to %zu,%zu fc rgb '#%06x' fs solid "
                "noborder back\n", w, shown / w, GREY);
    if (shown % w)
        fprintf(rp->gp, "set object rect from 0,%zu to %zu,%zu fc rgb '#%06x' fs solid "
                "noborder back\n", shown / w, shown % w, shown / w + 1, GREY);
    char names[MAX_NAMED * 80] = "";
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        bool named = outline && is_named(p, rp->blocks[i].id);
        frame_block(rp, &rp->blocks[i], i, &v, named, k, names, sizeof names);
        k += named;
    }
    if (n == 0)      /* gnuplot wants a point to plot: one outside the view */
        fprintf(rp->dat, "0 0 0 0 0 0 0\n");
    fprintf(rp->gp, "set title \"%s after op %zu of %zu (%s): live/heap now %.1f%% = %zu live "
            "payload bytes in %zu blocks / %zu heap bytes\\n(after this op; the table's util is "
            "another figure: peak live payload / final heap size)", t->name, op, t->num_ops, what,
            100 * util, rp->live, n, heap);
    if (window)
        fprintf(rp->gp, "\\nshowing heap offsets [%zu, %zu) of %zu%s", v.from, v.to, heap,
                p->window_set ? " (--window)" : ": zoomed to the failure (--window 0: the "
                "whole heap)");
    if (outline && p->failure[0] != '\0') {
        fputs("\\n", rp->gp);
        gp_text(rp->gp, p->failure, 3 * TITLE_LINE);
    }
    if (names[0] != '\0') {
        fputs("\\noutlined: ", rp->gp);
        gp_text(rp->gp, names, sizeof names);
    }
    fputs("\"\n", rp->gp);
    fprintf(rp->gp, "plot '%s' index %d using (($2+$3)/2):($1+0.5):(($3-$2)/2):(0.5):7 "
            "with boxxyerror fs solid 1.0 noborder lc rgb variable notitle", p->out_dat,
            rp->frames);
    /* the key: what each colour means */
    for (int c = 0; c < 3; c++)
        fprintf(rp->gp, ", \\\n  keyentry with boxes fs solid 1.0 noborder lc rgb '#%06x' %s",
                payload_colours[c], c == 0 ? "title 'live payload (a colour per block, "
                "neighbours differ)'" : "notitle");
    fprintf(rp->gp, ", \\\n  keyentry with boxes fs solid 1.0 noborder lc rgb '#%06x' "
            "title 'heap bytes not live payload (headers, padding, free blocks)'", GREY);
    if (names[0] != '\0')
        fputs(", \\\n  keyentry with boxes fs empty lw 2 lc rgb 'black' "
              "title 'outlined: the blocks the failure names'", rp->gp);
    fputc('\n', rp->gp);
    rp->frames++;
}

static void gp_preamble(FILE *gp, const struct plan *p)
{
    fprintf(gp, "# %s: the heap map of %s (data in %s); run: gnuplot %s\n", p->out_gp,
            p->t->path, p->out_dat, p->out_gp);
    fputs(p->svg ? "set terminal svg size 1000,760 font 'sans,9' noenhanced "
                   "background rgb 'white'\n"
                 : "set terminal pngcairo size 1000,760 font 'sans,9' noenhanced\n", gp);
    fputs("set xlabel 'byte within the row'\n"
          "set key at screen 0.5, screen 0.01 center bottom vertical\nset bmargin 7\n"
          "set tics out\nset border 3\n", gp);
}

/* The child's work: replay, write the frames. Exits 0, or 1 when the
 * files cannot be written. */
static void child(const struct plan *p, const struct mm_api *mm, const struct run_options *run)
{
    if (run->timeout_secs > 0)
        alarm(run->timeout_secs);
    const struct trace *t = p->t;
    struct replay rp = { 0 };
    size_t ids = t->num_ids ? t->num_ids : 1;
    rp.ptr = calloc(ids, sizeof *rp.ptr);
    rp.size = calloc(ids, sizeof *rp.size);
    rp.blocks = calloc(ids, sizeof *rp.blocks);
    rp.dat = fopen(p->out_dat, "w");
    rp.gp = fopen(p->out_gp, "w");
    if (rp.ptr == NULL || rp.size == NULL || rp.blocks == NULL || rp.dat == NULL ||
        rp.gp == NULL) {
        fprintf(stderr, "mdriver: cannot write %s or %s: %s\n", p->out_dat, p->out_gp,
                strerror(errno));
        _exit(1);
    }
    gp_preamble(rp.gp, p);
    mem_init();
    mem_reset_brk();
    if (mm->init() < 0)
        fprintf(stderr, "mdriver: --heapmap: mm_init failed\n");
    else
        for (size_t i = 0; i < p->stop; i++) {
            apply(mm, &t->ops[i], &rp);
            if (p->every > 0 && (i + 1) % p->every == 0 && i + 1 < p->stop) {
                char png[4200];
                snprintf(png, sizeof png, "%s-%06zu.%s", p->stem, i + 1, p->svg ? "svg" : "png");
                write_frame(p, &rp, i + 1, png, "frame", false, false);
            }
        }
    size_t op = p->stop;
    if (p->do_failing_op) {
        apply(mm, &t->ops[p->stop], &rp);
        op++;
    }
    write_frame(p, &rp, op, p->out_png, p->what, true, true);
    bool bad = fclose(rp.dat) != 0;
    bad |= fclose(rp.gp) != 0;
    _exit(bad ? 1 : 0);
}

/* Whether an executable named gnuplot is on PATH. */
static bool have_gnuplot(void)
{
    const char *path = getenv("PATH");
    char dir[4096];
    while (path != NULL && *path != '\0') {
        size_t n = strcspn(path, ":");
        snprintf(dir, sizeof dir, "%.*s/gnuplot", (int)n, n > 0 ? path : ".");
        if (access(dir, X_OK) == 0)
            return true;
        path += n + (path[n] == ':');
    }
    return false;
}

/* Returns 1 when the picture was drawn, 0 when gnuplot is missing (the
 * data alone were written), -1 when gnuplot failed. */
static int render(const struct plan *p)
{
    if (!have_gnuplot()) {
        printf("gnuplot is not installed: wrote the data %s and the script %s only.\n"
               "Install it (Debian, Ubuntu: sudo apt-get install gnuplot-nox), then run: "
               "gnuplot %s\n", p->out_dat, p->out_gp, p->out_gp);
        return 0;
    }
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "gnuplot '%s'", p->out_gp);
    fflush(stdout);
    if (system(cmd) != 0) {
        fprintf(stderr, "mdriver: gnuplot failed on %s\n", p->out_gp);
        return -1;
    }
    return 1;
}

/* OUT.png or OUT.svg -> stem OUT, OUT.dat, OUT.gp; -1 (with a message)
 * for a name that asks for another format. */
static int name_files(struct plan *p, const char *out)
{
    size_t n = strlen(out);
    const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    if (dot == NULL || (slash != NULL && dot < slash) || dot == out + n - 1 ||
        (strcmp(dot, ".png") != 0 && strcmp(dot, ".svg") != 0)) {
        fprintf(stderr, "mdriver: --heapmap draws OUT.png or OUT.svg, not '%s'\n", out);
        return -1;
    }
    p->svg = strcmp(dot, ".svg") == 0;
    n -= 4;
    snprintf(p->stem, sizeof p->stem, "%.*s", (int)n, out);
    snprintf(p->out_png, sizeof p->out_png, "%s", out);
    snprintf(p->out_dat, sizeof p->out_dat, "%s.dat", p->stem);
    snprintf(p->out_gp, sizeof p->out_gp, "%s.gp", p->stem);
    return 0;
}

int heapmap_main(const struct heapmap_options *o, const char *path, enum trace_dialect dialect,
                 const struct run_options *run, const struct mm_api *mm)
{
    char err[RUN_MESSAGE_MAX];
    struct plan *p = calloc(1, sizeof *p);
    if (p == NULL) {
        fprintf(stderr, "mdriver: out of memory\n");
        return 2;
    }
    struct trace t;
    if (name_files(p, o->out) != 0) {
        free(p);
        return 2;
    }
    if (trace_read(path, dialect, ALIGNMENT, &t, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        free(p);
        return 2;
    }
    struct run_options check = *run;
    check.time_it = false;
    check.series_dir = NULL;
    check.footprint = NULL;
    struct trace_result r;
    run_trace(&t, mm, NULL, &check, &r);
    int rc = 2;
    p->t = &t;
    p->every = o->every;
    p->frame_heap = o->every > 0 ? r.heap_size : 0;
    p->window = o->window;
    p->window_set = o->window_set;
    if (choose(p, o->at, &r) != 0)
        goto out;
    if (p->failure[0] != '\0')
        printf("%s: %s\n", t.path, p->failure);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0)
        child(p, mm, run);
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        fprintf(stderr, "mdriver: --heapmap: cannot run the replay: %s\n", strerror(errno));
        goto out;
    }
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "mdriver: --heapmap: the replay up to op %zu was killed by SIG%s\n",
                p->stop, sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
        goto out;
    }
    if (WEXITSTATUS(status) != 0)
        goto out;
    int drawn = render(p);
    rc = drawn < 0 ? 2 : 0;
    if (drawn > 0)
        printf("wrote %s (data %s, script %s): %s after op %zu of %zu (%s)\n", p->out_png,
               p->out_dat, p->out_gp, t.name, p->stop + p->do_failing_op, t.num_ops, p->what);
out:
    free(p);
    trace_free(&t);
    return rc;
}
