/*
 * findings.h - findings: named lines about a rule or a behaviour the
 * allocator breaks that are not a failed trace.
 *
 * Each has a kind: "rules" (a course rule the object breaks, found at build
 * time by tools/mm-facts.sh), "corner" (a corner call answered wrongly,
 * corner.c). Another kind is one more findings_add with its own name.
 * Rule findings fail the run (the driver's exit status 1, `make grade`)
 * unless the driver was built with RULES=none; the others are reported
 * only, and no finding changes a score.
 */
#ifndef FINDINGS_H
#define FINDINGS_H

#include <stdbool.h>
#include <stdio.h>

#define FINDINGS_MAX 64
#define FINDING_LEN 400

struct finding {
    const char *kind;          /* "rules", "corner", ...               */
    char message[FINDING_LEN];
};

struct findings {
    int n;
    int dropped;               /* past FINDINGS_MAX: counted, not kept */
    struct finding items[FINDINGS_MAX];
};

void findings_add(struct findings *f, const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Adds the build's rule findings (outside.h's mm_object_findings). */
void findings_from_build(struct findings *f);

/* Whether the findings fail the run: a rule finding, rules enforced. */
bool findings_fail(const struct findings *f);

/* The findings as lines "finding: MESSAGE", then, when a rule finding is
 * among them, whether the rules fail the run; nothing when none. */
void findings_print(FILE *out, const struct findings *f);

#endif /* FINDINGS_H */
