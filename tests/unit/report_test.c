/*
 * report_test.c - the score arithmetic of report.c on hand-filled rows.
 *
 * P = 100 (0.6 avgU + 0.4 min(1, G / 2)), G the geometric mean of the
 * per-trace speed ratios (SPEED_CAP 200); the classic index has
 * min(1, T / T_libc) instead, T = total ops / total secs
 * over the traces scored for throughput; CMU weight 0 = not scored,
 * 2 = utilization only, 3 = throughput only; a failed scored trace makes
 * P zero, a failed weight-0 trace does not. The speed ratio of a trace is
 * libc secs / mm secs; the set's figure is their geometric mean over the
 * traces scored for throughput; traces timed without a reference (--ref
 * none) give no index. Built with the default UTIL_WEIGHT (60) and
 * SPEED_CAP (200).
 * Prints "PASS: name" / "FAIL: name: why" lines.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "report.h"

static int failures;

static void near(const char *test, const char *what, double got, double want)
{
    double tol = 1e-9 * (fabs(want) > 1 ? fabs(want) : 1);
    if (fabs(got - want) <= tol) {
        printf("PASS: score-%s-%s\n", test, what);
    } else {
        printf("FAIL: score-%s-%s: got %.12g, want %.12g\n", test, what, got, want);
        failures++;
    }
}

static void same(const char *test, const char *what, long got, long want)
{
    if (got == want) {
        printf("PASS: score-%s-%s\n", test, what);
    } else {
        printf("FAIL: score-%s-%s: got %ld, want %ld\n", test, what, got, want);
        failures++;
    }
}

#define MAXR 8
static struct trace traces[MAXR];
static struct trace_row rows[MAXR];
static int nrows;

static void reset(void)
{
    memset(traces, 0, sizeof traces);
    memset(rows, 0, sizeof rows);
    nrows = 0;
}

/* A trace row: weight, ops, status, util, and (when mm_secs > 0) timed. */
static void row(enum trace_weight w, size_t ops, enum run_status st, double util,
                double mm_secs, double libc_secs)
{
    struct trace *t = &traces[nrows];
    t->weight = w;
    t->num_ops = ops;
    static const char *names[MAXR] = { "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7" };
    t->name = names[nrows];
    t->path = names[nrows];
    rows[nrows].trace = t;
    rows[nrows].result.status = st;
    rows[nrows].result.util = util;
    if (mm_secs > 0) {
        rows[nrows].result.timed = true;
        rows[nrows].result.times.mm_secs = mm_secs;
        rows[nrows].result.times.libc_secs = libc_secs;
    }
    nrows++;
}

int main(void)
{
    struct score s;
    if (UTIL_WEIGHT != 60 || SPEED_CAP != 200) {
        printf("FAIL: score-setup: built with UTIL_WEIGHT %d, SPEED_CAP %d; the test wants 60, "
               "200\n", UTIL_WEIGHT, SPEED_CAP);
        return 1;
    }

    /* 1. Two classic traces. util 0.5, 0.7 -> avg 0.6.
     * mm: 1000 ops in 1 ms + 1000 ops in 4 ms -> T = 2000 / 0.005 = 400 Kops/s
     * (the mean of the per-trace rates, 625, would be wrong).
     * libc: 2000 ops in 1 ms -> 2000 Kops/s. ratio 0.2.
     * Classic P = 100 (0.6 * 0.6 + 0.4 * 0.2) = 36 + 8 = 44.
     * Per-trace ratios 0.5 and 0.125: G = 0.25, G / 2 = 0.125:
     * P = 36 + 5 = 41. */
    reset();
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.001, 0.0005);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.7, 0.004, 0.0005);
    report_score(rows, nrows, &s);
    near("basic", "avg-util", s.avg_util, 0.6);
    near("basic", "mm-kops", s.mm_kops, 400);
    near("basic", "libc-kops", s.libc_kops, 2000);
    near("basic", "util-points", s.util_points, 36);
    near("basic", "classic-thru-points", s.classic_thru_points, 8);
    near("basic", "classic-index", s.classic_index, 44);
    near("basic", "thru-points", s.thru_points, 5);
    near("basic", "index", s.index, 41);
    near("basic", "util-weight", s.util_weight, 0.6);
    same("basic", "valid", s.valid, 2);
    same("basic", "traces", s.traces, 2);
    same("basic", "no-scored-failure", s.scored_failure, 0);

    /* 2. Four times libc's speed: both throughput terms are capped (the
     * classic at 1x, the geometric mean's at 2x). util 0.9 -> 54 + 40 = 94. */
    reset();
    row(TRACE_WEIGHT_BOTH, 5000, RUN_VALID, 0.9, 0.001, 0.004);
    report_score(rows, nrows, &s);
    near("capped", "thru-points", s.thru_points, 40);
    near("capped", "index", s.index, 94);
    near("capped", "classic-index", s.classic_index, 94);

    /* 2a. At libc's speed, trace by trace: half the throughput points of
     * the Perf index (G = 1 of a cap of 2), all of the classic's. */
    reset();
    row(TRACE_WEIGHT_BOTH, 5000, RUN_VALID, 0.9, 0.002, 0.002);
    report_score(rows, nrows, &s);
    near("at-libc", "thru-points", s.thru_points, 20);
    near("at-libc", "index", s.index, 74);
    near("at-libc", "classic-index", s.classic_index, 94);

    /* 2b. One trace far faster, the others slower: ratios 40, 0.5, 0.5,
     * G = 10^(1/3) = 2.15, past the cap: full. With the slow ones ten times
     * slower (ratios 1000, 0.05, 0.05; G = 2.5^(1/3) = 1.36) the total ratio
     * (100.2 ms of libc over 4.1 of mm, 24x) still fills the classic term,
     * which one trace decides, while the Perf index's drops to
     * 40 * 1.36 / 2. */
    reset();
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.0001, 0.004);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.002, 0.001);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.002, 0.001);
    report_score(rows, nrows, &s);
    near("one-fast", "geomean", s.geomean, cbrt(10.0));
    near("one-fast", "thru-points", s.thru_points, 40);
    reset();
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.0001, 0.1);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.002, 0.0001);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.002, 0.0001);
    report_score(rows, nrows, &s);
    near("one-fast-others-slow", "geomean", s.geomean, cbrt(1000 * 0.05 * 0.05));
    near("one-fast-others-slow", "classic-thru-points", s.classic_thru_points, 40);
    near("one-fast-others-slow", "thru-points", s.thru_points, 20 * cbrt(2.5));

    /* 3. CMU weights. Scored for util: w1 (0.4), w2 (0.8) -> avg 0.6.
     * Scored for throughput: w1 (3000 ops, 2 ms; libc 1 ms), w3 (1000 ops,
     * 2 ms; libc 1 ms) -> T = 4000/0.004 = 1000, T_libc = 4000/0.002 = 2000,
     * ratio 0.5. The w0 trace (util 0.1, very slow) and the w2 trace's time
     * (very slow) and the w3 trace's util (0) count for nothing.
     * Classic P = 100 (0.6 * 0.6 + 0.4 * 0.5) = 36 + 20 = 56; both ratios
     * 0.5, G = 0.5: P = 36 + 40 * 0.25 = 46. */
    reset();
    row(TRACE_WEIGHT_BOTH, 3000, RUN_VALID, 0.4, 0.002, 0.001);
    row(TRACE_WEIGHT_UTIL, 1000000, RUN_VALID, 0.8, 100.0, 0.001);
    row(TRACE_WEIGHT_THRU, 1000, RUN_VALID, 0.0, 0.002, 0.001);
    row(TRACE_WEIGHT_NONE, 7, RUN_VALID, 0.1, 50.0, 0.000001);
    report_score(rows, nrows, &s);
    near("cmu-weights", "avg-util", s.avg_util, 0.6);
    near("cmu-weights", "mm-kops", s.mm_kops, 1000);
    near("cmu-weights", "libc-kops", s.libc_kops, 2000);
    near("cmu-weights", "classic-index", s.classic_index, 56);
    near("cmu-weights", "index", s.index, 46);
    same("cmu-weights", "valid", s.valid, 4);

    /* 4. A failed weight-0 trace: counted as not valid, score unchanged. */
    row(TRACE_WEIGHT_NONE, 10, RUN_CRASHED, 0, 0, 0);
    report_score(rows, nrows, &s);
    near("failed-weight0", "index", s.index, 46);
    near("failed-weight0", "classic-index", s.classic_index, 56);
    same("failed-weight0", "valid", s.valid, 4);
    same("failed-weight0", "traces", s.traces, 5);
    same("failed-weight0", "no-scored-failure", s.scored_failure, 0);

    /* 5. A failed scored trace (weight 1, 2 or 3) makes the index 0. */
    static const enum trace_weight scored[] = { TRACE_WEIGHT_BOTH, TRACE_WEIGHT_UTIL,
                                                TRACE_WEIGHT_THRU };
    static const enum run_status bad[] = { RUN_INVALID, RUN_OUT_OF_MEMORY, RUN_TIMEOUT };
    for (int k = 0; k < 3; k++) {
        char name[40];
        snprintf(name, sizeof name, "failed-weight%d", (int)scored[k]);
        reset();
        row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.9, 0.001, 0.001);
        row(scored[k], 1000, bad[k], 0, 0, 0);
        report_score(rows, nrows, &s);
        near(name, "index", s.index, 0);
        near(name, "util-points", s.util_points, 0);
        near(name, "thru-points", s.thru_points, 0);
        near(name, "classic-index", s.classic_index, 0);
        same(name, "scored-failure", s.scored_failure, 1);
        same(name, "valid", s.valid, 1);
    }

    /* 6. A valid but untimed trace (--check-only) counts for util only.
     * util (0.5 + 0.7) / 2 = 0.6; T from the timed one: ratio 0.25.
     * Classic P = 36 + 10 = 46; G = 0.25: P = 36 + 5 = 41. */
    reset();
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.004, 0.001);
    row(TRACE_WEIGHT_BOTH, 9000, RUN_VALID, 0.7, 0, 0);
    report_score(rows, nrows, &s);
    near("untimed", "avg-util", s.avg_util, 0.6);
    near("untimed", "mm-kops", s.mm_kops, 250);
    near("untimed", "classic-index", s.classic_index, 46);
    near("untimed", "index", s.index, 41);

    /* 7. Every trace failed: 0, not a free 100. */
    reset();
    row(TRACE_WEIGHT_BOTH, 1000, RUN_CRASHED, 0, 0, 0);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_INVALID, 0, 0, 0);
    report_score(rows, nrows, &s);
    near("all-failed", "index", s.index, 0);
    same("all-failed", "valid", s.valid, 0);
    near("all-failed", "geomean", s.geomean, 0);
    same("all-failed", "ratio-traces", s.ratio_traces, 0);

    /* 8. Per-trace ratios 2 (1 ms against 2), 8 (1 against 8) and 0.25
     * (4 against 1): geometric mean (2 * 8 * 0.25)^(1/3) = 4^(1/3); faster
     * on 2 of 3, slowest t2. The total ratio is another figure: 11 ms of
     * libc over 6 of mm = 1.8333. The weight-2 trace (ratio 100), the
     * failed weight-0 trace and the untimed one are not in the mean. */
    reset();
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.001, 0.002);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.001, 0.008);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.004, 0.001);
    row(TRACE_WEIGHT_UTIL, 1000, RUN_VALID, 0.5, 0.001, 0.1);
    row(TRACE_WEIGHT_NONE, 1000, RUN_CRASHED, 0, 0, 0);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0, 0);
    report_score(rows, nrows, &s);
    near("geomean", "mean", s.geomean, cbrt(4.0));
    same("geomean", "traces", s.ratio_traces, 3);
    same("geomean", "wins", s.wins, 2);
    near("geomean", "worst-ratio", s.worst_ratio, 0.25);
    same("geomean", "worst-name", strcmp(s.worst_name, "t2"), 0);
    near("geomean", "total-ratio", s.mm_kops / s.libc_kops, 11.0 / 6.0);
    near("geomean", "trace-ratio", report_ratio(&rows[1].result), 8);
    near("geomean", "untimed-ratio", report_ratio(&rows[5].result), 0);

    /* 9. Equal ratios: the mean is that ratio, and a tie is not a win. */
    reset();
    row(TRACE_WEIGHT_BOTH, 10, RUN_VALID, 0.5, 0.003, 0.003);
    row(TRACE_WEIGHT_THRU, 90000, RUN_VALID, 0.5, 0.5, 0.5);
    report_score(rows, nrows, &s);
    near("geomean-equal", "mean", s.geomean, 1);
    near("geomean-equal", "util-weight", s.util_weight, 0.6);
    same("geomean-equal", "wins", s.wins, 0);

    /* 10. Timed without a reference (--ref none): no throughput term, no
     * index, no ratios; the utilization points stay (0.6 * 0.5 = 30). */
    reset();
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.001, 0);
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0.004, 0);
    report_score(rows, nrows, &s);
    same("no-reference", "flag", s.no_reference, 1);
    near("no-reference", "mm-kops", s.mm_kops, 400);
    near("no-reference", "util-points", s.util_points, 30);
    near("no-reference", "thru-points", s.thru_points, 0);
    near("no-reference", "index", s.index, 0);
    near("no-reference", "classic-index", s.classic_index, 0);
    same("no-reference", "ratio-traces", s.ratio_traces, 0);
    /* and an untimed run (--check-only) is not one */
    reset();
    row(TRACE_WEIGHT_BOTH, 1000, RUN_VALID, 0.5, 0, 0);
    report_score(rows, nrows, &s);
    same("untimed", "no-reference-flag", s.no_reference, 0);

    return failures != 0;
}
