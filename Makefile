# Makefile - the malloc lab.
#
#   make                    build ./mdriver around mm.c
#   make MM=path/to/file.c  build ./mdriver around another allocator file
#                           (CS:APP, MIT 6.172 or CMU 15-213: told from the
#                           file; INTERFACE=csapp|mit|cmu forces it, ASSERTS=1
#                           keeps an MIT file's asserts; DEFS=... adds flags)
#   make ALIGNMENT=16       any setting of config.h can be overridden so
#   make grade              replay traces/ with the C library for reference
#                           (fails on a course rule the file breaks:
#                           RULES=csapp|cmu|mit|none, see "the course rules")
#   make test               the fast test suite, a few minutes (ends with
#                           "N passed, N failed" and the time it took)
#   make test-full          every test at full strength (what CI runs too)
#   make mdriver-NAME       the driver of variant NAME (variants.mk)
#   make -j2 variants       mdriver-NAME for every named variant
#   make list-variants      print the names of the allocator family
#   make print-VAR          print the value of make variable VAR
#   make clean
#
# A variant's objects go to BUILDROOT/variant-NAME/ (BUILDROOT=build), its
# driver to BINDIR/mdriver-NAME (BINDIR=.): `make BUILDROOT=/tmp/b
# BINDIR=/tmp/b /tmp/b/mdriver-tlsf` builds outside the source tree. CC,
# CFLAGS and the config.h settings apply to variants too (hardening.mk's
# sanitizer and -Werror builds are variants built so).
# hardening.mk and plots.mk add more targets; see their headers.

CC      = gcc
CFLAGS  = -O2 -g
WARN    = -Wall -Wextra -Wpedantic -Wundef -Wshadow -Wconversion
MM      = mm.c
NAME    = $(basename $(notdir $(MM)))
DEFS    =
BUILD   = build
OUT     = mdriver
LDLIBS  = -lm
BUILDROOT = build
BINDIR    = .
# the public trace sets (not in the repository); scripts get it from here
ANCHOR_TRACES ?= ../shared/anchor-traces
export ANCHOR_TRACES

# Settings of config.h that may be given on the command line.
CONFIG_VARS = ALIGNMENT MAX_HEAP UTIL_WEIGHT TIMED_REPLAYS MIN_SAMPLE_NS TRACE_TIMEOUT TRACEDIR
CONFIG_DEFS = $(foreach v,$(CONFIG_VARS),$(if $($(v)),-D$(v)=$($(v))))

BASE_CFLAGS = -std=c11 -D_GNU_SOURCE $(CFLAGS) $(CONFIG_DEFS) -I. -Icompat
# The project's own allocators build with every warning; a file brought
# from a course builds with -Wall only, in GNU C, so it compiles unchanged.
# A course file sets its own ALIGNMENT (its course's driver checks it
# against its config.h, not the file's): it is built without the driver's
# config.h and -DALIGNMENT (MM_COURSE_FILE), so its own macro wins without
# a warning; the build tells when the two differ (mm-symbols.ok).
ifneq ($(filter mm.c allocators/%,$(MM)),)
MM_CFLAGS = $(BASE_CFLAGS) $(WARN) $(DEFS)
else
MM_CFLAGS = $(subst -std=c11,-std=gnu11,$(filter-out -DALIGNMENT=%,$(BASE_CFLAGS))) -Wall \
  -DMM_COURSE_FILE $(DEFS)
endif

DRIVER_SRCS = mdriver.c trace.c validate.c replay.c run.c report.c mm_api.c memlib.c footprint.c failure.c shrink.c heapmap.c json.c
DRIVER_SRCS += ref.c outside.c findings.c corner.c
DRIVER_OBJS = $(DRIVER_SRCS:%.c=$(BUILD)/%.o)
MM_OBJ      = $(BUILD)/mm-under-test.o

.PHONY: all grade test test-full variants list-variants tools clean FORCE
all: $(OUT)

include variants.mk

# Rebuild whenever the compiler, the flags or the allocator file change:
# the driver's files on a change of flags, the allocator and mm_api.o (which
# names it) also on a change of allocator, so that drivers around other
# allocators built one after the other in one BUILD share the driver's files.

# ---- course interface (compat): which course $(MM) was written for ----
# Told from the file unless INTERFACE=csapp|mit|cmu is given:
#   mit    the file mentions my_malloc or allocator_interface.h: NDEBUG as in
#          the course's normal build (ASSERTS=1 keeps its asserts on)
#   cmu    bool mm_init or mm_checkheap, or an `#ifdef DRIVER` block: built
#          with DRIVER (malloc & co. renamed to mm_*) and ALIGNMENT 16
#   csapp  anything else (the classic lab, the textbook, this project)
# The return types of mm_init (int or bool) and mm_checkheap (int count,
# bool, void) are read from the file too. A file that still defines malloc,
# free, realloc or calloc after that is refused: it would replace the
# driver's own malloc.
HASH := \#
MM_HAS = $(shell grep -Eq '$(1)' '$(MM)' 2>/dev/null && echo 1)
SP := [[:space:]]
OPEN := (
ifeq ($(INTERFACE),)
INTERFACE := $(if $(call MM_HAS,my_malloc|allocator_interface\.h),mit,$(if $(call MM_HAS,bool$(SP)+mm_(init|checkheap)$(SP)*[$(OPEN)]|$(HASH)$(SP)*if(def$(SP)+|$(SP)+defined$(SP)*[$(OPEN)]?$(SP)*)DRIVER),cmu,csapp))
endif
ifeq ($(filter $(INTERFACE),csapp mit cmu),)
$(error INTERFACE must be csapp, mit or cmu, not '$(INTERFACE)')
endif
MM_INIT_BOOL := $(if $(call MM_HAS,bool$(SP)+mm_init$(SP)*[$(OPEN)]),1,0)
MM_CHECK_KIND := $(if $(call MM_HAS,bool$(SP)+mm_checkheap$(SP)*[$(OPEN)]),1,$(if $(call MM_HAS,void$(SP)+mm_checkheap$(SP)*[$(OPEN)]),2,0))
MM_IFACE_DEFS_csapp = -DMM_INTERFACE=1
MM_IFACE_DEFS_mit   = -DMM_INTERFACE=2 $(if $(ASSERTS),,-DNDEBUG)
MM_IFACE_DEFS_cmu   = -DMM_INTERFACE=3 -DDRIVER
MM_IFACE_DEFS = $(MM_IFACE_DEFS_$(INTERFACE)) -DMM_INIT_BOOL=$(MM_INIT_BOOL) -DMM_CHECK_KIND=$(MM_CHECK_KIND)
ifeq ($(INTERFACE),cmu)
ALIGNMENT ?= 16
endif
MM_CFLAGS += $(MM_IFACE_DEFS)
# CMU builds its lab with clang, and some of its files are errors under gcc
# (a static const in an array size; the handout's _Pragma in dbg_ macros):
# a CMU file is built with clang when it is installed and CC is not given.
MM_CC := $(CC)
ifeq ($(INTERFACE):$(origin CC),cmu:file)
MM_CC := $(if $(shell command -v clang 2>/dev/null),clang,$(CC))
endif
# the warnings of a file that stores pointers in 32-bit integers
PTR_INT_WARNINGS = pointer-to-int-cast|int-to-pointer-cast|(cast (from|to) pointer (to|from) integer of different size)
CONFIG_VARS += SPARSE_CHECK_ABOVE FOOTPRINT_TIMEOUT FOOTPRINT_MEM_PERCENT
CONFIG_VARS += SPEED_CAP
MALLOC_NAMES = malloc free realloc calloc memalign posix_memalign aligned_alloc valloc
# Refuses an object that defines the process's malloc; tells a file whose
# own ALIGNMENT differs from the driver's.
$(BUILD)/mm-symbols.ok: $(MM_OBJ)
	@bad=$$(nm -g --defined-only $< | awk '{ print $$NF }' | grep -xE '$(subst $(subst ,, ),|,$(MALLOC_NAMES))' | paste -sd ' '); \
	if [ -n "$$bad" ]; then \
	  echo "error: $(MM) defines $$bad itself (interface $(INTERFACE)): it would replace the driver's own"; \
	  echo "  malloc. Name them mm_malloc, mm_free... (CMU 15-213 files: keep the renames under #ifdef DRIVER,"; \
	  echo "  which this build defines), or force the interface with INTERFACE=csapp|mit|cmu."; \
	  rm -f $< $(OUT); exit 1; fi
	@own=$$(sed -nE 's/^$(SP)*$(HASH)$(SP)*define$(SP)+ALIGNMENT$(SP)+\(?([0-9]+)\)?$(SP)*(\/[*/].*)?$$/\1/p' '$(MM)' | head -n 1); \
	drv=$$(printf '$(HASH)include "config.h"\nALIGNMENT\n' | $(CC) $(CONFIG_DEFS) -I. -E -P - | tail -n 1); \
	if [ -n "$$own" ] && [ "$$own" != "$$drv" ]; then \
	  echo "note: $(MM) sets ALIGNMENT $$own, but the driver checks payloads against ALIGNMENT $$drv$(if $(filter cmu,$(INTERFACE)), (CMU 15-213 runs at 16))."; \
	  echo "  To check against the file's own: make MM=$(MM) ALIGNMENT=$$own"; fi
	@touch $@
$(OUT): | $(BUILD)/mm-symbols.ok
# The driver calls init, malloc, free and realloc: a file that defines some
# of mm_* (or my_*) and not the others is told which at build time.
API_mm = mm_init mm_malloc mm_free mm_realloc
API_my = my_init my_malloc my_free my_realloc
$(BUILD)/mm-api.ok: $(MM_OBJ)
	@defs=$$(nm -g --defined-only $< | awk '{ print $$NF }'); \
	for set in "$(API_mm)" "$(API_my)"; do \
	  have=""; miss=""; \
	  for f in $$set; do \
	    if printf '%s\n' $$defs | grep -qx "$$f"; then have="$$have $$f"; else miss="$$miss $$f"; fi; done; \
	  if [ -n "$$have" ] && [ -n "$$miss" ]; then \
	    echo "error: $(MM) defines$$have but not$$miss: the driver calls all four ($(INTERFACE) interface)" >&2; \
	    rm -f $< $(OUT); exit 1; fi; \
	  [ -n "$$have" ] && { touch $@; exit 0; }; \
	done; \
	echo "error: $(MM) defines none of $(API_mm) (nor the MIT 6.172 names $(API_my))" >&2; \
	rm -f $< $(OUT); exit 1
$(OUT): | $(BUILD)/mm-api.ok
# MM names a file that is not there: say so (and leave no driver behind).
$(MM):
	@echo "error: MM=$(MM): no such file" >&2; rm -f $(OUT); exit 1
# ---- end of course interface ----

# ---- bytes outside the heap, the course rules ----
# tools/mm-facts.sh reads the allocator's object: its static data (counted
# as bytes outside the heap) and the course rules it breaks, printed as
# "finding: ..." lines and built into the driver (mm-facts.c), which
# reports them again and fails the run on them. RULES=csapp|cmu|mit checks
# those rules (default: the file's interface; the variants are CS:APP
# files); RULES=none checks the interface's and reports without failing.
# The allocator's calls of the malloc family, mmap and sbrk are renamed to
# outside.c's counting wrappers (OUTSIDE_WRAPPED), in a copy of its object
# (mm-wrapped.o) that the driver links.
RULES ?=
ifeq ($(filter $(RULES),csapp cmu mit none),)
ifneq ($(RULES),)
$(error RULES must be csapp, cmu, mit or none, not '$(RULES)')
endif
endif
RULES_CHECKED  = $(if $(filter-out none,$(RULES)),$(RULES),$(INTERFACE))
VARIANT_RULES  = $(if $(filter-out none,$(RULES)),$(RULES),csapp)
RULES_ENFORCED = $(if $(filter none,$(RULES)),0,1)
OUTSIDE_WRAPPED = malloc calloc realloc reallocarray free memalign posix_memalign \
    aligned_alloc valloc pvalloc strdup strndup mmap mmap64 munmap mremap sbrk brk
OBJCOPY = objcopy
OUTSIDE_RENAMES = $(foreach f,$(OUTSIDE_WRAPPED),--redefine-sym $(f)=mm_outside_$(f))
$(BUILD)/rules: FORCE
	@mkdir -p $(BUILD)
	@echo '$(RULES_CHECKED) $(RULES_ENFORCED)' | cmp -s - $@ || echo '$(RULES_CHECKED) $(RULES_ENFORCED)' > $@
$(BUILD)/mm-facts.c: $(MM_OBJ) tools/mm-facts.sh $(BUILD)/rules
	@sh tools/mm-facts.sh $(MM_OBJ) '$(MM)' $(RULES_CHECKED) $(RULES_ENFORCED) $@ || { rm -f $(OUT); exit 1; }
$(BUILD)/mm-facts.o: $(BUILD)/mm-facts.c outside.h $(BUILD)/flags
	$(CC) $(BASE_CFLAGS) $(WARN) -c $< -o $@
$(BUILD)/mm-wrapped.o: $(MM_OBJ)
	$(OBJCOPY) $(OUTSIDE_RENAMES) $< $@
# ---- end of bytes outside the heap, the course rules ----

# Rebuild whenever the compiler, the flags or the allocator file change:
# the driver's files on a change of flags, the allocator and mm_api.o (which
# names it) also on a change of allocator, so that drivers around other
# allocators built one after the other in one BUILD share the driver's files.
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(BASE_CFLAGS) $(WARN)' | cmp -s - $@ || echo '$(CC) $(BASE_CFLAGS) $(WARN)' > $@
$(BUILD)/mm-flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(MM) $(MM_CC) $(MM_CFLAGS) | $(NAME)' | cmp -s - $@ || echo '$(MM) $(MM_CC) $(MM_CFLAGS) | $(NAME)' > $@

$(BUILD)/%.o: %.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(WARN) -MMD -MP -c $< -o $@

# mm_api.o names the allocator: its name, file, DEFS (for --json), interface.
$(BUILD)/mm_api.o: mm_api.c $(BUILD)/flags $(BUILD)/mm-flags
	$(CC) $(BASE_CFLAGS) $(WARN) $(MM_IFACE_DEFS) -DMM_NAME='"$(NAME)"' -DMM_FILE='"$(MM)"' \
	  -DMM_DEFS='"$(subst ",,$(DEFS))"' -MMD -MP -c $< -o $@

# The allocator: a failed build leaves no driver (the previous one would
# test the previous allocator), and shows its errors before its warnings,
# with the hint for a CMU file built without clang; a file whose casts
# mix pointers and narrower integers is told it looks written for 32-bit.
$(MM_OBJ): $(MM) $(BUILD)/flags $(BUILD)/mm-flags
	@mkdir -p $(BUILD)
	@rm -f $(OUT)
	@$(if $(findstring s,$(firstword -$(MAKEFLAGS))),:,echo '$(MM_CC) $(MM_CFLAGS) -MMD -MP -c $(MM) -o $@')
	@if $(MM_CC) $(MM_CFLAGS) -MMD -MP -c $(MM) -o $@ 2>$(BUILD)/mm-build.log; then \
	  cat $(BUILD)/mm-build.log >&2; \
	else \
	  echo "error: $(MM) does not build; its errors first:" >&2; \
	  grep -E ': (fatal )?error:' $(BUILD)/mm-build.log >&2; \
	  echo "(the compiler's whole output, with $$(grep -c 'warning:' $(BUILD)/mm-build.log) warnings: $(BUILD)/mm-build.log)" >&2; \
	  $(if $(and $(filter cmu,$(INTERFACE)),$(filter-out clang%,$(notdir $(firstword $(MM_CC))))),echo \
	    "hint: CMU builds with clang: make CC=clang MM=$(MM)" >&2;) \
	  rm -f $@; exit 1; \
	fi; \
	if grep -qE '$(PTR_INT_WARNINGS)' $(BUILD)/mm-build.log; then \
	  echo "note: $(MM) casts between pointers and integers of another size: it looks written for" \
	       "32-bit, and this driver is 64-bit (8-byte pointers); it may crash where it stores one in the other" >&2; \
	fi

$(OUT): $(DRIVER_OBJS) $(BUILD)/mm-wrapped.o $(BUILD)/mm-facts.o
	@rm -f $@
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

-include $(wildcard $(BUILD)/*.d)

grade: $(OUT)
	$(abspath $(OUT)) -l -t traces

# The test suite builds what it needs into a temporary directory.
test:
	@TEST_TIER=fast tests/run
test-full:
	@TEST_TIER=full tests/run

# ---- named variants (variants.mk) ----
# mdriver-NAME: the driver around VARIANT_SRC_NAME built with
# VARIANT_DEFS_NAME. Objects: BUILDROOT/variant-NAME/ holds the allocator's
# and mm_api.o (which names it); BUILDROOT/driver/ the driver's other files,
# shared by every variant but those with a VARIANT_CONFIG_NAME (settings of
# config.h for the whole driver), whose driver files are built in their own
# directory. A directory is rebuilt when the compiler, its flags or its
# variant's definition change.
DRIVER_SHARED = $(patsubst %.c,%.o,$(filter-out mm_api.c,$(DRIVER_SRCS)))
# the directory of a variant's shared driver files: $(call driver_dir,NAME)
driver_dir    = $(BUILDROOT)/$(if $(VARIANT_CONFIG_$(1)),variant-$(1),driver)
# in the rules of BUILDROOT/DIR/..., $* is DIR: driver or variant-NAME
dir_variant   = $(patsubst variant-%,%,$*)
DIR_CFLAGS    = $(BASE_CFLAGS) $(VARIANT_CONFIG_$(dir_variant)) $(WARN)
DIR_FLAGS     = $(CC) $(DIR_CFLAGS) | $(VARIANT_SRC_$(dir_variant)) $(VARIANT_DEFS_$(dir_variant))

.SECONDEXPANSION:
# objects and flag files are kept, not deleted as intermediate files
.SECONDARY:

$(BUILDROOT)/%/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(DIR_FLAGS)' | cmp -s - $@ || echo '$(DIR_FLAGS)' > $@

# one pattern rule per driver file: $(BUILDROOT)/DIR/FILE.o
define dir_object_rule
$$(BUILDROOT)/%/$(1:.c=.o): $(1) $$(BUILDROOT)/%/flags
	$$(CC) $$(DIR_CFLAGS) $(2) -MMD -MP -c $$< -o $$@
endef
$(foreach f,$(filter-out mm_api.c,$(DRIVER_SRCS)),$(eval $(call dir_object_rule,$(f))))
$(eval $(call dir_object_rule,mm_api.c,-DMM_NAME='"$$(dir_variant)"' \
  -DMM_FILE='"$$(VARIANT_SRC_$$(dir_variant))"' -DMM_DEFS='"$$(VARIANT_DEFS_$$(dir_variant))"'))

$(BUILDROOT)/variant-%/mm-under-test.o: \
    $$(or $$(VARIANT_SRC_$$*),$$(error no variant '$$*' in variants.mk (make list-variants))) \
    $(BUILDROOT)/variant-%/flags
	$(CC) $(BASE_CFLAGS) $(VARIANT_CONFIG_$*) $(WARN) $(VARIANT_DEFS_$*) -MMD -MP -c $< -o $@

# the variant's rules and bytes outside the heap (see the Makefile's part
# on them above)
$(BUILDROOT)/variant-%/rules: FORCE
	@mkdir -p $(@D)
	@echo '$(VARIANT_RULES) $(RULES_ENFORCED)' | cmp -s - $@ || echo '$(VARIANT_RULES) $(RULES_ENFORCED)' > $@
$(BUILDROOT)/variant-%/mm-facts.c: $(BUILDROOT)/variant-%/mm-under-test.o tools/mm-facts.sh \
    $(BUILDROOT)/variant-%/rules
	@sh tools/mm-facts.sh $< '$(VARIANT_SRC_$*)' $(VARIANT_RULES) $(RULES_ENFORCED) $@
$(BUILDROOT)/variant-%/mm-facts.o: $(BUILDROOT)/variant-%/mm-facts.c outside.h $(BUILDROOT)/variant-%/flags
	$(CC) $(BASE_CFLAGS) $(VARIANT_CONFIG_$*) $(WARN) -c $< -o $@
$(BUILDROOT)/variant-%/mm-wrapped.o: $(BUILDROOT)/variant-%/mm-under-test.o
	$(OBJCOPY) $(OUTSIDE_RENAMES) $< $@

$(BINDIR)/mdriver-%: $$(addprefix $$(call driver_dir,$$*)/,$(DRIVER_SHARED)) \
                     $(BUILDROOT)/variant-$$*/mm_api.o $(BUILDROOT)/variant-$$*/mm-wrapped.o \
                     $(BUILDROOT)/variant-$$*/mm-facts.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

-include $(wildcard $(BUILDROOT)/driver/*.d)
-include $(wildcard $(BUILDROOT)/variant-*/*.d)

variants: $(ALL_VARIANTS:%=$(BINDIR)/mdriver-%)

list-variants:
	@for v in $(VARIANTS); do echo $$v; done

# NAME, allocator file, and its flags (config, then knobs), one variant a
# line, every variant: for the scripts that build an allocator themselves.
variant-table:
	@$(foreach v,$(ALL_VARIANTS),echo '$(v)	$(VARIANT_SRC_$(v))	$(strip $(VARIANT_CONFIG_$(v)) $(VARIANT_DEFS_$(v)))';)

print-%:
	@echo '$($*)'

# The trace tools, built into TOOLS_BIN (default tools/).
TOOLS_BIN ?= tools
tools:
	@$(MAKE) -C tools BIN=$(abspath $(TOOLS_BIN))

clean:
	rm -rf build mdriver mdriver-*
	@$(MAKE) -C tools clean

# sanitizers, warnings, fuzzing, stress; pictures
include hardening.mk
include plots.mk
include class.mk
