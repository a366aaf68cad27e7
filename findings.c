/*
 * findings.c - the run's findings (see findings.h).
 */
#include "findings.h"

#include <stdarg.h>
#include <string.h>

#include "outside.h"

void findings_add(struct findings *f, const char *kind, const char *fmt, ...)
{
    if (f->n == FINDINGS_MAX) {
        f->dropped++;
        return;
    }
    struct finding *it = &f->items[f->n++];
    it->kind = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
}

void findings_from_build(struct findings *f)
{
    for (const char *const *m = mm_object_findings; *m != NULL; m++)
        findings_add(f, "rules", "%s", *m);
}

bool findings_fail(const struct findings *f)
{
    if (!mm_object_facts.enforced)
        return false;
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->items[i].kind, "rules") == 0)
            return true;
    return false;
}

void findings_print(FILE *out, const struct findings *f)
{
    if (f->n == 0)
        return;
    fprintf(out, "\nFindings:\n");
    bool rules = false;
    for (int i = 0; i < f->n; i++) {
        fprintf(out, "finding: %s\n", f->items[i].message);
        rules |= strcmp(f->items[i].kind, "rules") == 0;
    }
    if (f->dropped > 0)
        fprintf(out, "finding: ... and %d more\n", f->dropped);
    if (rules && mm_object_facts.enforced)
        fprintf(out, "(the %s rules are enforced: the run fails; RULES=none reports them "
                "without failing)\n", mm_object_facts.course);
    else if (rules)
        fprintf(out, "(the %s rules, RULES=none: reported, not enforced)\n",
                mm_object_facts.course);
}
