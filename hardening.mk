# hardening.mk - sanitizer builds, warnings, fuzzing, random stress
# (included by the Makefile; see RELIABILITY.md for what each check does).
#
#   make asan               ASan+UBSan drivers: build/asan/mdriver-NAME for
#                           every variant (before variants.mk: default = mm.c
#                           and naive)
#   make asan-check         the shipped and classic traces under them
#                           (tests/t-hard-asan.sh)
#   make WERROR=1 ...       any build with -Werror added to CFLAGS
#   make werror             driver, naive and every variant with -Werror,
#                           under gcc and clang (build/werror/)
#   make fuzz SECONDS=N     libFuzzer on the trace reader + validator for N s
#                           (FUZZ_TARGET=fuzz-mm: with mm.c and -c instead)
#   make fuzz-regress       replay fuzz/regressions and fuzz/corpus once
#   make fuzz-ci            fuzz-regress, then `make fuzz` for CI_FUZZ_SECONDS
#   make stress SEEDS=N     N random traces through every variant with -c
#                           (FIRST=S first seed, OPS=N ops a trace,
#                           HUGE=BYTES largest request, TOTAL=BYTES cap on a
#                           trace's requests, STRESS_ASAN=1 through the ASan
#                           drivers)
#   make oom-check          heap-exhaustion check of every variant
#   make valgrind           the driver under valgrind (tests/t-hard-valgrind.sh)

# Keep the Makefile's default goal: this file defines rules before `all`.
hardening_saved_goal := $(.DEFAULT_GOAL)

ifeq ($(WERROR),1)
override CFLAGS += -Werror
endif

SAN_FLAGS   = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_CFLAGS = -O1 -g $(SAN_FLAGS)
ASAN_DIR    = build/asan
# Sanitizer reports abort the process, so in the driver's child a report
# fails the trace as "crashed with SIGABRT".
SAN_ENV     = ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
              UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1

# The allocators hardened: every variant of variants.mk, or, before it
# exists, mm.c ("default") and the naive allocator.
ifeq ($(strip $(VARIANTS)),)
HARD_VARIANTS = default naive
VARIANT_SRC_default = mm.c
VARIANT_SRC_naive = allocators/naive.c
else
HARD_VARIANTS = $(VARIANTS)
endif

# $(call hardening_build,CC,CFLAGS,DIR): DIR/mdriver-NAME for every name in
# HARD_VARIANTS, each from its own object directory DIR/obj-NAME.
define hardening_build
	@mkdir -p $(3)
	@for v in $(HARD_VARIANTS); do \
	  $(MAKE) -s --no-print-directory CC=$(1) CFLAGS="$(2)" BUILD=$(3)/obj-$$v \
	    OUT=$(3)/mdriver-$$v NAME=$$v \
	    MM="$$($(MAKE) -s --no-print-directory print-variant-src V=$$v)" \
	    DEFS="$$($(MAKE) -s --no-print-directory print-variant-defs V=$$v)" || exit 1; \
	done
endef

print-hard-variants:
	@echo $(HARD_VARIANTS)

.PHONY: print-hard-variants asan asan-check werror fuzz fuzz-regress fuzz-ci stress stress-ci oom-check valgrind

asan:
	$(call hardening_build,$(CC),$(ASAN_CFLAGS),$(ASAN_DIR))
	@echo "asan: built$(foreach v,$(HARD_VARIANTS), $(ASAN_DIR)/mdriver-$(v))"

asan-check:
	@tests/run t-hard-asan.sh

werror:
	$(call hardening_build,gcc,-O2 -g -Werror,build/werror/gcc)
	$(call hardening_build,clang,-O2 -g -Werror,build/werror/clang)
	@echo "werror: gcc and clang builds clean under $(WARN) -Werror"

# ---- fuzzing (clang + libFuzzer) ----
FUZZ_CC     = clang
FUZZ_DIR    = build/fuzz
FUZZ_FLAGS  = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
# A small simulated heap: a trace asking for much runs out of memory fast.
FUZZ_HEAP   = 16777216
FUZZ_SRCS   = fuzz/fuzz_trace.c trace.c validate.c mm_api.c memlib.c
FUZZ_TARGET = fuzz-trace
SECONDS     = 60
CI_FUZZ_SECONDS = 60
FUZZ_ARGS   = -timeout=20 -rss_limit_mb=2048 -max_len=8192 -dict=fuzz/trace.dict \
              -print_final_stats=1

$(FUZZ_DIR)/fuzz-trace: $(FUZZ_SRCS) allocators/naive.c $(wildcard *.h)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE $(FUZZ_FLAGS) $(WARN) -DMAX_HEAP=$(FUZZ_HEAP) -I. -Icompat \
	  -o $@ $(FUZZ_SRCS) allocators/naive.c

$(FUZZ_DIR)/fuzz-mm: $(FUZZ_SRCS) mm.c $(wildcard *.h)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE $(FUZZ_FLAGS) $(WARN) -DMAX_HEAP=$(FUZZ_HEAP) \
	  -DFUZZ_CHECK_HEAP=1 -I. -Icompat -o $@ $(FUZZ_SRCS) mm.c

fuzz: $(FUZZ_DIR)/$(FUZZ_TARGET)
	@mkdir -p $(FUZZ_DIR)/corpus-$(FUZZ_TARGET) $(FUZZ_DIR)/crashes
	@echo "fuzz: $(FUZZ_TARGET) for $(SECONDS) s (log: $(FUZZ_DIR)/$(FUZZ_TARGET).log)"
	@$(FUZZ_DIR)/$(FUZZ_TARGET) -max_total_time=$(SECONDS) $(FUZZ_ARGS) \
	  -artifact_prefix=$(FUZZ_DIR)/crashes/ \
	  $(FUZZ_DIR)/corpus-$(FUZZ_TARGET) fuzz/corpus >$(FUZZ_DIR)/$(FUZZ_TARGET).log 2>&1; \
	rc=$$?; \
	grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' \
	  $(FUZZ_DIR)/$(FUZZ_TARGET).log | sed 's/^/fuzz: /'; \
	echo "fuzz: corpus $$(ls $(FUZZ_DIR)/corpus-$(FUZZ_TARGET) | wc -l) inputs"; \
	if [ $$rc -ne 0 ]; then \
	  grep -E 'ERROR|SUMMARY|runtime error|Test unit written' $(FUZZ_DIR)/$(FUZZ_TARGET).log; \
	  echo "fuzz: FAILED (exit $$rc): copy the crash input into fuzz/regressions/"; \
	fi; \
	exit $$rc

fuzz-regress: $(FUZZ_DIR)/fuzz-trace $(FUZZ_DIR)/fuzz-mm
	@for t in fuzz-trace fuzz-mm; do \
	  $(FUZZ_DIR)/$$t $(FUZZ_ARGS) fuzz/corpus/* $(wildcard fuzz/regressions/*) \
	    >$(FUZZ_DIR)/$$t-regress.log 2>&1 \
	  || { tail -n 30 $(FUZZ_DIR)/$$t-regress.log; echo "fuzz-regress: $$t FAILED"; exit 1; }; \
	done; \
	echo "fuzz-regress: $$(ls fuzz/corpus | wc -l) corpus and \
	$$(ls fuzz/regressions | grep -v README | wc -l) regression inputs pass both targets"

fuzz-ci: fuzz-regress
	@$(MAKE) -s --no-print-directory fuzz SECONDS=$(CI_FUZZ_SECONDS)

# ---- differential random stress ----
SEEDS = 200
FIRST = 1
OPS   = 400
HUGE  = 4194304
TOTAL = 134217728
STRESS_GEN = build/stress/stress-gen

$(STRESS_GEN): stress/stress-gen.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -g $(WARN) -o $@ $<

# The drivers stress runs: ./mdriver-NAME for every variant (make variants),
# before variants.mk build/stress/mdriver-{default,naive}; with STRESS_ASAN=1
# the ASan builds.
ifeq ($(STRESS_ASAN),1)
STRESS_DRIVERS = $(HARD_VARIANTS:%=$(ASAN_DIR)/mdriver-%)
stress-drivers: asan
else ifneq ($(strip $(VARIANTS)),)
STRESS_DRIVERS = $(VARIANTS:%=./mdriver-%)
stress-drivers: variants
else
STRESS_DRIVERS = $(HARD_VARIANTS:%=build/stress/mdriver-%)
stress-drivers:
	$(call hardening_build,$(CC),$(CFLAGS),build/stress)
endif
.PHONY: stress-drivers

stress: $(STRESS_GEN) stress-drivers
	@$(if $(filter 1,$(STRESS_ASAN)),$(SAN_ENV)) stress/stress.sh -n $(SEEDS) -s $(FIRST) \
	  -o $(OPS) -H $(HUGE) -m $(TOTAL) -g $(STRESS_GEN) $(STRESS_DRIVERS)

# ---- out of memory ----
oom-check:
	@tests/run t-hard-oom.sh

valgrind:
	@tests/run t-hard-valgrind.sh

.DEFAULT_GOAL := $(hardening_saved_goal)
