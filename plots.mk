# plots.mk - pictures of the variants and the production allocators
# (included by the Makefile; see plots/README.md).
#
#   make plots                 every variant and the production allocators
#                              over $(TRACES): CSV in plots/data/, PNG and
#                              SVG in plots/ (needs gnuplot); the quick sweep
#                              (below), two variants at a time
#   make plots FULL=1          the full sweep, one variant at a time
#   make compare               glibc (as shipped and tuned), jemalloc,
#                              mimalloc and tcmalloc over $(TRACES): a table,
#                              and plots/data/compare.csv
#   make figures               make plots FULL=1, then copy the PNGs, the
#                              tables and the machine description to
#                              plots/figures/ for plots/README.md (the
#                              committed figures are from the full sweep;
#                              figures.sh prints the command it ran)
#
# Settings: TRACES=dir (default traces), TRACE=file (the trace of the
# footprint and histogram pictures), PLOT_VARIANTS="a b" (the footprint
# picture's variants), HIST_VARIANT=name, SCALE_SIZES="1000 10000 ...",
# SCALE_LIMIT=secs, TIME_LIMIT=secs (timed replays, per trace),
# UTIL_LIMIT=secs (correctness pass, per trace), PLOTS_OUT=dir (default
# plots), PLOTS_JOBS=N (variants and production allocators replayed at
# once: 2, with FULL=1 one, so that no timing shares the machine with
# another).
#
# The full sweep (FULL=1) times with the drivers of `make variants`
# (TIMED_REPLAYS=11 of config.h), each allocator beside the C library (a
# production allocator beside the default variant) as the driver does by
# default, within TIME_LIMIT=10 s a trace (its correctness pass included),
# replays each trace's correctness pass in a run of its own within
# UTIL_LIMIT=300 s, and the scaling traces within SCALE_LIMIT=20 s. The
# quick sweep (default; 2.5 minutes on 2 cores from a fresh clone) uses
# drivers built with TIMED_REPLAYS=$(PLOTS_REPLAYS) into BUILDROOT/plots/,
# replays each variant once: its correctness pass within UTIL_LIMIT=3 s,
# then its timed replays alone (--ref none) within TIME_LIMIT=1 s of their
# own (--time-limit); times each production allocator alone (--ref-only),
# and the scaling traces within SCALE_LIMIT=1 s. What that leaves out:
# the implicit-list variants, whose every search walks the heap, lose the
# largest traces (utilization and time), the means are over the traces
# every variant replayed (plots/README.md), so they cover fewer traces,
# the slow variants' scaling lines stop a size or two earlier, and
# throughput is coarser.

TRACES      ?= traces
PLOTS_OUT   ?= plots
ifeq ($(FULL),1)
PLOTS_JOBS  ?= 1
PLOTS_BUILD  = BUILDROOT=$(BUILDROOT) BINDIR=$(BINDIR)
PLOTS_BINDIR = $(BINDIR)
TIME_LIMIT  ?= 10
UTIL_LIMIT  ?= 300
SCALE_LIMIT ?= 20
else
PLOTS_JOBS  ?= 2
PLOTS_REPLAYS = 3
PLOTS_BUILD  = BUILDROOT=$(BUILDROOT)/plots BINDIR=$(BUILDROOT)/plots TIMED_REPLAYS=$(PLOTS_REPLAYS)
PLOTS_BINDIR = $(BUILDROOT)/plots
TIME_LIMIT  ?= 1
UTIL_LIMIT  ?= 3
SCALE_LIMIT ?= 1
endif
SCALE_SIZES ?= 1000 3000 10000 30000 100000
PLOTS_ENV    = MAKE="$(MAKE)" TRACES="$(TRACES)" PLOTS_OUT="$(PLOTS_OUT)" \
               TRACE="$(TRACE)" PLOT_VARIANTS="$(PLOT_VARIANTS)" HIST_VARIANT="$(HIST_VARIANT)" \
               SCALE_SIZES="$(SCALE_SIZES)" SCALE_LIMIT="$(SCALE_LIMIT)" \
               TIME_LIMIT="$(TIME_LIMIT)" UTIL_LIMIT="$(UTIL_LIMIT)" \
               PLOTS_BUILD="$(PLOTS_BUILD)" PLOTS_BINDIR="$(PLOTS_BINDIR)" PLOTS_JOBS="$(PLOTS_JOBS)" \
               TOOLS_BIN="$(TOOLS_BIN)" FULL="$(FULL)"

.PHONY: plots plots-data compare figures figures-full plots-peakgaps

# Every driver and the trace tools first, PLOTS_JOBS at a time; what fails
# here is built again, with its errors, by the script that needs it.
plots:
	@plots/render.sh --check
	@-$(MAKE) -s --no-print-directory -k -j$(PLOTS_JOBS) $(PLOTS_BUILD) TOOLS_BIN="$(TOOLS_BIN)" tools \
	   $(VARIANTS:%=$(PLOTS_BINDIR)/mdriver-%) >/dev/null 2>&1
	@$(PLOTS_ENV) COMPARE_TABLE=0 plots/compare.sh
	@$(PLOTS_ENV) plots/collect.sh
	@$(PLOTS_ENV) plots/render.sh
	@$(PLOTS_ENV) plots/heapmap.sh

# The CSV only (no gnuplot needed).
plots-data:
	@$(PLOTS_ENV) plots/collect.sh

compare:
	@$(PLOTS_ENV) plots/compare.sh

figures:
	@$(MAKE) -s --no-print-directory FULL=1 figures-full
figures-full:
	@$(PLOTS_ENV) plots/figures.sh

# plots/peakgaps linked with the objects of variant PEAKGAPS_VARIANT
# (collect.sh uses it).
PEAKGAPS_OUT ?= $(BUILDROOT)/peakgaps-$(PEAKGAPS_VARIANT)
plots-peakgaps: $(PEAKGAPS_OUT)
$(PEAKGAPS_OUT): plots/peakgaps.c $(addprefix $(call driver_dir,$(PEAKGAPS_VARIANT))/,trace.o memlib.o) \
                 $(addprefix $(BUILDROOT)/variant-$(PEAKGAPS_VARIANT)/,mm_api.o mm-under-test.o)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(WARN) -o $@ $^
