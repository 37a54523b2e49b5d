# make test : create .venv if missing, install requirements.txt, run the tests
# make lint : ruff check + ruff format --check
# make plan STACK=dev [ARGS='-c retentionHours=72'] : offline plan of a stack
# make change STACK=prod ARGS='-c brokerCount=6' : offline change preview (update / replace / blocked)
PYTHON ?= python3
STACK  ?= dev
ARGS   ?=
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test lint plan change format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

plan: $(STAMP)
	$(BIN)/python -m tools.plan $(STACK) $(ARGS)

change: $(STAMP)
	$(BIN)/python -m tools.change $(STACK) $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
