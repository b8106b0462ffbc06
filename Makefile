# Everything a fresh clone needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast test-browser bench bench-peers lint format demo clean

install: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# ical.js (Mozilla's parser) validates our ICS in tests; skipped when npm is absent.
$(NODE_STAMP): package.json
	@if command -v npm >/dev/null 2>&1; then npm install --silent --no-audit --no-fund && touch $(NODE_STAMP); \
	else echo "npm absent: ICS tests with ical.js will be skipped"; fi

run: install
	$(BIN)/agenda migrate --noinput
	$(BIN)/agenda load_demo
	$(BIN)/agenda serve --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/agenda migrate --noinput
	$(BIN)/agenda load_demo

# Two workers (pytest-xdist): the machines have two cores. The browser tests run once, as
# deployed (nginx → gunicorn, DEBUG=false): one server for the run, so in one process.
test: install
	$(BIN)/pytest -n 2 --dist loadgroup -m 'not browser'
	$(BIN)/pytest -m browser

test-fast: install
	$(BIN)/pytest -n 2 --dist loadgroup -m 'not browser'

test-browser: install
	$(BIN)/pytest -m browser

# One run, within 20 minutes on the 2-core machine (issue 9): bench.run's generated pages and
# imported databases are handed on (BENCH_WORK) to bench.search, and to bench.publish, which
# publishes 4,000 and 40,000 events.
BENCH_WORK := bench/out/work
bench: install
	@started=$$(date +%s); status=0; \
	$(BIN)/python -m bench.run --workdir $(BENCH_WORK) \
	&& $(BIN)/python -m bench.search --from $(BENCH_WORK) \
	&& $(BIN)/python -m bench.checks 10000 \
	&& $(BIN)/python -m bench.hostile 1730 \
	&& $(BIN)/python -m bench.extraction \
	&& $(BIN)/python -m bench.registrations \
	&& $(BIN)/python -m bench.publish --sizes 4000,40000 --from $(BENCH_WORK) || status=$$?; \
	rm -rf $(BENCH_WORK); \
	echo "make bench : $$(( $$(date +%s) - started )) s en tout"; exit $$status

# Not in CI: pretalx installed from PyPI into bench/.peers/ (docs/performance.md).
bench-peers: install
	$(BIN)/python -m bench.peers

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules agenda.sqlite3* staticfiles
