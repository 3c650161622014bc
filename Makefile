# Two commands: `make lab` and `make test`. Both create .venv on first use
# and reuse it afterwards (the stamp is rebuilt only when pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test bench release clean help

help:
	@echo "make lab     set up .venv and open JupyterLab on notebooks/"
	@echo "make test    set up .venv and run the test suite"
	@echo "make bench   run the benchmarks (kit against plain baselines)"
	@echo "make release build the student tree in release/"
	@echo "make clean   remove .venv and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "the kit needs Python 3.11 or newer, and $(PYTHON) is " + sys.version.split()[0] + ": run make with PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml jupyter-config/overrides.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter-config/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

# JupyterLab refuses to run as root without --allow-root (containers, some hubs)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

# .venv/bin comes first on PATH, so `kit` works in JupyterLab's terminals.
# LAB_ARGS passes options to JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port 8890 --ip 0.0.0.0"
lab: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

release: $(STAMP)
	$(BIN)/kit release release

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
