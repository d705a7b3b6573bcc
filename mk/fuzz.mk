# mk/fuzz.mk: libFuzzer harnesses for every parser of untrusted input
# (tests/fuzz/fuzz_*.c), built with clang, ASan and UBSan straight from
# src/ (not the gcc build) into build-fuzz/.
#   make fuzz          each harness for FUZZ_SECONDS (300) in turn
#   make fuzz-short    each for 15 s (make check runs it: t_fuzz_short)
#   make fuzz-regress  every saved crash input once (tests/fuzz/regress/NAME/)
# Seeds are in tests/fuzz/corpus/NAME; the corpus a run grows stays in
# build-fuzz/corpus-NAME and is reused by the next run. A crash input is
# saved as build-fuzz/crash-*; copy it to tests/fuzz/regress/NAME/ with the
# fix so it is replayed by every later run.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 300
FUZZ_DIR     ?= build-fuzz
FUZZ_SHORT_SECONDS ?= 15
FUZZERS      := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS   = -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) -std=gnu11 -D_GNU_SOURCE \
	-DDFO_VERSION='"fuzz"' -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_OBJ     := $(LIB_SRC:src/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_ENV      = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1

.PHONY: fuzz fuzz-short fuzz-build fuzz-regress

fuzz-build: $(FUZZERS:%=$(FUZZ_DIR)/fuzz_%)

# the library once, instrumented for coverage; each harness links it
.SECONDARY: $(FUZZ_OBJ)
$(FUZZ_DIR)/obj/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LIBS)

# replays tests/fuzz/regress/NAME/* (inputs that once crashed) and the seeds
fuzz-regress: fuzz-build
	@for f in $(FUZZERS); do \
		in=$$(ls -d tests/fuzz/regress/$$f/* tests/fuzz/corpus/$$f/* 2>/dev/null); \
		[ -n "$$in" ] || continue; \
		$(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$$f $$in > $(FUZZ_DIR)/regress_$$f.log 2>&1 || \
			{ echo "fuzz_$$f: a saved input fails again:"; tail -40 $(FUZZ_DIR)/regress_$$f.log; exit 1; }; \
		echo "fuzz_$$f: $$(echo "$$in" | wc -l) saved inputs replayed, no finding"; \
	done

fuzz: fuzz-regress
	@for f in $(FUZZERS); do \
		mkdir -p $(FUZZ_DIR)/corpus-$$f; \
		echo "== fuzz_$$f for $(FUZZ_SECONDS) s"; \
		(cd $(FUZZ_DIR) && $(FUZZ_ENV) ./fuzz_$$f -max_total_time=$(FUZZ_SECONDS) \
			-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
			corpus-$$f $(CURDIR)/tests/fuzz/corpus/$$f > fuzz_$$f.log 2>&1); \
		rc=$$?; \
		units=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_DIR)/fuzz_$$f.log); \
		grep -E "ERROR|SUMMARY|Test unit written" $(FUZZ_DIR)/fuzz_$$f.log; \
		[ $$rc -eq 0 ] && [ -n "$$units" ] || { echo "fuzz_$$f: FINDING (exit $$rc)"; tail -60 $(FUZZ_DIR)/fuzz_$$f.log; exit 1; }; \
		echo "fuzz_$$f: $$units inputs in $(FUZZ_SECONDS) s, corpus $$(ls $(FUZZ_DIR)/corpus-$$f | wc -l) files, no finding"; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SHORT_SECONDS)
