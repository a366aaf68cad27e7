/*
 * mm_api.c - finds the allocator linked into the driver.
 *
 * Both interfaces are declared weak here, so whichever one the allocator
 * file defines is used and the other resolves to NULL: a CS:APP-style
 * mm.c (mm_init ... mm_checkheap, team) and an MIT 6.172-style allocator.c
 * (my_init ... my_check) both link unchanged.
 *
 * The return types of mm_init and mm_checkheap come from mm.h, set by the
 * Makefile from the file (MM_INIT_BOOL, MM_CHECK_KIND); the adapters below
 * turn a bool or void answer into the driver's: init 0 / -1, checker = the
 * number of problems found.
 */
#include "mm_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"

#pragma weak mm_init
#pragma weak mm_malloc
#pragma weak mm_free
#pragma weak mm_realloc
#pragma weak mm_checkheap
#pragma weak team

int my_init(void) __attribute__((weak));
void *my_malloc(size_t size) __attribute__((weak));
void my_free(void *ptr) __attribute__((weak));
void *my_realloc(void *ptr, size_t size) __attribute__((weak));
int my_check(void) __attribute__((weak));

/* The MIT 6.172 wrapper file gives allocator.c these over memlib; weak, so
 * a file that defines them itself keeps its own. */
__attribute__((weak)) void *my_heap_lo(void) { return mem_heap_lo(); }
__attribute__((weak)) void *my_heap_hi(void) { return mem_heap_hi(); }
__attribute__((weak)) void my_reset_brk(void) { mem_reset_brk(); }

#ifndef MM_NAME
#define MM_NAME "mm"
#endif
/* Set by the Makefile: the allocator file and the DEFS it was built with. */
#ifndef MM_FILE
#define MM_FILE ""
#endif
#ifndef MM_DEFS
#define MM_DEFS ""
#endif

/* A checker's last answer, when it is not a count (check_said). */
static int check_last;

/* 6.172's my_check returns 0 when the heap is consistent. It prints what
 * it finds itself, so it is called once per check: the verbose call for
 * details is skipped. */
static int my_check_count(int verbose)
{
    if (verbose)
        return 0;
    check_last = my_check();
    return check_last != 0;
}

static const char *my_check_said(void)
{
    static char said[48];
    snprintf(said, sizeof said, "my_check returned %d", check_last);
    return said;
}

#if MM_INIT_BOOL
static int mm_init_status(void) { return mm_init() ? 0 : -1; }
#else
#define mm_init_status mm_init
#endif

#if MM_CHECK_KIND == MM_CHECK_BOOL
/* CMU: called with a line number (this one), true means fine. It prints
 * what it finds itself, so the verbose call for details is skipped. */
static int mm_check_count(int verbose)
{
    return verbose ? 0 : !mm_checkheap(__LINE__);
}

static const char *mm_check_said(void)
{
    return "mm_checkheap returned false";
}
#elif MM_CHECK_KIND == MM_CHECK_VOID
/* The CS:APP textbook's checker prints and returns nothing. */
static int mm_check_count(int verbose)
{
    mm_checkheap(verbose);
    return 0;
}
#else
#define mm_check_count mm_checkheap
#endif

int mm_api_linked(struct mm_api *api, char *err, size_t errlen)
{
    *api = (struct mm_api){ .name = MM_NAME, .on_simulated_heap = 1 };
    if (mm_malloc != NULL || mm_init != NULL) {
        api->init = mm_init != NULL ? mm_init_status : NULL;
        api->malloc = mm_malloc;
        api->free = mm_free;
        api->realloc = mm_realloc;
        api->check = mm_checkheap != NULL ? mm_check_count : NULL;
        api->check_returns_nothing = MM_CHECK_KIND == MM_CHECK_VOID;
#if MM_CHECK_KIND == MM_CHECK_BOOL
        api->check_said = mm_check_said;
#endif
    } else if (my_malloc != NULL || my_init != NULL) {
        api->init = my_init;
        api->malloc = my_malloc;
        api->free = my_free;
        api->realloc = my_realloc;
        api->check = my_check != NULL ? my_check_count : NULL;
        api->check_said = my_check_said;
    }
    if (api->init == NULL || api->malloc == NULL || api->free == NULL || api->realloc == NULL) {
        const char *p = my_malloc != NULL || my_init != NULL ? "my" : "mm";
        int mit = p[1] == 'y';
        if (api->init == NULL && api->malloc == NULL)
            snprintf(err, errlen, "the allocator defines neither mm_init, mm_malloc, mm_free and "
                     "mm_realloc nor my_init, my_malloc, my_free and my_realloc");
        else
            snprintf(err, errlen, "the allocator does not define%s%s%s%s: the driver calls "
                     "%s_init, %s_malloc, %s_free and %s_realloc",
                     api->init ? "" : mit ? " my_init" : " mm_init",
                     api->malloc ? "" : mit ? " my_malloc" : " mm_malloc",
                     api->free ? "" : mit ? " my_free" : " mm_free",
                     api->realloc ? "" : mit ? " my_realloc" : " mm_realloc", p, p, p, p);
        return -1;
    }
    return 0;
}

static int libc_init(void) { return 0; }

void mm_api_libc(struct mm_api *api)
{
    *api = (struct mm_api){ .name = "libc", .init = libc_init, .malloc = malloc,
                            .free = free, .realloc = realloc, .check = NULL,
                            .on_simulated_heap = 0 };
}

const char *mm_api_team_name(void)
{
    return &team != NULL ? team.teamname : NULL;
}

struct mm_build mm_api_build(void)
{
    static const char *const names[] = { "", "csapp", "mit", "cmu" };
    int iface = MM_INTERFACE;
    if (iface == MM_INTERFACE_CSAPP && my_malloc != NULL)
        iface = MM_INTERFACE_MIT;       /* a file built without the Makefile's word */
#ifdef NDEBUG
    int asserts_off = 1;
#else
    int asserts_off = strstr(MM_DEFS, "-DNDEBUG") != NULL;
#endif
    return (struct mm_build){ .file = MM_FILE, .defs = MM_DEFS, .interface = names[iface],
                              .asserts_off = asserts_off };
}
