/*
 * json.h - `mdriver --json FILE`: the run's results as one JSON document,
 * in the driver's own schema or, with --json-format gradescope, as the
 * results.json that Gradescope's autograder reads. Both schemas are
 * described in tools/README.md.
 */
#ifndef JSON_H
#define JSON_H

#include "findings.h"
#include "report.h"
#include "run.h"

/* The version of the driver, in the JSON document. */
#define MDRIVER_VERSION "1.0"

enum json_format { JSON_MDRIVER = 0, JSON_GRADESCOPE };

struct json_options {
    const char *path;           /* --json FILE                  */
    enum json_format format;    /* --json-format                */
    const char *driver;         /* argv[0], for shrink commands */
};

/* Parses a --json-format argument; -1 (with a message) when unknown. */
int json_parse_format(const char *arg, struct json_options *o);

/* Writes the document (reference NULL: none was timed, --ref none) with
 * the run's findings; returns 0, or -1 with a message. */
int json_write(const struct json_options *o, const char *allocator, const char *reference,
               const struct run_options *run, const struct trace_row *rows, int n,
               const struct score *s, const struct findings *found);

#endif /* JSON_H */
