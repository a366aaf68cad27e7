/*
 * json.c - the run's results as JSON (see json.h; schemas in
 * tools/README.md).
 *
 * Numbers a trace shares with the CSV (util, secs, kops) are printed with
 * the CSV's precision, so the two files of one run agree digit for digit.
 */
#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "failure.h"
#include "mm_api.h"
#include "outside.h"

int json_parse_format(const char *arg, struct json_options *o)
{
    if (strcmp(arg, "mdriver") == 0)
        o->format = JSON_MDRIVER;
    else if (strcmp(arg, "gradescope") == 0)
        o->format = JSON_GRADESCOPE;
    else {
        fprintf(stderr, "mdriver: --json-format wants mdriver or gradescope, not '%s'\n", arg);
        return -1;
    }
    return 0;
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static bool scores_util(const struct trace *t)
{
    return t->weight == TRACE_WEIGHT_BOTH || t->weight == TRACE_WEIGHT_UTIL;
}

static bool scores_thru(const struct trace *t)
{
    return t->weight == TRACE_WEIGHT_BOTH || t->weight == TRACE_WEIGHT_THRU;
}

/* The command that shrinks a failing trace, as the run was made. */
static void shrink_command(const struct json_options *o, const struct run_options *run,
                           const struct trace *t, char *buf, size_t len)
{
    char limit[32] = "";
    if (run->timeout_secs != TRACE_TIMEOUT)
        snprintf(limit, sizeof limit, " -s %u", run->timeout_secs);
    char check[32];
    snprintf(buf, len, "%s --shrink %s%s%s", o->driver, t->path,
             run_check_flag(run, check, sizeof check), limit);
}

static void trace_json(FILE *f, const struct json_options *o, const struct run_options *run,
                       const struct trace_row *row)
{
    const struct trace *t = row->trace;
    const struct trace_result *r = &row->result;
    bool ok = r->status == RUN_VALID;
    fputs("    {\"name\": ", f);
    json_string(f, t->name);
    fputs(", \"path\": ", f);
    json_string(f, t->path);
    fprintf(f, ", \"weight\": %d, \"valid\": %s, \"status\": ", (int)t->weight,
            ok ? "true" : "false");
    json_string(f, run_status_name(r->status));
    if (ok) {
        fputs(", \"failure\": null", f);
    } else {
        struct failure fl;
        char name[64];
        failure_classify(r, &fl);
        fputs(", \"failure\": {\"class\": ", f);
        json_string(f, failure_name(&fl, name, sizeof name));
        fputs(", \"message\": ", f);
        json_string(f, r->message);
        char cmd[RUN_MESSAGE_MAX];
        shrink_command(o, run, t, cmd, sizeof cmd);
        fputs(", \"shrink\": ", f);
        json_string(f, cmd);
        if (r->fail_op > 0)
            fprintf(f, ", \"op\": %zu, \"line\": %u}", r->fail_op,
                    (unsigned)t->lines[r->fail_op - 1]);
        else
            fputs(", \"op\": null, \"line\": null}", f);
    }
    if (ok)
        fprintf(f, ", \"util\": %.6f", r->util);
    else
        fputs(", \"util\": null", f);
    fprintf(f, ", \"ops\": %zu, \"peak_live\": %zu, \"heap_size\": %zu", t->num_ops,
            t->peak_live, r->heap_size);
    if (ok)
        fprintf(f, ", \"outside_bytes\": %zu, \"util_all\": %.6f", r->outside_bytes,
                report_util_all(r));
    else
        fputs(", \"outside_bytes\": null, \"util_all\": null", f);
    const struct replay_times *tm = &r->times;
    if (r->timed)
        fprintf(f, ", \"secs\": %.9f, \"kops\": %.1f", tm->mm_secs,
                tm->mm_secs > 0 ? (double)t->num_ops / tm->mm_secs / 1000 : 0);
    else
        fputs(", \"secs\": null, \"kops\": null", f);
    if (r->timed && tm->libc_secs > 0)   /* the reference timed too */
        fprintf(f, ", \"libc_secs\": %.9f, \"libc_kops\": %.1f, \"speed_ratio\": %.6f}",
                tm->libc_secs, (double)t->num_ops / tm->libc_secs / 1000,
                tm->mm_secs > 0 ? tm->libc_secs / tm->mm_secs : 0);
    else
        fputs(", \"libc_secs\": null, \"libc_kops\": null, \"speed_ratio\": null}", f);
}

/* "findings": [{"kind": ..., "message": ...}, ...] */
static void findings_json(FILE *f, const struct findings *found)
{
    fputs("[", f);
    for (int i = 0; i < found->n; i++) {
        fputs(i > 0 ? ", {\"kind\": " : "{\"kind\": ", f);
        json_string(f, found->items[i].kind);
        fputs(", \"message\": ", f);
        json_string(f, found->items[i].message);
        fputc('}', f);
    }
    fputs("]", f);
}

/* What the allocator keeps outside the heap, statically, and the rules
 * checked at build time. */
static void outside_json(FILE *f)
{
    const struct mm_object_facts *fa = &mm_object_facts;
    if (!fa->measured) {
        fputs("  \"outside_heap\": null,\n  \"rules\": null,\n", f);
        return;
    }
    fprintf(f, "  \"outside_heap\": {\"static_bytes\": %zu, \"readonly_bytes\": %zu, "
            "\"objects\": [", fa->static_bytes, fa->readonly_bytes);
    for (const struct mm_object_symbol *o = mm_object_symbols; o->name != NULL; o++) {
        fputs(o == mm_object_symbols ? "{\"name\": " : ", {\"name\": ", f);
        json_string(f, o->name);
        fprintf(f, ", \"bytes\": %zu, \"writable\": %s}", o->size, o->writable ? "true" : "false");
    }
    fputs("]},\n  \"rules\": {\"checked\": ", f);
    json_string(f, fa->rules);
    fprintf(f, ", \"enforced\": %s},\n", fa->enforced ? "true" : "false");
}

static void mdriver_json(FILE *f, const struct json_options *o, const char *allocator,
                         const char *reference, const struct run_options *run,
                         const struct trace_row *rows, int n, const struct score *s,
                         const struct findings *found)
{
    fprintf(f, "{\n  \"driver\": {\"name\": \"mdriver\", \"version\": \"%s\"},\n",
            MDRIVER_VERSION);
    fputs("  \"allocator\": {\"name\": ", f);
    json_string(f, allocator);
    fputs(", \"file\": ", f);
    json_string(f, mm_api_build().file);
    fprintf(f, ", \"interface\": \"%s\"},\n", mm_api_build().interface);
    fprintf(f, "  \"build\": {\"alignment\": %d, \"max_heap\": %llu, \"util_weight\": %d, "
            "\"timed_replays\": %d, \"min_sample_ns\": %d, \"defs\": ", ALIGNMENT,
            (unsigned long long)MAX_HEAP, UTIL_WEIGHT, TIMED_REPLAYS, MIN_SAMPLE_NS);
    json_string(f, mm_api_build().defs);
    fputs("},\n  \"reference\": ", f);
    if (reference != NULL)
        json_string(f, reference);
    else
        fputs("null", f);
    fprintf(f, ",\n  \"options\": {\"check_heap\": %s, \"check_every\": %zu, \"timed\": %s, "
            "\"time_limit_secs\": %u},\n",
            run->check_every != 0 ? "true" : "false", run->check_every, run->time_it ? "true" : "false",
            run->timeout_secs);
    outside_json(f);
    fputs("  \"findings\": ", f);
    findings_json(f, found);
    fprintf(f, ",\n  \"util_all\": %.6f,\n", s->avg_util_all);
    fputs("  \"traces\": [\n", f);
    for (int i = 0; i < n; i++) {
        trace_json(f, o, run, &rows[i]);
        fputs(i + 1 < n ? ",\n" : "\n", f);
    }
    fprintf(f, "  ],\n  \"totals\": {\"traces\": %d, \"valid\": %d, \"avg_util\": %.6f, "
            "\"scored_ops\": %.0f, \"scored_secs\": %.9f, \"kops\": %.1f, ", s->traces, s->valid,
            s->avg_util, s->mm_ops, s->mm_secs, s->mm_kops);
    if (s->no_reference)
        fprintf(f, "\"libc_secs\": null, \"libc_kops\": null, \"speed_ratio\": null, "
                "\"util_points\": %.4f, \"thru_points\": null, \"perf_index\": %s, "
                "\"geomean\": null, \"speed_cap\": %.2f, \"classic_thru_points\": null, "
                "\"classic_perf_index\": %s}\n}\n", s->util_points,
                s->scored_failure ? "0" : "null", SPEED_CAP / 100.0,
                s->scored_failure ? "0" : "null");
    else
        fprintf(f, "\"libc_secs\": %.9f, \"libc_kops\": %.1f, \"speed_ratio\": %.6f, "
                "\"util_points\": %.4f, \"thru_points\": %.4f, \"perf_index\": %.4f, "
                "\"geomean\": %.6f, \"speed_cap\": %.2f, \"classic_thru_points\": %.4f, "
                "\"classic_perf_index\": %.4f}\n}\n",
                s->libc_secs, s->libc_kops, s->libc_kops > 0 ? s->mm_kops / s->libc_kops : 0,
                s->util_points, s->thru_points, s->index, s->geomean, SPEED_CAP / 100.0,
                s->classic_thru_points, s->classic_index);
}

/* The lab's score split over the traces, for Gradescope. */
struct shares {
    double util;     /* points of a trace with utilization 1         */
    double thru;     /* most throughput points of a trace            */
    double thru_got; /* throughput points each trace earned          */
};

/* The utilization points are split evenly over the traces scored for
 * utilization (each earns its own utilization's part), the throughput
 * points, earned by the run as a whole, evenly over the traces scored for
 * throughput; so the tests add up to the Perf index. The weight is
 * report_score()'s. */
static void split_score(const struct trace_row *rows, int n, const struct score *s,
                        struct shares *sh)
{
    int n_util = 0, n_thru = 0;
    bool any_thru = false;
    for (int i = 0; i < n; i++) {
        const struct trace *t = rows[i].trace;
        n_util += scores_util(t);
        n_thru += scores_thru(t);
        any_thru |= scores_thru(t) && rows[i].result.status == RUN_VALID && rows[i].result.timed;
    }
    double w = UTIL_WEIGHT / 100.0;
    if (n_util == 0)
        w = 0;
    if (!any_thru)
        w = 1;
    *sh = (struct shares){ 0 };
    if (n_util > 0)
        sh->util = 100 * w / n_util;
    if (n_thru > 0) {
        sh->thru = 100 * (1 - w) / n_thru;
        sh->thru_got = s->thru_points / n_thru;
    }
}

static void gradescope_test(FILE *f, const struct json_options *o, const struct run_options *run,
                            const struct trace_row *row, const struct score *s,
                            const struct shares *sh)
{
    const struct trace *t = row->trace;
    const struct trace_result *r = &row->result;
    bool ok = r->status == RUN_VALID;
    double max = (scores_util(t) ? sh->util : 0) + (scores_thru(t) ? sh->thru : 0);
    double score = 0;
    if (ok && !s->scored_failure)
        score = (scores_util(t) ? sh->util * r->util : 0) + (scores_thru(t) ? sh->thru_got : 0);
    char out[3 * RUN_MESSAGE_MAX], cmd[RUN_MESSAGE_MAX];
    if (ok) {
        int k = snprintf(out, sizeof out, "valid: utilization %.1f%%, %zu ops", 100 * r->util,
                         t->num_ops);
        if (r->timed && r->times.mm_secs > 0 && k > 0)
            k += snprintf(out + k, sizeof out - (size_t)k, ", %.0f Kops/s (%.2fx the C library)",
                          (double)t->num_ops / r->times.mm_secs / 1000,
                          r->times.libc_secs / r->times.mm_secs);
        if (s->scored_failure && max > 0 && k > 0)
            snprintf(out + k, sizeof out - (size_t)k, "; scores 0: a scored trace failed, "
                     "which makes the whole score 0");
    } else {
        shrink_command(o, run, t, cmd, sizeof cmd);
        snprintf(out, sizeof out, "%s: %s\nThe smallest trace that fails the same way: %s",
                 run_status_name(r->status), r->message, cmd);
    }
    fputs("    {\"name\": ", f);
    json_string(f, t->name);
    fprintf(f, ", \"score\": %.4f, \"max_score\": %.4f, \"status\": \"%s\", "
            "\"visibility\": \"visible\", \"output\": ", score, max, ok ? "passed" : "failed");
    json_string(f, out);
    fputc('}', f);
}

/* The findings as a test of their own, worth nothing, failed when they
 * fail the run. */
static void gradescope_findings(FILE *f, const struct findings *found)
{
    char out[FINDINGS_MAX * (FINDING_LEN + 12) + 200];
    size_t k = 0;
    for (int i = 0; i < found->n && k < sizeof out; i++)
        k += (size_t)snprintf(out + k, sizeof out - k, "%sfinding: %s", i > 0 ? "\n" : "",
                              found->items[i].message);
    if (mm_object_facts.measured && k < sizeof out)
        snprintf(out + k, sizeof out - k, "\n(the %s rules%s)", mm_object_facts.course,
                 mm_object_facts.enforced ? ", enforced" : "; RULES=none: not enforced");
    fprintf(f, ",\n    {\"name\": \"findings\", \"score\": 0, \"max_score\": 0, \"status\": \"%s\", "
            "\"visibility\": \"visible\", \"output\": ", findings_fail(found) ? "failed" : "passed");
    json_string(f, out);
    fputc('}', f);
}

static void gradescope_json(FILE *f, const struct json_options *o, const struct run_options *run,
                            const struct trace_row *rows, int n, const struct score *s,
                            const struct findings *found)
{
    struct shares sh;
    split_score(rows, n, s, &sh);
    char out[200];
    if (s->scored_failure)
        snprintf(out, sizeof out, "Perf index = 0 (a scored trace failed; %d of %d traces "
                 "valid)", s->valid, s->traces);
    else
        snprintf(out, sizeof out, "Perf index = %.1f (util) + %.1f (thru) = %.1f/100 (thru: "
                 "geometric mean %.2fx of a %gx cap); classic index = %.1f/100",
                 s->util_points, s->thru_points, s->index, s->geomean, SPEED_CAP / 100.0,
                 s->classic_index);
    fprintf(f, "{\n  \"score\": %.4f,\n  \"output\": ", s->index);
    json_string(f, out);
    fprintf(f, ",\n  \"extra_data\": {\"perf_index\": %.4f, \"geomean\": %.6f, "
            "\"speed_cap\": %.2f, \"classic_perf_index\": %.4f}", s->index, s->geomean,
            SPEED_CAP / 100.0, s->classic_index);
    fputs(",\n  \"tests\": [\n", f);
    for (int i = 0; i < n; i++) {
        gradescope_test(f, o, run, &rows[i], s, &sh);
        fputs(i + 1 < n ? ",\n" : "", f);
    }
    if (found->n > 0)
        gradescope_findings(f, found);
    fputs("\n  ]\n}\n", f);
}

int json_write(const struct json_options *o, const char *allocator, const char *reference,
               const struct run_options *run, const struct trace_row *rows, int n,
               const struct score *s, const struct findings *found)
{
    FILE *f = fopen(o->path, "w");
    if (f == NULL) {
        fprintf(stderr, "mdriver: cannot write %s: %s\n", o->path, strerror(errno));
        return -1;
    }
    if (o->format == JSON_GRADESCOPE)
        gradescope_json(f, o, run, rows, n, s, found);
    else
        mdriver_json(f, o, allocator, reference, run, rows, n, s, found);
    if (ferror(f) | (fclose(f) != 0)) {
        fprintf(stderr, "mdriver: cannot write %s: %s\n", o->path, strerror(errno));
        return -1;
    }
    return 0;
}
