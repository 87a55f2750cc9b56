# vanthu — thin targets; the work is in scripts/ and the `vanthu` CLI.
VENV   := .venv
PY     := $(VENV)/bin/python
VANTHU := $(VENV)/bin/vanthu
SHARED ?= ../shared

.PHONY: setup demo serve nightly test eval bench reliability lint golden samples clean-demo

setup:             ## install tesseract (apt) and the pinned Python deps into .venv
	@bash scripts/setup.sh

demo: setup        ## run the pipeline on the bundled sample inbox into data/curated/demo.duckdb
	@$(VANTHU) ingest data/samples --db data/curated/demo.duckdb
	@$(VANTHU) index --db data/curated/demo.duckdb >&2

serve: setup       ## the archivists' desk on the demo archive: http://127.0.0.1:8765/
	@$(VANTHU) serve --db data/curated/demo.duckdb

nightly: setup     ## the archivists' nightly run: data/raw -> data/curated/archive.duckdb, then its text index
	@rc=0; $(VANTHU) ingest data/raw --db data/curated/archive.duckdb || rc=$$?; \
	if [ $$rc -eq 0 ] || [ $$rc -eq 3 ]; then \
	  $(VANTHU) index --db data/curated/archive.duckdb --if-behind 200 >&2 || exit $$?; fi; \
	exit $$rc

test:              ## the test suite (what CI runs); also installs Chromium for the browser test
	@bash scripts/setup.sh --browser
	@$(PY) -m pytest -q

eval: setup        ## score every gold set the project keeps (and ../shared when present)
	@$(PY) scripts/eval_all.py --shared $(SHARED)

bench: setup       ## one table: speed against baselines measured in the same run (--quick: BENCH=--quick)
	@test -x .venv-bench/bin/ocrmypdf || (python3 -m venv .venv-bench && .venv-bench/bin/pip install -q ocrmypdf==17.13.0)
	@OCRMYPDF=.venv-bench/bin/ocrmypdf $(PY) scripts/bench_speed.py $(BENCH)

reliability: setup ## hostile inbox, memory under a 2 GB limit, linear extraction: table of cases
	@$(PY) scripts/reliability.py

samples: setup     ## regenerate the generated files in data/samples/ from their sources
	@$(PY) scripts/make_samples.py

golden: setup      ## re-record the OCR golden texts in tests/golden/ (review the diff)
	@$(PY) scripts/make_golden.py

lint: setup
	@$(PY) -m ruff check . && $(PY) -m ruff format --check .

clean-demo:
	rm -rf data/curated/demo.duckdb data/curated/demo.duckdb.wal data/curated/demo.cache
