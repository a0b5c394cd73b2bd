# The two commands: `make run` and `make test`. Both install what is missing first.
PRESET ?= release
BUILD := build/$(PRESET)
LISTEN ?= 127.0.0.1:8080
DATA ?= marquee-data

.PHONY: deps build run test bench format clean

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

run: build
	$(BUILD)/marquee serve --listen $(LISTEN) --data $(DATA) --demo

test: build
	ctest --preset $(PRESET) -j2

bench: build
	bench/run

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf build
