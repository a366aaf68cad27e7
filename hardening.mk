# hardening.mk - sanitizer builds, warnings, fuzzing, random stress
# (included by the Makefile; see RELIABILITY.md for what each check does).
#
#   make asan               ASan+UBSan drivers of every variant of VARIANTS:
#                           BUILDROOT/asan/mdriver-NAME
#   make asan-check         the shipped and classic traces under them
#                           (tests/t-hard-asan.sh)
#   make WERROR=1 ...       any build with -Werror added to CFLAGS
#   make werror             every variant with -Werror, under gcc and clang
#                           (make werror-gcc, werror-clang: one of them) in
#                           BUILDROOT/werror-gcc/ and BUILDROOT/werror-clang/
#   make fuzz SECONDS=N     libFuzzer on the trace reader + validator for N s
#                           (FUZZ_TARGET=fuzz-mm: with mm.c and -c instead)
#   make fuzz-regress       replay fuzz/regressions and fuzz/corpus once
#   make fuzz-ci            fuzz-regress, then `make fuzz` for CI_FUZZ_SECONDS
#   make stress SEEDS=N     N random traces through every variant with -c
#                           (FIRST=S first seed, OPS=N ops a trace,
#                           HUGE=BYTES largest request, TOTAL=BYTES cap on a
#                           trace's requests, STRESS_ASAN=1 through the ASan
#                           drivers; generator: BUILDROOT/stress/stress-gen)
#   make oom-check          heap-exhaustion check of every variant
#   make valgrind           the driver under valgrind (tests/t-hard-valgrind.sh)
#
# The drivers are the Makefile's variants (mdriver-NAME), built with other
# flags into another build root; HARD_VARIANTS="a b" builds fewer.

ifeq ($(WERROR),1)
override CFLAGS += -Werror
endif

SAN_FLAGS   = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_CFLAGS = -O1 -g $(SAN_FLAGS)
ASAN_DIR    = $(BUILDROOT)/asan
# Sanitizer reports abort the process, so in the driver's child a report
# fails the trace as "crashed with SIGABRT".
SAN_ENV     = ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
              UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1

# The allocators hardened: the allocator family.
HARD_VARIANTS = $(VARIANTS)

# $(call hardened_variants,DIR,MAKE-ARGS): DIR/mdriver-NAME of every name in
# HARD_VARIANTS, by the variant rule, built with MAKE-ARGS (CC, CFLAGS).
hardened_variants = $(MAKE) -s --no-print-directory BUILDROOT=$(1) BINDIR=$(1) $(2) \
                    $(HARD_VARIANTS:%=$(1)/mdriver-%)

.PHONY: asan asan-check werror werror-gcc werror-clang fuzz fuzz-regress fuzz-ci stress stress-ci oom-check valgrind

asan:
	@+$(call hardened_variants,$(ASAN_DIR),CFLAGS="$(ASAN_CFLAGS)")
	@echo "asan: built$(foreach v,$(HARD_VARIANTS), $(ASAN_DIR)/mdriver-$(v))"

asan-check:
	@tests/run t-hard-asan.sh

werror: werror-gcc werror-clang
	@echo "werror: gcc and clang builds clean under $(WARN) -Werror"
werror-gcc werror-clang:
	@+$(call hardened_variants,$(BUILDROOT)/$@,CC=$(@:werror-%=%) CFLAGS="-O2 -g -Werror")

# ---- fuzzing (clang + libFuzzer) ----
FUZZ_CC     = clang
FUZZ_DIR    = $(BUILDROOT)/fuzz
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
STRESS_GEN = $(BUILDROOT)/stress/stress-gen

$(STRESS_GEN): stress/stress-gen.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -g $(WARN) -o $@ $<

# The drivers stress runs: mdriver-NAME of every variant of HARD_VARIANTS
# (in BINDIR), with STRESS_ASAN=1 the ASan builds.
ifeq ($(STRESS_ASAN),1)
STRESS_DRIVERS = $(HARD_VARIANTS:%=$(ASAN_DIR)/mdriver-%)
stress-drivers: asan
else
STRESS_DRIVERS = $(HARD_VARIANTS:%=$(BINDIR)/mdriver-%)
stress-drivers: $(STRESS_DRIVERS)
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
