# Makefile — the front door. Meson and Ninja do the building; this file names the
# few things people do: run the demo, run the tests, fuzz, benchmark.
#
#   make demo    install what is missing, build, load the demo plan, serve it on
#                http://127.0.0.1:8080/ (DEMO_LISTEN) until Ctrl+C
#   make check   install what is missing, build with sanitizers, run every test
#   make fuzz    run each libFuzzer target for FUZZ_SECONDS (default 300)
#   make bench   run the benchmarks in bench/ and print their figures

BUILD        ?= build
CHECK_BUILD  ?= build-check
FUZZ_BUILD   ?= build-fuzz
DEMO_DB      ?= demo.db
DEMO_LISTEN  ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 300

.PHONY: all deps build demo check fuzz bench install clean

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=release

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@$(BUILD)/jalon --db $(DEMO_DB) init >/dev/null
	@$(BUILD)/jalon --db $(DEMO_DB) import data/demo/plan.csv \
		--title "Schéma directeur du numérique 2025-2029" \
		--organisation "Université de Val-de-Loire-Atlantique" \
		--organisation-kind universite --period 2025-2029 --status adopte \
		--id sdn-2025-2029 >/dev/null
	@$(BUILD)/jalon --db $(DEMO_DB) plan sdn-2025-2029 --envelope "5 000 000" >/dev/null
	@$(BUILD)/jalon --db $(DEMO_DB) import-budget sdn-2025-2029 data/demo/budget.csv
	@$(BUILD)/jalon --db $(DEMO_DB) import-milestones sdn-2025-2029 data/demo/milestones.csv
	@$(BUILD)/jalon --db $(DEMO_DB) import-instances sdn-2025-2029 data/demo/instances.csv
	@$(BUILD)/jalon --db $(DEMO_DB) baseline sdn-2025-2029 adoption
	@$(BUILD)/jalon --db $(DEMO_DB) tree sdn-2025-2029 | tail -6
	@echo "Plan de démonstration chargé dans $(DEMO_DB) ; ouvrez l'adresse ci-dessous."
	@$(BUILD)/jalon --db $(DEMO_DB) ui --listen $(DEMO_LISTEN)

check: deps
	@sh scripts/check.sh

fuzz: deps
	@sh scripts/fuzz.sh $(FUZZ_SECONDS)

bench: build
	@bash bench/run.sh

install: build
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(CHECK_BUILD) $(FUZZ_BUILD) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
