# make test : create .venv if missing, install requirements.txt, run the Python tests
# make test-jvm : the JVM tier: real Kafka 3.8 brokers judge server properties, topics, SCRAM users (needs java, mvn)
# make lint : ruff check + ruff format --check
# make plan STACK=dev [ARGS='-c retentionHours=72'] : offline plan of a stack
# make change STACK=prod ARGS='-c brokerCount=6' : offline change preview (update / replace / blocked)
PYTHON ?= python3
STACK  ?= dev
ARGS   ?=
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test test-jvm lint plan change format clean

# Recipes are silent (@) and the set-up writes to stderr: stdout carries only
# the tool's output, so `make plan ARGS=--json | jq` parses.
$(BIN)/python:
	@echo "first run: creating the Python environment in $(VENV) (about a minute while pip installs requirements.txt)" >&2
	@$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	@echo "installing requirements.txt into $(VENV) ..." >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt >&2
	@touch $(STAMP)

test: $(STAMP)
	@$(BIN)/python -m pytest
	@echo "(the JVM tier, real Kafka brokers judging what the plans write, is not part of this: make test-jvm)" >&2

# One test process: the brokers the tests start already use both cores.
test-jvm: $(STAMP)
	@$(BIN)/python -m pytest -m jvm -n 0 tests/jvm

plan: $(STAMP)
	@$(BIN)/python -m tools.plan $(STACK) $(ARGS)

change: $(STAMP)
	@$(BIN)/python -m tools.change $(STACK) $(ARGS)

lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: $(STAMP)
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
