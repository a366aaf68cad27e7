# class.mk - grading a whole class (included by the Makefile).
#
#   make grade-class SUBMISSIONS=DIR  grade every NAME.c / NAME/ of DIR into
#                            CLASS_OUT (default class-out): class.csv, json/,
#                            class.png (tools/grade-class; JOBS=N at once,
#                            default the cores)
#   make gradescope          autograder.zip: setup.sh, run_autograder and the
#                            lab, for a Gradescope programming assignment
#   make autolab             autograde.tar and autograde-Makefile for Autolab
#                            (both bundles into BUNDLE_OUT, default .)
#
# All three replay TRACES (default traces) with a limit of SECS (default
# 60) seconds per trace; CLASS_FLAGS='RULES=... ALIGNMENT=...' goes to
# every submission's build. See README.md, "Grading a class".
SUBMISSIONS ?=
CLASS_OUT   ?= class-out
JOBS        ?=
SECS        ?= 60
CLASS_FLAGS ?=
TRACES      ?= traces
BUNDLE_OUT  ?= .

.PHONY: grade-class gradescope autolab
grade-class:
	@test -n "$(SUBMISSIONS)" || { echo "make grade-class SUBMISSIONS=DIR (a folder of NAME.c files or NAME/ folders)"; exit 2; }
	tools/grade-class $(if $(JOBS),-j $(JOBS)) -t $(TRACES) -s $(SECS) $(SUBMISSIONS) $(CLASS_OUT) $(CLASS_FLAGS)

# The lab as the bundles carry it: what builds the driver around a
# student's file (not the lab's own mm.c), the sandbox, grade-one, and
# TRACES as traces/.
BUNDLE_FILES = Makefile $(wildcard *.mk *.h) $(DRIVER_SRCS) compat tools/sandbox tools/grade-one tools/mm-facts.sh
BUNDLE_DIR   = $(BUILD)/bundle

# bundle DIR: the lab into DIR, SECS into DIR/.time-limit
define bundle
	rm -rf $(1) && mkdir -p $(1)/tools $(1)/traces
	cp -R $(filter-out tools/%,$(BUNDLE_FILES)) $(1)/
	cp $(filter tools/%,$(BUNDLE_FILES)) $(1)/tools/
	cp -R $(TRACES)/. $(1)/traces/
	echo $(SECS) > $(1)/.time-limit
endef

gradescope:
	$(call bundle,$(BUNDLE_DIR)/gradescope)
	cp tools/gradescope/setup.sh tools/gradescope/run_autograder $(BUNDLE_DIR)/gradescope/
	rm -f $(BUNDLE_OUT)/autograder.zip && cd $(BUNDLE_DIR)/gradescope && zip -qr $(abspath $(BUNDLE_OUT))/autograder.zip .
	@echo "$(BUNDLE_OUT)/autograder.zip: upload it as the autograder of a Gradescope programming assignment"

autolab:
	$(call bundle,$(BUNDLE_DIR)/autolab/lab)
	echo 'SECS ?= $(SECS)' | cat - tools/autolab/autograde-Makefile > $(BUNDLE_OUT)/autograde-Makefile
	tar -cf $(BUNDLE_OUT)/autograde.tar -C $(BUNDLE_DIR)/autolab lab
	@echo "$(BUNDLE_OUT)/autograde.tar, $(BUNDLE_OUT)/autograde-Makefile: the files of an Autolab assessment (problem: perf_index)"
