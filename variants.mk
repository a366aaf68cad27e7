# variants.mk - the named variants (included by the Makefile). A variant is
# a source file (VARIANT_SRC_NAME) and a set of knob values
# (VARIANT_DEFS_NAME, for the allocator only); VARIANT_CONFIG_NAME, when
# set, holds settings of config.h for the whole driver. The knobs are
# documented at the top of mm.c and in allocators/README.md.
#
#   make mdriver-NAME    builds one (the Makefile's pattern rule)
#   make -j2 variants    builds mdriver-NAME for every name below
#   make list-variants   prints the allocator family (VARIANTS)
#
# VARIANTS is the allocator family the tests, the hardening checks and the
# plots go through; EXTRA_VARIANTS are the default built otherwise, for the
# tests and the bench: default-a16 (16-byte alignment), default-pages
# (every small-object run a page of a chunk from the first, MM_PAGE_HEAP=0,
# so that the page path meets every trace), default-nosmall (no
# small-object runs).
#
# The policy variants switch the small-object path off (MM_SMALL=0), treat
# the top block as one free block among others (MM_TOP_LAST=0) and their
# best fit is exact (MM_BEST_SCAN=0), so that each shows its index and fit
# policy alone; `default` is mm.c as plain `make` builds it (TLSF, best fit
# bounded to 32 blocks a list, the top block taken last, small-object runs).

# what every policy variant sets besides its index and fit
POLICY_ONLY := -DMM_SMALL=0 -DMM_TOP_LAST=0

VARIANTS := naive textbook \
            implicit-first implicit-next implicit-best \
            explicit-lifo explicit-fifo explicit-addr explicit-next \
            seglist-first seglist-best \
            tlsf tlsf-first \
            default fast

VARIANT_SRC_naive := allocators/naive.c
VARIANT_DEFS_naive :=

# The textbook allocator: implicit list, first fit, a footer on every
# block, realloc always moves, the top block one free block among others.
VARIANT_SRC_textbook := mm.c
VARIANT_DEFS_textbook := -DMM_INDEX=MM_INDEX_IMPLICIT -DMM_FIT=MM_FIT_FIRST \
    -DMM_ALLOC_FOOTER=1 -DMM_REALLOC=MM_REALLOC_MOVE $(POLICY_ONLY)

VARIANT_SRC_implicit-first := mm.c
VARIANT_DEFS_implicit-first := -DMM_INDEX=MM_INDEX_IMPLICIT -DMM_FIT=MM_FIT_FIRST $(POLICY_ONLY)

VARIANT_SRC_implicit-next := mm.c
VARIANT_DEFS_implicit-next := -DMM_INDEX=MM_INDEX_IMPLICIT -DMM_FIT=MM_FIT_NEXT $(POLICY_ONLY)

VARIANT_SRC_implicit-best := mm.c
VARIANT_DEFS_implicit-best := -DMM_INDEX=MM_INDEX_IMPLICIT -DMM_FIT=MM_FIT_BEST -DMM_BEST_SCAN=0 $(POLICY_ONLY)

VARIANT_SRC_explicit-lifo := mm.c
VARIANT_DEFS_explicit-lifo := -DMM_INDEX=MM_INDEX_EXPLICIT -DMM_FIT=MM_FIT_FIRST \
    -DMM_ORDER=MM_ORDER_LIFO $(POLICY_ONLY)

VARIANT_SRC_explicit-fifo := mm.c
VARIANT_DEFS_explicit-fifo := -DMM_INDEX=MM_INDEX_EXPLICIT -DMM_FIT=MM_FIT_FIRST \
    -DMM_ORDER=MM_ORDER_FIFO $(POLICY_ONLY)

# address-ordered first fit
VARIANT_SRC_explicit-addr := mm.c
VARIANT_DEFS_explicit-addr := -DMM_INDEX=MM_INDEX_EXPLICIT -DMM_FIT=MM_FIT_FIRST \
    -DMM_ORDER=MM_ORDER_ADDRESS $(POLICY_ONLY)

VARIANT_SRC_explicit-next := mm.c
VARIANT_DEFS_explicit-next := -DMM_INDEX=MM_INDEX_EXPLICIT -DMM_FIT=MM_FIT_NEXT \
    -DMM_ORDER=MM_ORDER_LIFO $(POLICY_ONLY)

VARIANT_SRC_seglist-first := mm.c
VARIANT_DEFS_seglist-first := -DMM_INDEX=MM_INDEX_SEGREGATED -DMM_FIT=MM_FIT_FIRST $(POLICY_ONLY)

VARIANT_SRC_seglist-best := mm.c
VARIANT_DEFS_seglist-best := -DMM_INDEX=MM_INDEX_SEGREGATED -DMM_FIT=MM_FIT_BEST -DMM_BEST_SCAN=0 $(POLICY_ONLY)

VARIANT_SRC_tlsf := mm.c
VARIANT_DEFS_tlsf := -DMM_INDEX=MM_INDEX_TLSF -DMM_FIT=MM_FIT_BEST -DMM_BEST_SCAN=0 $(POLICY_ONLY)

VARIANT_SRC_tlsf-first := mm.c
VARIANT_DEFS_tlsf-first := -DMM_INDEX=MM_INDEX_TLSF -DMM_FIT=MM_FIT_FIRST $(POLICY_ONLY)

# mm.c's defaults, what plain `make` builds
VARIANT_SRC_default := mm.c
VARIANT_DEFS_default :=

# The throughput end: every request up to 1 KiB takes a slot of a 4 KiB
# page run from the first request on (no warm-up, no runs among the
# blocks), so small objects never coalesce; larger ones are TLSF blocks,
# first fit.
VARIANT_SRC_fast := mm.c
VARIANT_DEFS_fast := -DMM_PAGE_HEAP=0 -DMM_SMALL_WARMUP=0 -DMM_SMALL_EVERY=1 \
    -DMM_SMALL_MAX=1024 -DMM_FIT=MM_FIT_FIRST

EXTRA_VARIANTS := default-a16 default-pages default-nosmall
ALL_VARIANTS   := $(VARIANTS) $(EXTRA_VARIANTS)

VARIANT_SRC_default-a16    := mm.c
VARIANT_CONFIG_default-a16 := -DALIGNMENT=16

VARIANT_SRC_default-pages  := mm.c
VARIANT_DEFS_default-pages := -DMM_PAGE_HEAP=0

VARIANT_SRC_default-nosmall  := mm.c
VARIANT_DEFS_default-nosmall := -DMM_SMALL=0
