# Makefile - the malloc lab.
#
#   make                    build ./mdriver around mm.c
#   make MM=path/to/file.c  build ./mdriver around another allocator file
#                           (CS:APP, MIT 6.172 or CMU 15-213: told from the
#                           file; INTERFACE=csapp|mit|cmu forces it, ASSERTS=1
#                           keeps an MIT file's asserts; DEFS=... adds flags)
#   make ALIGNMENT=16       any setting of config.h can be overridden so
#   make grade              replay traces/ with the C library for reference
#   make test               the test suite (ends with "N passed, N failed")
#   make variants           build mdriver-NAME for every named variant
#   make list-variants      print the variants' names
#   make clean

CC      = gcc
CFLAGS  = -O2 -g
WARN    = -Wall -Wextra -Wpedantic -Wundef -Wshadow -Wconversion
MM      = mm.c
NAME    = $(basename $(notdir $(MM)))
DEFS    =
BUILD   = build
OUT     = mdriver
ANCHOR_TRACES ?= ../shared/anchor-traces

# Settings of config.h that may be given on the command line.
CONFIG_VARS = ALIGNMENT MAX_HEAP UTIL_WEIGHT TIMED_REPLAYS MIN_SAMPLE_NS TRACE_TIMEOUT TRACEDIR
CONFIG_DEFS = $(foreach v,$(CONFIG_VARS),$(if $($(v)),-D$(v)=$($(v))))

BASE_CFLAGS = -std=c11 -D_GNU_SOURCE $(CFLAGS) $(CONFIG_DEFS) -I. -Icompat
# The project's own allocators build with every warning; a file brought
# from a course builds with -Wall only, in GNU C, so it compiles unchanged.
ifneq ($(filter mm.c allocators/%,$(MM)),)
MM_CFLAGS = $(BASE_CFLAGS) $(WARN) $(DEFS)
else
MM_CFLAGS = $(subst -std=c11,-std=gnu11,$(BASE_CFLAGS)) -Wall $(DEFS)
endif

DRIVER_SRCS = mdriver.c trace.c validate.c replay.c run.c report.c mm_api.c memlib.c footprint.c failure.c shrink.c heapmap.c json.c
DRIVER_SRCS += ref.c
DRIVER_OBJS = $(DRIVER_SRCS:%.c=$(BUILD)/%.o)
MM_OBJ      = $(BUILD)/mm-under-test.o

-include variants.mk
-include hardening.mk
-include plots.mk

.PHONY: all grade test variants list-variants tools clean FORCE
all: $(OUT)

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
CONFIG_VARS += SPARSE_CHECK_ABOVE FOOTPRINT_TIMEOUT FOOTPRINT_MEM_PERCENT
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
# ---- end of course interface ----

# Rebuild whenever the compiler, the flags or the allocator file change.
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(BASE_CFLAGS) $(WARN) | $(MM) $(MM_CFLAGS) | $(NAME)' | cmp -s - $@ \
	  || echo '$(CC) $(BASE_CFLAGS) $(WARN) | $(MM) $(MM_CFLAGS) | $(NAME)' > $@

$(BUILD)/%.o: %.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(WARN) -MMD -MP -c $< -o $@

$(BUILD)/mm_api.o: mm_api.c $(BUILD)/flags
	$(CC) $(BASE_CFLAGS) $(WARN) $(MM_IFACE_DEFS) -DMM_NAME='"$(NAME)"' -MMD -MP -c $< -o $@

# --json names the allocator file and the DEFS it was built with.
$(BUILD)/json.o: json.c $(BUILD)/flags
	$(CC) $(BASE_CFLAGS) $(WARN) -DMM_FILE='"$(MM)"' -DMM_DEFS='"$(subst ",,$(DEFS))"' -MMD -MP -c $< -o $@

$(MM_OBJ): $(MM) $(BUILD)/flags
	@mkdir -p $(BUILD)
	$(CC) $(MM_CFLAGS) -MMD -MP -c $(MM) -o $@

$(OUT): $(DRIVER_OBJS) $(MM_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ -lm

-include $(wildcard $(BUILD)/*.d)

grade: $(OUT)
	./$(OUT) -l -t traces

test: $(OUT)
	@tests/run

variants:
	@for v in $(VARIANTS); do \
	  $(MAKE) -s --no-print-directory BUILD=build/variant-$$v OUT=mdriver-$$v NAME=$$v \
	    MM="$$($(MAKE) -s --no-print-directory print-variant-src V=$$v)" \
	    DEFS="$$($(MAKE) -s --no-print-directory print-variant-defs V=$$v)" || exit 1; \
	done

list-variants:
	@for v in $(VARIANTS); do echo $$v; done

print-variant-src:
	@echo '$(VARIANT_SRC_$(V))'
print-variant-defs:
	@echo '$(VARIANT_DEFS_$(V))'

tools:
	@if [ -f tools/Makefile ]; then $(MAKE) -C tools; fi

clean:
	rm -rf build mdriver mdriver-*
	@if [ -f tools/Makefile ]; then $(MAKE) -C tools clean; fi
