/*
 * report.c - the score, the results table and the CSV (see report.h).
 */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "config.h"
#include "outside.h"

static bool scores_util(const struct trace *t)
{
    return t->weight == TRACE_WEIGHT_BOTH || t->weight == TRACE_WEIGHT_UTIL;
}

static bool scores_thru(const struct trace *t)
{
    return t->weight == TRACE_WEIGHT_BOTH || t->weight == TRACE_WEIGHT_THRU;
}

double report_ratio(const struct trace_result *r)
{
    if (!r->timed || r->times.mm_secs <= 0 || r->times.libc_secs <= 0)
        return 0;
    return r->times.libc_secs / r->times.mm_secs;   /* same ops on both sides */
}

/* The geometric mean, wins and worst of the per-trace ratios, over the
 * traces the total throughput is taken over. */
static void score_ratios(const struct trace_row *rows, int n, struct score *s)
{
    double log_sum = 0;
    for (int i = 0; i < n; i++) {
        const struct trace_result *r = &rows[i].result;
        double ratio = report_ratio(r);
        if (!scores_thru(rows[i].trace) || r->status != RUN_VALID || ratio <= 0)
            continue;
        s->ratio_traces++;
        s->wins += ratio > 1;
        log_sum += log(ratio);
        if (s->worst_name == NULL || ratio < s->worst_ratio) {
            s->worst_name = rows[i].trace->name;
            s->worst_ratio = ratio;
        }
    }
    s->geomean = s->ratio_traces > 0 ? exp(log_sum / s->ratio_traces) : 0;
}

double report_util_all(const struct trace_result *r)
{
    if (r->status != RUN_VALID)
        return 0;
    size_t all = r->heap_size + r->outside_bytes;
    return all > 0 ? (double)r->peak_live / (double)all : r->util;
}

/* The mean of report_util_all over the traces scored for utilization, and
 * the most bytes outside the heap on a trace. */
static void score_outside(const struct trace_row *rows, int n, struct score *s)
{
    double sum = 0;
    int traces = 0;
    for (int i = 0; i < n; i++) {
        if (scores_util(rows[i].trace)) {
            sum += report_util_all(&rows[i].result);
            traces++;
        }
        if (rows[i].result.outside_bytes > s->outside_bytes)
            s->outside_bytes = rows[i].result.outside_bytes;
    }
    s->avg_util_all = traces > 0 ? sum / traces : 0;
}

void report_score(const struct trace_row *rows, int n, struct score *s)
{
    memset(s, 0, sizeof *s);
    int util_traces = 0;
    bool any_thru = false;
    for (int i = 0; i < n; i++) {
        const struct trace *t = rows[i].trace;
        const struct trace_result *r = &rows[i].result;
        bool ok = r->status == RUN_VALID;
        s->traces++;
        s->valid += ok;
        if (!ok && t->weight != TRACE_WEIGHT_NONE)
            s->scored_failure = true;
        if (scores_util(t)) {
            util_traces++;
            s->avg_util += ok ? r->util : 0;
        }
        if (scores_thru(t) && ok && r->timed) {
            any_thru = true;
            s->mm_ops += (double)t->num_ops;
            s->mm_secs += r->times.mm_secs;
            s->libc_ops += (double)t->num_ops;
            s->libc_secs += r->times.libc_secs;
        }
    }
    if (util_traces > 0)
        s->avg_util /= util_traces;
    s->mm_kops = s->mm_secs > 0 ? s->mm_ops / s->mm_secs / 1000 : 0;
    s->libc_kops = s->libc_secs > 0 ? s->libc_ops / s->libc_secs / 1000 : 0;
    double w = UTIL_WEIGHT / 100.0;
    if (util_traces == 0)
        w = 0;
    if (!any_thru)
        w = 1;
    s->util_weight = w;
    s->no_reference = any_thru && s->libc_secs <= 0;
    score_ratios(rows, n, s);
    double ratio = s->libc_kops > 0 ? s->mm_kops / s->libc_kops : 0;
    double speed = s->geomean / (SPEED_CAP / 100.0);
    s->util_points = 100 * w * s->avg_util;
    s->thru_points = 100 * (1 - w) * (speed < 1 ? speed : 1);
    s->classic_thru_points = 100 * (1 - w) * (ratio < 1 ? ratio : 1);
    if (s->scored_failure)
        s->util_points = s->thru_points = s->classic_thru_points = 0;
    s->index = s->no_reference ? 0 : s->util_points + s->thru_points;
    s->classic_index = s->no_reference ? 0 : s->util_points + s->classic_thru_points;
    score_outside(rows, n, s);
}

/* timed_ops: the operations that secs measured; ratio: NULL for no ratio
 * column, else its text */
static void print_row(FILE *out, const char *name, const char *valid, const char *util,
                      size_t ops, size_t timed_ops, double secs, bool timed, const char *ratio)
{
    if (timed)
        fprintf(out, "%-24s %5s %6s %10zu %10.6f %9.0f", name, valid, util, ops, secs,
                secs > 0 ? (double)timed_ops / secs / 1000 : 0);
    else
        fprintf(out, "%-24s %5s %6s %10zu %10s %9s", name, valid, util, ops, "-", "-");
    if (ratio != NULL)
        fprintf(out, " %6s", ratio);
    fputc('\n', out);
}

/* Formats a speed ratio for the table's ratio column ("-" when none). */
static const char *ratio_text(char *buf, size_t len, double ratio)
{
    if (ratio > 0)
        snprintf(buf, len, "%.2f", ratio);
    else
        snprintf(buf, len, "-");
    return buf;
}

/* The valid column of the C library's table (see report_table). */
static const char *libc_valid(const struct trace_result *r, bool ref_alone)
{
    if (ref_alone)
        return r->status == RUN_VALID ? "yes" : "no";
    return r->timed || r->libc_footprint > 0 ? "yes" : "-";
}

void report_table(FILE *out, const char *allocator, const struct trace_row *rows, int n,
                  const struct score *s, const char *libc_method, bool ref_alone)
{
    bool libc = libc_method != NULL, ratios = false;
    for (int i = 0; i < n && !libc; i++)
        ratios |= report_ratio(&rows[i].result) > 0;
    char ratio[16];
    fprintf(out, "\nResults for %s malloc:\n", allocator);
    fprintf(out, "%-24s %5s %6s %10s %10s %9s", "trace", "valid", "util", "ops", "secs",
            "Kops");
    fprintf(out, ratios ? " %6s\n" : "\n", "ratio");
    size_t total_ops = 0, timed_ops = 0;
    double total_secs = 0, ref_secs = 0;
    for (int i = 0; i < n; i++) {
        const struct trace *t = rows[i].trace;
        const struct trace_result *r = &rows[i].result;
        bool ok = r->status == RUN_VALID;
        char util[16] = "-";
        if (!libc && ok)
            snprintf(util, sizeof util, "%.1f%%", 100 * r->util);
        else if (libc && ok && r->libc_footprint > 0)
            snprintf(util, sizeof util, "%.1f%%",
                     100 * (double)t->peak_live / (double)r->libc_footprint);
        double secs = libc ? r->times.libc_secs : r->times.mm_secs;
        const char *valid = libc ? libc_valid(r, ref_alone) : ok ? "yes" : "no";
        print_row(out, t->name, valid, util, t->num_ops, t->num_ops, secs, r->timed,
                  ratios ? ratio_text(ratio, sizeof ratio, ok ? report_ratio(r) : 0) : NULL);
        total_ops += t->num_ops;
        if (r->timed) {
            timed_ops += t->num_ops;
            total_secs += secs;
            ref_secs += r->times.libc_secs;
        }
    }
    char util[16] = "-";
    if (!libc)
        snprintf(util, sizeof util, "%.1f%%", 100 * s->avg_util);
    print_row(out, "Total", "", util, total_ops, timed_ops, total_secs, total_secs > 0,
              ratios ? ratio_text(ratio, sizeof ratio,
                                 total_secs > 0 ? ref_secs / total_secs : 0) : NULL);
    if (!libc)
        return;
    fprintf(out, "(util of %s: peak live payload / peak footprint, read from %s)\n", allocator,
            libc_method);
    int not_run = 0;
    for (int i = 0; i < n && !ref_alone; i++)
        not_run += strcmp(libc_valid(&rows[i].result, false), "-") == 0;
    if (not_run > 0)
        fprintf(out, "(valid \"-\": %s did not run %d trace%s to the end, as the allocator under "
                "test failed %s or was not timed on %s)\n", allocator, not_run,
                not_run == 1 ? "" : "s", not_run == 1 ? "it" : "them",
                not_run == 1 ? "it" : "them");
}

void report_outside(FILE *out, const struct trace_row *rows, int n, const struct score *s,
                    bool verbose)
{
    if (!mm_object_facts.measured) {
        fprintf(out, "\nOutside the heap: not measured (a driver built without "
                "tools/mm-facts.sh)\n");
        return;
    }
    size_t run_time = s->outside_bytes > mm_object_facts.static_bytes
                          ? s->outside_bytes - mm_object_facts.static_bytes : 0;
    fprintf(out, "\nOutside the heap: %zu bytes of static data (.data, .bss; %zu bytes read-only "
            "not counted), at most %zu bytes taken at run time (malloc, mmap, sbrk)\n",
            mm_object_facts.static_bytes, mm_object_facts.readonly_bytes, run_time);
    fprintf(out, "Utilization: %.1f%% by the course's formula (peak payload / heap), %.1f%% "
            "with everything counted (peak payload / (heap + bytes outside))\n",
            100 * s->avg_util, 100 * s->avg_util_all);
    if (!verbose)
        return;
    fprintf(out, "%-24s %6s %10s %7s\n", "trace", "util", "outside", "all");
    for (int i = 0; i < n; i++) {
        const struct trace_result *r = &rows[i].result;
        if (r->status == RUN_VALID)
            fprintf(out, "%-24s %5.1f%% %10zu %6.1f%%\n", rows[i].trace->name, 100 * r->util,
                    r->outside_bytes, 100 * report_util_all(r));
        else
            fprintf(out, "%-24s %6s %10s %7s\n", rows[i].trace->name, "-", "-", "-");
    }
    /* the static objects wider than a scalar by name, the others counted */
    size_t small = 0, small_bytes = 0;
    for (const struct mm_object_symbol *o = mm_object_symbols; o->name != NULL; o++) {
        if (o->size > 8)
            fprintf(out, "  static %-10s %-24s %8zu bytes%s\n", o->writable ? "data" : "read-only",
                    o->name, o->size, o->writable ? "" : " (not counted)");
        else if (o->writable) {
            small++;
            small_bytes += o->size;
        }
    }
    if (small > 0)
        fprintf(out, "  static data: %zu more objects of 8 bytes or less, %zu bytes\n", small,
                small_bytes);
}

void report_failures(FILE *out, const struct trace_row *rows, int n)
{
    for (int i = 0; i < n; i++) {
        const struct trace_result *r = &rows[i].result;
        if (r->status != RUN_VALID)
            fprintf(out, "%s: %s: %s\n", rows[i].trace->path, run_status_name(r->status),
                    r->message);
    }
}

void report_index(FILE *out, const struct score *s, const char *ref)
{
    if (s->no_reference) {
        fprintf(out, "\nThroughput: %.0f Kops/s (total ops / total secs; no reference timed, "
                "--ref none)\n", s->mm_kops);
        if (s->scored_failure)
            fprintf(out, "Perf index = 0 (a scored trace failed; %d of %d traces valid)\n",
                    s->valid, s->traces);
        else
            fprintf(out, "Perf index: none, its throughput term needs a reference (--ref none); "
                    "the utilization term is %.1f of %.0f\n", s->util_points,
                    100 * s->util_weight);
        return;
    }
    if (s->libc_kops > 0)
        fprintf(out, "\nThroughput: %.0f Kops/s, %s %.0f Kops/s: total ratio %.2fx (total ops "
                "/ total secs, same run)\n", s->mm_kops, ref, s->libc_kops,
                s->mm_kops / s->libc_kops);
    if (s->ratio_traces > 0)
        fprintf(out, "Speed against %s, trace by trace: geometric mean %.2fx, faster on %d/%d "
                "traces, slowest %.2fx (%s)\n", ref, s->geomean, s->wins, s->ratio_traces,
                s->worst_ratio, s->worst_name);
    if (s->scored_failure) {
        fprintf(out, "Perf index = 0 (a scored trace failed; %d of %d traces valid)\n",
                s->valid, s->traces);
        return;
    }
    fprintf(out, "Perf index = %.1f (util) + %.1f (thru) = %.1f/100\n", s->util_points,
            s->thru_points, s->index);
    if (s->libc_kops <= 0)
        return;
    double w = 100 * (1 - s->util_weight);
    fprintf(out, "  (%.0f avgU + %.0f min(1, geometric mean / %gx): full throughput points at "
            "%gx %s's speed, trace by trace)\n", 100 * s->util_weight, w, SPEED_CAP / 100.0,
            SPEED_CAP / 100.0, ref);
    fprintf(out, "Classic index = %.1f (util) + %.1f (thru) = %.1f/100\n", s->util_points,
            s->classic_thru_points, s->classic_index);
    fprintf(out, "  (%.0f avgU + %.0f min(1, total ratio), as the course drivers compute it)\n",
            100 * s->util_weight, w);
}

void report_autograder(FILE *out, const struct score *s)
{
    fprintf(out, "correct:%d ", s->valid);
    if (s->no_reference && !s->scored_failure)
        fputs("perfidx:-", out);
    else
        fprintf(out, "perfidx:%.0f", s->index);
    if (s->no_reference)
        fputs(" geomean:- classic:-", out);
    else
        fprintf(out, " geomean:%.3f classic:%.0f", s->geomean, s->classic_index);
    fprintf(out, " util_all:%.3f outside:%zu", s->avg_util_all, s->outside_bytes);
    if (s->findings > 0)
        fprintf(out, " findings:%d", s->findings);
    fputc('\n', out);
}

/* Writes s as a CSV field, quoted when it must be. */
static void csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* libc: the row is the C library's, named libc->allocator */
static void csv_row(FILE *f, const char *allocator, const struct footprint *libc,
                    const struct trace_row *row)
{
    const struct trace *t = row->trace;
    const struct trace_result *r = &row->result;
    bool ok = r->status == RUN_VALID;
    double secs = libc ? r->times.libc_secs : r->times.mm_secs;
    double spread = libc ? r->times.libc_spread : r->times.mm_spread;
    csv_field(f, libc ? libc->allocator : allocator);
    fputc(',', f);
    csv_field(f, t->name);
    fprintf(f, ",%d,", ok ? 1 : 0);
    if (!libc && ok)
        fprintf(f, "%.6f", r->util);
    fprintf(f, ",%zu,", t->num_ops);
    if (r->timed)
        fprintf(f, "%.9f,%.1f", secs, secs > 0 ? (double)t->num_ops / secs / 1000 : 0);
    else
        fputc(',', f);
    fprintf(f, ",%s,%d,%zu,", libc ? "valid" : run_status_name(r->status), (int)t->weight,
            t->peak_live);
    if (!libc)
        fprintf(f, "%zu", r->heap_size);
    fprintf(f, ",%.6f,", t->peak_live_aligned > 0 ?
            (double)t->peak_live / (double)t->peak_live_aligned : 1.0);
    if (r->timed)
        fprintf(f, "%.4f", spread);
    fputc(',', f);
    csv_field(f, libc ? "" : r->message);   /* a valid trace's: why it has no time */
    size_t footprint = libc ? r->libc_footprint : r->heap_size;
    fputc(',', f);
    if (ok && footprint > 0)
        fprintf(f, "%zu,%s,%.6f", footprint, libc ? libc->method : "simulated heap",
                (double)t->peak_live / (double)footprint);
    else
        fputs(",,", f);
    fputc(',', f);
    if (!libc && ok && report_ratio(r) > 0)
        fprintf(f, "%.6f", report_ratio(r));
    fputc(',', f);
    if (!libc && ok)
        fprintf(f, "%zu,%.6f", r->outside_bytes, report_util_all(r));
    else
        fputc(',', f);
    fputc('\n', f);
}

int report_csv(const char *path, const char *allocator, const struct footprint *libc,
               const struct trace_row *rows, int n)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "mdriver: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(f, "allocator,trace,valid,util,ops,secs,kops,status,weight,peak_live,heap_size,"
               "bound,spread,message,footprint,footprint_method,efficiency,ratio,"
               "outside_bytes,util_all\n");
    for (int i = 0; i < n && allocator != NULL; i++)
        csv_row(f, allocator, NULL, &rows[i]);
    for (int i = 0; i < n && libc != NULL; i++)
        if (rows[i].result.timed || rows[i].result.libc_footprint > 0)
            csv_row(f, allocator, libc, &rows[i]);
    if (fclose(f) != 0) {
        fprintf(stderr, "mdriver: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}
