# The two commands: `make run` and `make test`. Both install what is missing first.
PRESET ?= release
BUILD := build/$(PRESET)
LISTEN ?= 127.0.0.1:8080
DATA ?= marquee-data

FUZZ_SECONDS ?= 120

.PHONY: deps build run test test-sanitize fuzz-build fuzz bench format clean

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

run: build
	$(BUILD)/marquee serve --listen $(LISTEN) --data $(DATA) --demo

# The tests, then a few seconds of each fuzz target over its corpus (tests/fuzz/).
test: build fuzz-build
	ctest --preset $(PRESET) -j2
	ctest --preset fuzz

# The unit and integration tests again, built with AddressSanitizer and UBSan.
test-sanitize: deps
	@cmake --preset sanitize >/dev/null
	@cmake --build --preset sanitize
	ctest --preset sanitize -j2

fuzz-build: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz

# Each fuzz target for FUZZ_SECONDS, keeping what adds coverage in its corpus.
fuzz: fuzz-build
	@for t in build/fuzz/tests/fuzz/fuzz_*; do \
	  name=$$(basename $$t); echo "== $$name"; \
	  scripts/fuzz-run $$t tests/fuzz/corpus/$$name $(FUZZ_SECONDS) merge || exit 1; \
	done

bench: build
	bench/run

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf build
