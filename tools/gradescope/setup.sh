#!/usr/bin/env bash
# setup.sh - Gradescope runs this once, as root, to build the autograder's
# image (Ubuntu or Debian): the compilers and tools that tools/grade-one
# needs, from the distribution's packages. The lab is in /autograder/source.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends gcc make clang binutils python3 util-linux
