/*
 * repbuild.c - pointer-to-id mapping and .rep output (see repbuild.h).
 *
 * The live pointers sit in an open-addressing hash table (linear probing,
 * backward-shift deletion, so no tombstones), kept at most half full.
 */
#include "repbuild.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct rep_op {
    uint64_t size;
    uint32_t id;
    char kind;
};

struct slot {
    uint64_t ptr;   /* 0 = empty (a real block is never at address 0) */
    uint32_t id;
};

struct repbuild {
    size_t limit;
    struct rep_op *ops;
    size_t num_ops, cap_ops;
    struct slot *table;
    size_t table_size;      /* a power of two */
    size_t live;
    uint32_t *free_ids;     /* stack of ids whose block was freed */
    size_t num_free_ids, cap_free_ids;
    uint32_t num_ids;
    struct repbuild_counts counts;
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (q == NULL) {
        fprintf(stderr, "repbuild: out of memory (%zu bytes)\n", n);
        exit(2);
    }
    return q;
}

static size_t hash_ptr(uint64_t p, size_t mask)
{
    p ^= p >> 33;
    p *= 0xff51afd7ed558ccdULL;
    p ^= p >> 33;
    return (size_t)p & mask;
}

static struct slot *table_find(struct repbuild *rb, uint64_t ptr)
{
    size_t mask = rb->table_size - 1;
    for (size_t i = hash_ptr(ptr, mask);; i = (i + 1) & mask) {
        if (rb->table[i].ptr == ptr)
            return &rb->table[i];
        if (rb->table[i].ptr == 0)
            return NULL;
    }
}

static void table_put_raw(struct slot *table, size_t size, uint64_t ptr,
                          uint32_t id)
{
    size_t mask = size - 1;
    size_t i = hash_ptr(ptr, mask);
    while (table[i].ptr != 0)
        i = (i + 1) & mask;
    table[i].ptr = ptr;
    table[i].id = id;
}

static void table_put(struct repbuild *rb, uint64_t ptr, uint32_t id)
{
    if (2 * (rb->live + 1) > rb->table_size) {
        size_t n = rb->table_size * 2;
        struct slot *t = calloc(n, sizeof *t);
        if (t == NULL) {
            fprintf(stderr, "repbuild: out of memory\n");
            exit(2);
        }
        for (size_t i = 0; i < rb->table_size; i++)
            if (rb->table[i].ptr != 0)
                table_put_raw(t, n, rb->table[i].ptr, rb->table[i].id);
        free(rb->table);
        rb->table = t;
        rb->table_size = n;
    }
    table_put_raw(rb->table, rb->table_size, ptr, id);
    rb->live++;
}

/* Removes the slot and shifts later members of its cluster back. */
static void table_remove(struct repbuild *rb, struct slot *s)
{
    size_t mask = rb->table_size - 1;
    size_t hole = (size_t)(s - rb->table);
    size_t i = hole;
    for (;;) {
        i = (i + 1) & mask;
        if (rb->table[i].ptr == 0)
            break;
        size_t home = hash_ptr(rb->table[i].ptr, mask);
        /* May the entry at i move to hole? Only if home is not in
         * (hole, i] cyclically. */
        int stays = (hole <= i) ? (home > hole && home <= i)
                                : (home > hole || home <= i);
        if (!stays) {
            rb->table[hole] = rb->table[i];
            hole = i;
        }
    }
    rb->table[hole].ptr = 0;
    rb->live--;
}

struct repbuild *repbuild_new(size_t limit)
{
    struct repbuild *rb = xrealloc(NULL, sizeof *rb);
    memset(rb, 0, sizeof *rb);
    rb->limit = limit;
    rb->table_size = 1024;
    rb->table = calloc(rb->table_size, sizeof *rb->table);
    if (rb->table == NULL) {
        fprintf(stderr, "repbuild: out of memory\n");
        exit(2);
    }
    return rb;
}

void repbuild_delete(struct repbuild *rb)
{
    if (rb == NULL)
        return;
    free(rb->ops);
    free(rb->table);
    free(rb->free_ids);
    free(rb);
}

int repbuild_full(const struct repbuild *rb)
{
    return rb->limit != 0 && rb->num_ops >= rb->limit;
}

static void emit(struct repbuild *rb, char kind, uint32_t id, uint64_t size)
{
    if (rb->num_ops == rb->cap_ops) {
        rb->cap_ops = rb->cap_ops ? 2 * rb->cap_ops : 4096;
        rb->ops = xrealloc(rb->ops, rb->cap_ops * sizeof *rb->ops);
    }
    rb->ops[rb->num_ops].kind = kind;
    rb->ops[rb->num_ops].id = id;
    rb->ops[rb->num_ops].size = size;
    rb->num_ops++;
}

static uint32_t take_id(struct repbuild *rb)
{
    if (rb->num_free_ids > 0)
        return rb->free_ids[--rb->num_free_ids];
    return rb->num_ids++;
}

static void give_id(struct repbuild *rb, uint32_t id)
{
    if (rb->num_free_ids == rb->cap_free_ids) {
        rb->cap_free_ids = rb->cap_free_ids ? 2 * rb->cap_free_ids : 1024;
        rb->free_ids = xrealloc(rb->free_ids,
                                rb->cap_free_ids * sizeof *rb->free_ids);
    }
    rb->free_ids[rb->num_free_ids++] = id;
}

/* Frees the live block at s: emits f and recycles its id. */
static void free_slot(struct repbuild *rb, struct slot *s)
{
    uint32_t id = s->id;
    emit(rb, 'f', id, 0);
    table_remove(rb, s);
    give_id(rb, id);
}

void repbuild_alloc(struct repbuild *rb, uint64_t ptr, uint64_t size)
{
    if (repbuild_full(rb) || ptr == 0)
        return;
    struct slot *s = table_find(rb, ptr);
    if (s != NULL) {
        rb->counts.implicit_free++;
        free_slot(rb, s);
        if (repbuild_full(rb))
            return;
    }
    uint32_t id = take_id(rb);
    table_put(rb, ptr, id);
    emit(rb, 'a', id, size);
}

void repbuild_free(struct repbuild *rb, uint64_t ptr)
{
    if (repbuild_full(rb) || ptr == 0)
        return;
    struct slot *s = table_find(rb, ptr);
    if (s == NULL) {
        rb->counts.dropped_free++;
        return;
    }
    free_slot(rb, s);
}

void repbuild_realloc(struct repbuild *rb, uint64_t old, uint64_t new_ptr,
                      uint64_t size)
{
    if (repbuild_full(rb))
        return;
    if (old == 0) {
        repbuild_alloc(rb, new_ptr, size);
        return;
    }
    if (new_ptr == 0 || size == 0) {
        repbuild_free(rb, old);
        return;
    }
    struct slot *s = table_find(rb, old);
    if (s == NULL) {
        rb->counts.dropped_realloc++;
        repbuild_alloc(rb, new_ptr, size);
        return;
    }
    uint32_t id = s->id;
    if (new_ptr != old) {
        table_remove(rb, s);
        struct slot *clash = table_find(rb, new_ptr);
        if (clash != NULL) {
            /* The new address is still live in the trace: its free was
             * never seen. Free it first, keeping the realloc's id. */
            rb->counts.implicit_free++;
            free_slot(rb, clash);
            if (repbuild_full(rb))
                return;
        }
        table_put(rb, new_ptr, id);
    }
    emit(rb, 'r', id, size);
}

size_t repbuild_num_ops(const struct repbuild *rb)
{
    return rb->num_ops;
}

const struct repbuild_counts *repbuild_counts(const struct repbuild *rb)
{
    return &rb->counts;
}

int repbuild_write(const struct repbuild *rb, FILE *out)
{
    fprintf(out, "0\n%u\n%zu\n1\n", rb->num_ids ? rb->num_ids : 1,
            rb->num_ops);
    for (size_t i = 0; i < rb->num_ops; i++) {
        const struct rep_op *op = &rb->ops[i];
        if (op->kind == 'f')
            fprintf(out, "f %u\n", op->id);
        else
            fprintf(out, "%c %u %llu\n", op->kind, op->id,
                    (unsigned long long)op->size);
    }
    if (fflush(out) != 0 || ferror(out))
        return -1;
    return 0;
}

int repbuild_write_file(const struct repbuild *rb, const char *path)
{
    if (strcmp(path, "-") == 0) {
        if (repbuild_write(rb, stdout) != 0) {
            fprintf(stderr, "stdout: %s\n", strerror(errno));
            return -1;
        }
        return 0;
    }
    size_t n = strlen(path) + 16;
    char *tmp = xrealloc(NULL, n);
    snprintf(tmp, n, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        fprintf(stderr, "%s: %s\n", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    int bad = repbuild_write(rb, f);
    int err = errno;
    if (fclose(f) != 0 && !bad) {
        bad = -1;
        err = errno;
    }
    if (!bad && rename(tmp, path) != 0) {
        bad = -1;
        err = errno;
    }
    if (bad) {
        fprintf(stderr, "%s: %s\n", path, strerror(err));
        remove(tmp);
    }
    free(tmp);
    return bad;
}
