# Benchmarks (included by the top Makefile, after userland/userland.mk).
#
#   make bench                          Mosaic, then the Linux reference rig, one table
#   make bench BENCH_ARGS=--no-linux    Mosaic only
#   make bench BENCH_ARGS="--runs 3"    more boots per guest (default 2)
#   make bench BENCH_ARGS=--no-net      without the network part (2-node clusters per NIC)
#   make bench BENCH_ARGS="--net-only --nics e1000"   only that, on one NIC model
#
# Not a test: tools/bench.py prints figures and never fails on a missed
# target.  What each figure measures: docs/bench.md.

BENCH_ARGS ?=

.PHONY: bench
bench: all
	$(PYTHON) tools/bench.py --kernel $(B)/mosaic.elf --initrd $(INITRD) $(BENCH_ARGS)
