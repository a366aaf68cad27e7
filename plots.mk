# plots.mk - pictures of the variants and the production allocators
# (included by the Makefile; see plots/README.md).
#
#   make plots                 every variant and the production allocators
#                              over $(TRACES): CSV in plots/data/, PNG and
#                              SVG in plots/ (needs gnuplot)
#   make compare               glibc (as shipped and tuned), jemalloc,
#                              mimalloc and tcmalloc over $(TRACES): a table,
#                              and plots/data/compare.csv
#   make figures               make plots, then copy the PNGs, the tables and
#                              the machine description to plots/figures/ for
#                              plots/README.md
#
# Settings: TRACES=dir (default traces), TRACE=file (the trace of the
# footprint and histogram pictures), PLOT_VARIANTS="a b" (the footprint
# picture's variants), HIST_VARIANT=name, SCALE_SIZES="1000 10000 ...",
# SCALE_LIMIT=secs, TIME_LIMIT=secs (timed run, per trace), UTIL_LIMIT=secs
# (correctness pass, per trace), PLOTS_OUT=dir (default plots).

# The Makefile includes this file before its own first target: keep it the
# default goal.
plots_default_goal := $(.DEFAULT_GOAL)

TRACES      ?= traces
PLOTS_OUT   ?= plots
PLOTS_ENV    = MAKE="$(MAKE)" TRACES="$(TRACES)" PLOTS_OUT="$(PLOTS_OUT)" \
               TRACE="$(TRACE)" PLOT_VARIANTS="$(PLOT_VARIANTS)" HIST_VARIANT="$(HIST_VARIANT)" \
               SCALE_SIZES="$(SCALE_SIZES)" SCALE_LIMIT="$(SCALE_LIMIT)" \
               TIME_LIMIT="$(TIME_LIMIT)" UTIL_LIMIT="$(UTIL_LIMIT)"

.PHONY: plots plots-data compare figures plots-peakgaps

plots:
	@plots/render.sh --check
	@$(PLOTS_ENV) plots/compare.sh
	@$(PLOTS_ENV) plots/collect.sh
	@$(PLOTS_ENV) plots/render.sh
	@$(PLOTS_ENV) plots/heapmap.sh

# The CSV only (no gnuplot needed).
plots-data:
	@$(PLOTS_ENV) plots/collect.sh

compare:
	@$(PLOTS_ENV) plots/compare.sh

figures:
	@$(PLOTS_ENV) plots/figures.sh

# plots/peakgaps linked with one variant's objects (collect.sh uses it).
PEAKGAPS_BUILD ?= $(BUILD)
PEAKGAPS_OUT   ?= $(PEAKGAPS_BUILD)/peakgaps
plots-peakgaps: $(PEAKGAPS_OUT)
$(PEAKGAPS_OUT): plots/peakgaps.c $(addprefix $(PEAKGAPS_BUILD)/,trace.o memlib.o mm_api.o mm-under-test.o)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(WARN) -o $@ $^

.DEFAULT_GOAL := $(plots_default_goal)
