# mk/fuzz.mk: libFuzzer harnesses for every parser of untrusted input
# (tests/fuzz/fuzz_*.c), built with clang, ASan and UBSan straight from
# src/. `make fuzz` runs each for FUZZ_SECONDS (300); `make fuzz-short`
# for 15 s each (part of make check through t_fuzz_short.sh). Seeds are in
# tests/fuzz/corpus/NAME; the growing corpus stays in build-fuzz/.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 300
FUZZ_DIR     := build-fuzz
FUZZERS      := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS   = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE \
	-DDFO_VERSION='"fuzz"' -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

.PHONY: fuzz fuzz-short fuzz-build
fuzz-build: $(FUZZERS:%=$(FUZZ_DIR)/fuzz_%)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(wildcard src/*.h)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRC) $(LIBS)

fuzz: fuzz-build
	@for f in $(FUZZERS); do \
		mkdir -p $(FUZZ_DIR)/corpus-$$f; \
		echo "== fuzz_$$f for $(FUZZ_SECONDS) s"; \
		(cd $(FUZZ_DIR) && LSAN_OPTIONS=suppressions=../tests/fuzz/lsan.supp ./fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 \
			-print_final_stats=1 corpus-$$f ../tests/fuzz/corpus/$$f > fuzz_$$f.log 2>&1); \
		rc=$$?; \
		grep -E "^stat::number_of_executed_units|ERROR|SUMMARY|Test unit written" $(FUZZ_DIR)/fuzz_$$f.log; \
		[ $$rc -eq 0 ] || { tail -40 $(FUZZ_DIR)/fuzz_$$f.log; exit 1; }; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=15
