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

/* 6.172's my_check returns 0 when the heap is consistent. */
static int my_check_count(int verbose)
{
    (void)verbose;
    return my_check() != 0;
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
    } else if (my_malloc != NULL || my_init != NULL) {
        api->init = my_init;
        api->malloc = my_malloc;
        api->free = my_free;
        api->realloc = my_realloc;
        api->check = my_check != NULL ? my_check_count : NULL;
    }
    if (api->init == NULL || api->malloc == NULL || api->free == NULL || api->realloc == NULL) {
        snprintf(err, errlen, "the allocator defines neither mm_init, mm_malloc, mm_free and "
                 "mm_realloc nor my_init, my_malloc, my_free and my_realloc");
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
    return (struct mm_build){ .file = MM_FILE, .defs = MM_DEFS, .interface = names[iface] };
}
