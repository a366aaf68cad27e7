/*
 * report.h - the score, the results table and the CSV.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"
#include "trace.h"

struct trace_row {
    const struct trace *trace;
    struct trace_result result;
};

struct score {
    int traces, valid;            /* traces run; of them valid             */
    bool scored_failure;          /* a scored trace failed: index is 0     */
    double avg_util;              /* over traces scored for utilization    */
    double mm_ops, mm_secs;       /* over traces scored for throughput     */
    double libc_ops, libc_secs;
    double mm_kops, libc_kops;    /* throughput, Kops/s                    */
    double util_points, thru_points, index;  /* index = util + thru, 0..100:
                                                the Perf index, its throughput
                                                term min(1, geomean / cap)  */
    double classic_thru_points, classic_index;  /* the classic index: its
                                                throughput term min(1, total
                                                ratio), as the course drivers */
    double util_weight;           /* w: UTIL_WEIGHT / 100, or 0 / 1 when no
                                     trace counts for util / throughput    */
    /* Speed against the reference, trace by trace (report_ratio) over the
     * traces scored for throughput: their geometric mean (the Perf index's
     * throughput term), how many of them the allocator is faster on, and
     * the slowest one. 0 / NULL when no trace was timed. */
    double geomean;
    int ratio_traces, wins;
    const char *worst_name;
    double worst_ratio;
    /* Traces were timed but the reference was not (--ref none): there is
     * no throughput term, so no index (thru_points and index are 0). */
    bool no_reference;
    /* Utilization with everything counted (report_util_all), averaged as
     * avg_util is; the most bytes kept outside the heap on a trace; and the
     * run's findings (findings.h), for -g's line. */
    double avg_util_all;
    size_t outside_bytes;
    int findings;
};

/* The speed of the allocator over the reference's on one trace (its Kops
 * over the reference's, both timed in the same run); 0 when not timed. */
double report_ratio(const struct trace_result *r);

/* Utilization with everything counted: peak live payload / (heap size +
 * bytes kept outside the heap); 0 for a trace that is not valid. */
double report_util_all(const struct trace_result *r);

/* What the allocator keeps outside the heap, and the utilization both
 * ways; verbose: a line per trace too, and the static objects by name. */
void report_outside(FILE *out, const struct trace_row *rows, int n, const struct score *s,
                    bool verbose);

/* P = 100 (w avgU + (1 - w) min(1, G / cap)), w = UTIL_WEIGHT / 100, G the
 * geometric mean of the per-trace speed ratios, cap = SPEED_CAP / 100; the
 * classic index has min(1, T / T_libc) for the second term. A failed trace
 * that counts toward the score makes both zero. */
void report_score(const struct trace_row *rows, int n, struct score *s);

/* The table for the lab's allocator, or, with libc_method set, for the C
 * library, whose util column is then peak live payload / peak footprint as
 * read by libc_method, and whose valid column says whether the C library
 * ran the trace to the end: "yes", "no" (it failed: ref_alone, the rows'
 * status is its own), "-" (not run, or stopped: the allocator failed the
 * trace or was not timed on it). The allocator's table has a ratio column
 * (speed over the reference's, report_ratio) when the traces were timed. */
void report_table(FILE *out, const char *allocator, const struct trace_row *rows, int n,
                  const struct score *s, const char *libc_method, bool ref_alone);

/* A line per trace that failed: its path, status and message. */
void report_failures(FILE *out, const struct trace_row *rows, int n);

/* The throughput against the reference named ref (the total ratio and the
 * per-trace geometric mean), the Perf index and the classic index; with no
 * reference timed (s->no_reference), the throughput and why there is no
 * index. */
void report_index(FILE *out, const struct score *s, const char *ref);

/* The autograder line of -g: correct:N perfidx:P geomean:G classic:C
 * util_all:A outside:B, then findings:K when the run has findings: P the
 * Perf index, C the classic index ("-" for what a run without a reference
 * does not have), A the utilization with everything counted, B the bytes
 * outside the heap. */
void report_autograder(FILE *out, const struct score *s);

/* Writes the CSV header, a row per trace for the allocator (allocator
 * NULL: none, the reference ran alone) and one for the reference where it
 * was timed or its footprint read (libc NULL: none, it was not run). The
 * column ratio is report_ratio on the allocator's rows and empty on the
 * reference's; the last two, outside_bytes and util_all
 * (report_util_all), are filled on the allocator's valid rows only. */
int report_csv(const char *path, const char *allocator, const struct footprint *libc,
               const struct trace_row *rows, int n);

#endif /* REPORT_H */
