/*
 * mtrace2rep - converts a glibc mtrace log (MALLOC_TRACE) into a .rep trace.
 *
 *   mtrace2rep [-n N] [-o OUT.rep] [LOG]      (LOG default: stdin)
 *
 * Log lines (glibc malloc/mtrace.c; CALLER is anything without the fields
 * below, e.g. "./prog:(main+0x1e)[0x55d0c0a1b1c9]" or "[0x7f...]"):
 *     = Start | = End                  markers, ignored
 *     @ CALLER + 0xADDR 0xSIZE         malloc, calloc, memalign, realloc(NULL)
 *     @ CALLER - 0xADDR                free
 *     @ CALLER < 0xOLD                 realloc: old block ...
 *     @ CALLER > 0xNEW 0xSIZE          ... and its new place and size
 *     @ CALLER ! 0xOLD 0xSIZE          realloc that failed (nothing changed)
 * The fields are read from the end of the line, so a caller with spaces in
 * its file name is fine. "(nil)" reads as a NULL pointer. A `<` not followed
 * by `>` is taken as free (realloc(p, 0)). Conversion rules: repbuild.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repbuild.h"

#define MAX_FIELDS 3

/* Parses "0x1f", "1f" or "(nil)". Returns 0 on success. */
static int parse_hex(const char *s, unsigned long long *v)
{
    if (strcmp(s, "(nil)") == 0) {
        *v = 0;
        return 0;
    }
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    if (!isxdigit((unsigned char)*s))
        return -1;
    char *end;
    errno = 0;
    *v = strtoull(s, &end, 16);
    return (errno || *end) ? -1 : 0;
}

/* Splits off the last n whitespace-separated fields of line (modified in
 * place) into f[0..n-1]; returns how many were found. */
static int last_fields(char *line, char **f, int n)
{
    size_t len = strlen(line);
    int got = 0;
    while (got < n) {
        while (len > 0 && isspace((unsigned char)line[len - 1]))
            line[--len] = '\0';
        if (len == 0)
            break;
        size_t start = len;
        while (start > 0 && !isspace((unsigned char)line[start - 1]))
            start--;
        f[n - 1 - got] = line + start;
        got++;
        len = start;
    }
    /* shift down if fewer than n were found */
    if (got < n)
        memmove(f, f + (n - got), (size_t)got * sizeof *f);
    return got;
}

static int is_op(const char *s, const char *ops)
{
    return s[0] != '\0' && s[1] == '\0' && strchr(ops, s[0]) != NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: mtrace2rep [-n N] [-o OUT.rep] [MTRACE_LOG]\n"
                 "  converts a glibc mtrace log to a .rep trace (default "
                 "output: stdout)\n");
}

int main(int argc, char **argv)
{
    const char *out = "-";
    const char *in = NULL;
    size_t limit = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(argv[++i], &end, 10);
            if (errno || *end || end == argv[i] || argv[i][0] == '-') {
                fprintf(stderr, "mtrace2rep: -n wants a count, not '%s'\n",
                        argv[i]);
                return 2;
            }
            limit = (size_t)v;
        } else if (strcmp(argv[i], "-h") == 0 ||
                   strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "mtrace2rep: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (in == NULL) {
            in = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    const char *name = (in == NULL || strcmp(in, "-") == 0) ? "<stdin>" : in;
    FILE *f = (in == NULL || strcmp(in, "-") == 0) ? stdin : fopen(in, "r");
    if (f == NULL) {
        fprintf(stderr, "%s: %s\n", in, strerror(errno));
        return 1;
    }

    struct repbuild *rb = repbuild_new(limit);
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    int have_old = 0;               /* a '<' waits for its '>' */
    unsigned long long old = 0;
    int status = 0;
    while (getline(&line, &cap, f) != -1) {
        lineno++;
        char *s = line;
        while (isspace((unsigned char)*s))
            s++;
        if (*s == '\0' || *s == '=')
            continue;
        if (*s != '@') {
            fprintf(stderr, "%s:%lu: not an mtrace line (expected '@' or "
                    "'=')\n", name, lineno);
            status = 1;
            break;
        }
        char *fld[MAX_FIELDS];
        int n = last_fields(s + 1, fld, MAX_FIELDS);
        unsigned long long a = 0, b = 0;
        char op;
        if (n == 3 && is_op(fld[0], "+>!") && parse_hex(fld[1], &a) == 0 &&
            parse_hex(fld[2], &b) == 0) {
            op = fld[0][0];
        } else if (n >= 2 && is_op(fld[n - 2], "-<") &&
                   parse_hex(fld[n - 1], &a) == 0) {
            op = fld[n - 2][0];
        } else {
            fprintf(stderr, "%s:%lu: cannot read this mtrace line (expected "
                    "'+ ADDR SIZE', '- ADDR', '< ADDR', '> ADDR SIZE' or "
                    "'! ADDR SIZE' at its end)\n", name, lineno);
            status = 1;
            break;
        }
        if (have_old && op != '>') {
            /* realloc(p, 0) that freed p and logged no new block */
            repbuild_free(rb, old);
            have_old = 0;
        }
        switch (op) {
        case '+':
            repbuild_alloc(rb, a, b);
            break;
        case '-':
            repbuild_free(rb, a);
            break;
        case '<':
            have_old = 1;
            old = a;
            break;
        case '>':
            if (!have_old) {
                fprintf(stderr, "%s:%lu: '>' without the '<' line before "
                        "it\n", name, lineno);
                status = 1;
                goto done;
            }
            repbuild_realloc(rb, old, a, b);
            have_old = 0;
            break;
        case '!':
            break; /* failed realloc: the old block is unchanged */
        }
    }
    if (have_old)
        repbuild_free(rb, old);
done:
    if (ferror(f)) {
        fprintf(stderr, "%s: %s\n", name, strerror(errno));
        status = 1;
    }
    if (f != stdin)
        fclose(f);
    free(line);
    if (status == 0 && repbuild_write_file(rb, out) != 0)
        status = 1;
    repbuild_delete(rb);
    return status;
}
