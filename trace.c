/*
 * trace.c - reading allocation traces (see trace.h for the format).
 *
 * The file is read whole, then parsed line by line by hand (no scanf), so
 * that every malformed input gets one message naming the file and line and
 * nothing in the file can overflow a number, a buffer or the driver.
 */
#include "trace.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TRACE_MAX_LINE 4096            /* longest line accepted, in bytes */
#define TRACE_MAX_IDS (1u << 24)       /* largest num_ids accepted        */
#define TRACE_MAX_FILE (1ul << 31)     /* largest file accepted, in bytes */
#define TRACE_HEADER_FIELDS 4

/* The reader's working state: where we are, and what is live. */
struct reader {
    const char *path;
    char *err;
    size_t errlen;
    unsigned long line;      /* current line, from 1 */
    size_t *live_size;       /* per id: size of the live block   */
    uint32_t *live_line;     /* per id: line that made it live, 0 = not live */
    struct trace *t;
    bool may_be_cmu15;       /* header "0 N M 1": classic until a 2015 op */
    bool have_size;          /* CMU 2015: a size was read (for `a ID`)    */
    size_t last_size;        /* CMU 2015: the last size read              */
};

static int fail(struct reader *r, bool with_line, const char *fmt, ...)
{
    int n = with_line ? snprintf(r->err, r->errlen, "%s:%lu: ", r->path, r->line)
                      : snprintf(r->err, r->errlen, "%s: ", r->path);
    if (n < 0 || (size_t)n >= r->errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

const char *trace_dialect_name(enum trace_dialect d)
{
    switch (d) {
    case TRACE_DIALECT_CSAPP: return "csapp";
    case TRACE_DIALECT_CMU: return "cmu";
    case TRACE_DIALECT_CMU15: return "cmu15";
    case TRACE_DIALECT_AUTO: break;
    }
    return "auto";
}

/* Whether a byte may appear in a trace line (CR and LF are handled apart). */
static bool is_text(char c)
{
    unsigned char u = (unsigned char)c;
    return u == '\t' || (u >= 0x20 && u < 0x7f);
}

/* Reads the whole file into a NUL-terminated buffer. */
static char *slurp(struct reader *r, size_t *len)
{
    FILE *f = fopen(r->path, "rb");
    if (f == NULL) {
        fail(r, false, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        fail(r, false, "is a directory, not a trace file");
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        if (n + 1 >= cap) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        /* Stop at the first NUL (binary data) or past the size limit, so an
         * endless input such as /dev/zero is diagnosed in bounded memory. */
        char *nul = memchr(buf + n, '\0', got);
        n += got;
        if (nul != NULL) {
            r->line = 1;
            for (char *c = buf; c < nul; c++)
                r->line += *c == '\n';
            char *bad = nul;
            while (bad > buf && bad[-1] != '\n')
                bad--;
            while (is_text(*bad))  /* the first byte of that line that is not text */
                bad++;
            char *line_start = nul;
            while (line_start > buf && line_start[-1] != '\n')
                line_start--;
            fail(r, true, "binary data (byte 0x%02x at column %zu); not a trace file",
                 (unsigned char)*bad, (size_t)(bad - line_start) + 1);
            free(buf);
            fclose(f);
            return NULL;
        }
        if (n > TRACE_MAX_FILE) {
            fail(r, false, "file too large (more than %lu bytes); not a trace file",
                 TRACE_MAX_FILE);
            free(buf);
            fclose(f);
            return NULL;
        }
        if (got == 0)
            break;
    }
    if (buf == NULL) {
        fclose(f);
        fail(r, false, "out of memory reading the file");
        return NULL;
    }
    if (ferror(f)) {
        fail(r, false, "read error: %s", strerror(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Cuts the next line out of [*pos, end): returns it NUL-terminated with
 * any CR stripped, or NULL at the end of the buffer. Checks its length and
 * that it holds text. */
static char *next_line(struct reader *r, char **pos, char *end, bool *bad)
{
    *bad = false;
    if (*pos >= end)
        return NULL;
    char *start = *pos;
    char *nl = memchr(start, '\n', (size_t)(end - start));
    char *stop = nl != NULL ? nl : end;
    *pos = nl != NULL ? nl + 1 : end;
    r->line++;
    if (stop > start && stop[-1] == '\r')
        stop--;
    size_t len = (size_t)(stop - start);
    if (len > TRACE_MAX_LINE) {
        *bad = true;
        fail(r, true, "line too long (%zu bytes; at most %d)", len, TRACE_MAX_LINE);
        return NULL;
    }
    for (char *c = start; c < stop; c++) {
        if (!is_text(*c)) {
            *bad = true;
            fail(r, true, "binary data (byte 0x%02x at column %zu); not a trace file",
                 (unsigned char)*c, (size_t)(c - start) + 1);
            return NULL;
        }
    }
    *stop = '\0';
    return start;
}

static char *skip_space(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* The next whitespace-delimited word of *s, NUL-terminated, or NULL. */
static char *next_word(char **s)
{
    char *w = skip_space(*s);
    if (*w == '\0')
        return NULL;
    char *e = w;
    while (*e != '\0' && *e != ' ' && *e != '\t')
        e++;
    *s = e;
    if (*e != '\0') {
        *e = '\0';
        *s = e + 1;
    }
    return w;
}

/* Parses a whole word as an unsigned decimal number that fits in max.
 * what names the field in messages. */
static int parse_number(struct reader *r, const char *word, const char *what,
                        uintmax_t max, uintmax_t *out)
{
    if (word == NULL)
        return fail(r, true, "missing %s", what);
    if (word[0] == '-')
        return fail(r, true, "negative %s '%s'", what, word);
    const char *c = word[0] == '+' ? word + 1 : word;
    if (*c == '\0')
        return fail(r, true, "%s '%s' is not a number", what, word);
    uintmax_t v = 0;
    for (; *c != '\0'; c++) {
        if (*c < '0' || *c > '9')
            return fail(r, true, "%s '%s' is not a number", what, word);
        unsigned d = (unsigned)(*c - '0');
        if (v > (max - d) / 10)
            return fail(r, true, "%s '%s' is too large (at most %ju)", what, word, max);
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static size_t add_saturating(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t align_up(size_t n, size_t alignment)
{
    if (n > SIZE_MAX - (alignment - 1))
        return SIZE_MAX;
    return (n + alignment - 1) & ~(alignment - 1);
}

static int read_header(struct reader *r, char **pos, char *end, uintmax_t h[TRACE_HEADER_FIELDS])
{
    static const char *const names[TRACE_HEADER_FIELDS] = {
        "header field 1 (heap size or weight)", "header field 2 (num_ids)",
        "header field 3 (num_ops)", "header field 4 (weight or max_alloc)"
    };
    int got = 0;
    while (got < TRACE_HEADER_FIELDS) {
        bool bad;
        char *line = next_line(r, pos, end, &bad);
        if (bad)
            return -1;
        if (line == NULL) {
            if (r->line == 0)
                return fail(r, false, "empty file, not a trace");
            return fail(r, true, "file ends in the header (%d of 4 numbers)", got);
        }
        char *word;
        while (got < TRACE_HEADER_FIELDS && (word = next_word(&line)) != NULL) {
            if (parse_number(r, word, names[got], UINTMAX_MAX, &h[got]) != 0)
                return -1;
            got++;
        }
        if (got == TRACE_HEADER_FIELDS && next_word(&line) != NULL)
            return fail(r, true, "the header has more than 4 numbers");
    }
    return 0;
}

/* A CMU 2015 op met in a trace read as classic: from a header "0 N M 1"
 * the trace turns 2015 (weight 0, as that driver read the header); from any
 * other header it is an error naming the dialect. */
static int cmu15_only(struct reader *r, const char *what)
{
    if (r->t->dialect == TRACE_DIALECT_CMU15)
        return 0;
    if (r->may_be_cmu15) {
        r->t->dialect = TRACE_DIALECT_CMU15;
        r->t->weight = TRACE_WEIGHT_NONE;
        return 0;
    }
    return fail(r, true, "%s: CMU's 2015 dialect only (--dialect cmu15 reads it)", what);
}

static int parse_op(struct reader *r, char *line, size_t num_ids, struct trace_op *op)
{
    char *kind = next_word(&line);
    if (kind[1] != '\0' || strchr("afrw", kind[0]) == NULL)
        return fail(r, true, "unknown operation '%s' (expected a, f, r or w)", kind);
    op->kind = kind[0];
    uintmax_t id, size = 0;
    char *word = next_word(&line);
    if (op->kind == TRACE_FREE && word != NULL && strcmp(word, "-1") == 0 &&
        r->t->dialect != TRACE_DIALECT_CMU) {
        if (cmu15_only(r, "negative id '-1' (free(NULL))") != 0)
            return -1;
        id = r->t->null_id;
    } else {
        if (parse_number(r, word, "id", UINT32_MAX, &id) != 0)
            return -1;
        size_t declared = r->t->null_id != UINT32_MAX ? r->t->null_id : num_ids;
        if (id >= declared)
            return fail(r, true, "id %ju out of range (num_ids is %zu)", id, declared);
    }
    op->id = (uint32_t)id;
    if (op->kind != TRACE_FREE) {
        word = next_word(&line);
        if (word == NULL && op->kind == TRACE_ALLOC && r->t->dialect == TRACE_DIALECT_CMU15) {
            if (!r->have_size)
                return fail(r, true, "missing size, and no size before it to repeat");
            size = r->last_size;    /* what the 2015 driver's fscanf left */
        } else if (parse_number(r, word, "size", SIZE_MAX, &size) != 0) {
            return -1;
        }
        r->have_size = true;
        r->last_size = (size_t)size;
    }
    op->size = (size_t)size;
    word = next_word(&line);
    if (word != NULL)
        return fail(r, true, "unexpected '%s' after the operation", word);
    return 0;
}

/* Applies op to the live set, checking it is legal there. */
static int track_op(struct reader *r, const struct trace_op *op, size_t *live,
                    size_t *live_aligned, size_t alignment)
{
    uint32_t id = op->id;
    bool is_live = r->live_line[id] != 0;
    switch (op->kind) {
    case TRACE_ALLOC:
        if (is_live)
            return fail(r, true, "alloc of id %u, which is already live (allocated at line %u)",
                        id, r->live_line[id]);
        break;
    case TRACE_FREE:
    case TRACE_REALLOC:
    case TRACE_WRITE:
        /* CMU 2015: an id never allocated holds NULL, for free and realloc
         * (a realloc of one turns a "0 N M 1" trace 2015) */
        if (!is_live && op->kind != TRACE_WRITE && r->live_size[id] != SIZE_MAX &&
            (r->t->dialect == TRACE_DIALECT_CMU15 ||
             (op->kind == TRACE_REALLOC && r->may_be_cmu15 && cmu15_only(r, "") == 0))) {
            if (op->kind == TRACE_FREE)
                return 0;
            break;
        }
        if (!is_live)
            return fail(r, true, "%s of id %u, which is not live (%s)",
                        op->kind == TRACE_FREE ? "free" :
                        op->kind == TRACE_REALLOC ? "realloc" : "write", id,
                        r->live_size[id] == SIZE_MAX ? "freed already" : "never allocated");
        if (op->kind == TRACE_WRITE) {
            if (op->size > r->live_size[id])
                return fail(r, true, "write of %zu bytes to id %u, a block of %zu bytes",
                            op->size, id, r->live_size[id]);
            return 0;
        }
        *live -= r->live_size[id];
        *live_aligned -= align_up(r->live_size[id], alignment);
        break;
    }
    if (op->kind == TRACE_FREE) {
        r->live_line[id] = 0;
        r->live_size[id] = SIZE_MAX;  /* marks "freed", for the message */
        return 0;
    }
    r->live_line[id] = (uint32_t)(r->line > UINT32_MAX ? UINT32_MAX : r->line);
    r->live_size[id] = op->size;
    *live = add_saturating(*live, op->size);
    *live_aligned = add_saturating(*live_aligned, align_up(op->size, alignment));
    return 0;
}

static int parse_body(struct reader *r, char **pos, char *end, struct trace *t,
                      size_t declared_ops, size_t alignment)
{
    /* Start small and double: a header may promise more than the file holds. */
    size_t cap = declared_ops < 4096 ? 4096 : declared_ops > 65536 ? 65536 : declared_ops;
    t->ops = malloc(cap * sizeof *t->ops);
    t->lines = malloc(cap * sizeof *t->lines);
    r->live_size = calloc(t->num_ids ? t->num_ids : 1, sizeof *r->live_size);
    r->live_line = calloc(t->num_ids ? t->num_ids : 1, sizeof *r->live_line);
    if (t->ops == NULL || t->lines == NULL || r->live_size == NULL || r->live_line == NULL)
        return fail(r, false, "out of memory");
    size_t live = 0, live_aligned = 0;
    for (;;) {
        bool bad;
        char *line = next_line(r, pos, end, &bad);
        if (bad)
            return -1;
        if (line == NULL)
            break;
        if (*skip_space(line) == '\0')
            continue;
        if (t->num_ops == declared_ops && t->dialect == TRACE_DIALECT_CMU15) {
            t->ignored_ops++;   /* the 2015 driver stopped reading at num_ops */
            continue;
        }
        if (t->num_ops == declared_ops)
            return fail(r, true, "more operations than the header's num_ops (%zu)", declared_ops);
        if (t->num_ops == cap) {
            cap *= 2;
            struct trace_op *ops = realloc(t->ops, cap * sizeof *t->ops);
            if (ops != NULL)
                t->ops = ops;
            uint32_t *lines = realloc(t->lines, cap * sizeof *t->lines);
            if (lines != NULL)
                t->lines = lines;
            if (ops == NULL || lines == NULL)
                return fail(r, false, "out of memory");
        }
        struct trace_op *op = &t->ops[t->num_ops];
        memset(op, 0, sizeof *op);  /* padding too: the ops are copied out whole */
        if (parse_op(r, line, t->num_ids, op) != 0 ||
            track_op(r, op, &live, &live_aligned, alignment) != 0)
            return -1;
        t->lines[t->num_ops] = (uint32_t)(r->line > UINT32_MAX ? UINT32_MAX : r->line);
        t->num_ops++;
        if (live > t->peak_live)
            t->peak_live = live;
        if (live_aligned > t->peak_live_aligned)
            t->peak_live_aligned = live_aligned;
    }
    if (t->num_ops != declared_ops)
        return fail(r, true, "file ends after %zu operations, but the header says %zu (truncated?)",
                    t->num_ops, declared_ops);
    return 0;
}

int trace_read(const char *path, enum trace_dialect dialect, size_t alignment,
               struct trace *t, char *err, size_t errlen)
{
    struct reader r = { .path = path, .err = err, .errlen = errlen };
    memset(t, 0, sizeof *t);
    size_t len;
    char *buf = slurp(&r, &len);
    if (buf == NULL)
        return -1;
    char *pos = buf, *end = buf + len;
    uintmax_t h[TRACE_HEADER_FIELDS];
    int rc = read_header(&r, &pos, end, h);
    r.t = t;
    t->null_id = UINT32_MAX;
    if (rc == 0) {
        bool ambiguous = h[0] == 0 && h[3] == 1;
        r.may_be_cmu15 = ambiguous && dialect == TRACE_DIALECT_AUTO;
        if (dialect == TRACE_DIALECT_AUTO)
            dialect = h[0] > 3 || ambiguous ? TRACE_DIALECT_CSAPP
                    : h[3] > 1 ? TRACE_DIALECT_CMU : TRACE_DIALECT_CMU15;
        t->header_fits_cmu15 = r.may_be_cmu15;
        t->dialect = dialect;
        t->weight = TRACE_WEIGHT_BOTH;
        if (dialect == TRACE_DIALECT_CMU || dialect == TRACE_DIALECT_CMU15) {
            if (h[0] > 3)
                rc = fail(&r, true, "CMU weight %ju is not 0..3", h[0]);
            else
                t->weight = (enum trace_weight)h[0];
        }
        if (dialect == TRACE_DIALECT_CMU)
            t->max_alloc = h[3];
        if (rc == 0 && dialect == TRACE_DIALECT_CMU15 && h[3] > 1)
            rc = fail(&r, true, "CMU 2015 ignore_ranges %ju is not 0 or 1", h[3]);
    }
    if (rc == 0 && h[1] > TRACE_MAX_IDS)
        rc = fail(&r, true, "num_ids %ju is too large (at most %u)", h[1], TRACE_MAX_IDS);
    if (rc == 0 && h[2] > UINT32_MAX)
        rc = fail(&r, true, "num_ops %ju is too large (at most %u)", h[2], UINT32_MAX);
    if (rc == 0) {
        /* a 2015 trace (or one that may turn out 2015) gets one more id, never
         * allocated, for `f -1` */
        bool null_slot = dialect == TRACE_DIALECT_CMU15 || r.may_be_cmu15;
        t->num_ids = (size_t)h[1] + null_slot;
        if (null_slot)
            t->null_id = (uint32_t)h[1];
        rc = parse_body(&r, &pos, end, t, (size_t)h[2], alignment);
        if (rc == 0 && t->dialect != TRACE_DIALECT_CMU15 && null_slot) {
            t->num_ids = (size_t)h[1];   /* classic after all */
            t->null_id = UINT32_MAX;
        }
        if (t->dialect == TRACE_DIALECT_CMU15)
            t->header_fits_cmu15 = false;
    }
    free(buf);
    free(r.live_size);
    free(r.live_line);
    if (rc == 0) {
        const char *slash = strrchr(path, '/');
        t->path = strdup(path);
        t->name = strdup(slash != NULL ? slash + 1 : path);
        if (t->path == NULL || t->name == NULL)
            rc = fail(&r, false, "out of memory");
    }
    if (rc != 0)
        trace_free(t);
    return rc;
}

void trace_free(struct trace *t)
{
    free(t->ops);
    free(t->lines);
    free(t->path);
    free(t->name);
    memset(t, 0, sizeof *t);
}

int trace_set_dialect(struct trace *ts, size_t n)
{
    bool cmu15 = false;
    for (size_t i = 0; i < n; i++)
        cmu15 |= ts[i].dialect == TRACE_DIALECT_CMU15;
    int changed = 0;
    for (size_t i = 0; cmu15 && i < n; i++) {
        if (ts[i].header_fits_cmu15) {
            /* the same ops: nothing 2015-only was in them */
            ts[i].dialect = TRACE_DIALECT_CMU15;
            ts[i].weight = TRACE_WEIGHT_NONE;
            ts[i].header_fits_cmu15 = false;
            changed++;
        }
    }
    return changed;
}

int trace_write(FILE *out, size_t num_ids, const struct trace_op *ops, size_t num_ops)
{
    bool *live = calloc(num_ids ? num_ids : 1, sizeof *live);
    if (live == NULL)
        return -1;
    fprintf(out, "0\n%zu\n%zu\n1\n", num_ids ? num_ids : 1, num_ops);
    for (size_t i = 0; i < num_ops; i++) {
        uint32_t id = ops[i].id;
        if (ops[i].kind == TRACE_FREE && !live[id])
            fprintf(out, "f -1\n");
        else if (ops[i].kind == TRACE_FREE)
            fprintf(out, "f %u\n", (unsigned)id);
        else
            fprintf(out, "%c %u %zu\n", ops[i].kind, (unsigned)id, ops[i].size);
        if (ops[i].kind != TRACE_WRITE)
            live[id] = ops[i].kind != TRACE_FREE;
    }
    free(live);
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
