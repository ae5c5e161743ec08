# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test lint bench screenshots geodata clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/karabakh-atlas serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed-test lint
	bash scripts/ensure-browser.sh
	$(BIN)/python -m pytest --cov --cov-report=term $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	bash scripts/ensure-browser.sh
	$(BIN)/python -m bench

geodata: $(VENV)/.installed
	$(BIN)/python -m geodata.build

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .coverage
