# mk/bench.mk: make bench (minutes; writes bench/results.md and .svg) and
# the reference implementations it runs beside dhcpfo.
BENCH_BIN := $(BUILD)/bench/ref_dlmod.so $(BUILD)/bench/ref_subagent $(BUILD)/bench/mcbulk \
	$(BUILD)/bench/loadgen $(BUILD)/bench/naive_subagent
BENCH_CFLAGS = -O2 -g -Wall -Wextra -Werror -Wno-unused-function $(shell net-snmp-config --cflags 2>/dev/null)

.PHONY: bench bench-smoke bench-build
bench-build: $(BENCH_BIN)

$(BUILD)/bench/ref_dlmod.so: bench/ref_dlmod.c bench/ref_table.h
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -fPIC -shared -o $@ $<

$(BUILD)/bench/ref_subagent: bench/ref_subagent.c bench/ref_table.h
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< $(SNMPLIBS)

$(BUILD)/bench/mcbulk: bench/mcbulk.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< $(shell net-snmp-config --libs 2>/dev/null)

$(BUILD)/bench/loadgen: bench/loadgen.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< $(shell net-snmp-config --libs 2>/dev/null) -lpthread

# the naive design, on the project's own sim backend and contract
$(BUILD)/bench/naive_subagent: bench/naive_subagent.c $(BUILD)/libdhcpfo.a
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $(SANFLAGS) -Isrc -o $@ $< $(BUILD)/libdhcpfo.a $(SNMPLIBS) $(LIBS)

bench: deps
	@$(MAKE) --no-print-directory $(AGENT) bench-build
	@BUILD=$(BUILD) bash bench/run.sh

bench-smoke: $(AGENT) bench-build
	@SMOKE=1 BUILD=$(BUILD) bash bench/run.sh
