# Makefile - the malloc lab.
#
#   make                    build ./mdriver around mm.c
#   make MM=path/to/file.c  build ./mdriver around another allocator file
#                           (CS:APP mm_* or MIT 6.172 my_* interface)
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

DRIVER_SRCS = mdriver.c trace.c validate.c replay.c run.c report.c mm_api.c memlib.c footprint.c
DRIVER_SRCS += ref.c
DRIVER_OBJS = $(DRIVER_SRCS:%.c=$(BUILD)/%.o)
MM_OBJ      = $(BUILD)/mm-under-test.o

-include variants.mk
-include hardening.mk
-include plots.mk

.PHONY: all grade test variants list-variants tools clean FORCE
all: $(OUT)

# Rebuild whenever the compiler, the flags or the allocator file change.
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(BASE_CFLAGS) $(WARN) | $(MM) $(MM_CFLAGS) | $(NAME)' | cmp -s - $@ \
	  || echo '$(CC) $(BASE_CFLAGS) $(WARN) | $(MM) $(MM_CFLAGS) | $(NAME)' > $@

$(BUILD)/%.o: %.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(WARN) -MMD -MP -c $< -o $@

$(BUILD)/mm_api.o: mm_api.c $(BUILD)/flags
	$(CC) $(BASE_CFLAGS) $(WARN) -DMM_NAME='"$(NAME)"' -MMD -MP -c $< -o $@

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
