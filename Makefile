# make plan STACK=dev [ARGS='-c retentionHours=72'] : offline plan of a stack (installs requirements.txt)
# make change STACK=prod ARGS='-c brokerCount=6' : offline change preview (update / replace / blocked)
# make test : the unit tier, all under mocks (installs requirements-dev.txt: requirements.txt and the test tooling)
# make test-e2e : the end-to-end tier: bin/, make, venvs, the wheel, cfn-lint as processes, and the largest stacks
# make test-jvm : the JVM tier: real Kafka 3.8 brokers judge server properties, topics, SCRAM users (needs java, mvn)
# make test-cli : the CLI tier: the real Pulumi CLI (built once from the Go module proxy) judges how stack files are read
# make test-connector : the connector tier: the real Snowflake connector (jars a session built from source) judges every connector configuration, and the real Schema Registry (jvm/registry/build.sh) a DR stack's standby registry
# make lint : ruff check + ruff format --check
# make generate : write what repeats the components' models (docs key tables, provider/schema.json); make check-generated : fail if one is stale
#
# The environment is .venv, made and kept by bin/venv: Python 3.11 or newer (PYTHON=...),
# rebuilt when another Python made it, each requirements file installed when it changed.
PYTHON ?= python3
STACK  ?= dev
ARGS   ?=
VENV   := .venv
BIN    := $(VENV)/bin
# A stamp of its own for the plan's requirements (tests pass one); the default is bin/venv's.
STAMP  ?=

.PHONY: test test-e2e test-jvm test-cli test-connector generate check-generated lint plan change format clean runtime tooling

# Recipes are silent (@) and the set-up writes to stderr: stdout carries only
# the tool's output, so `make plan ARGS=--json | jq` parses.
runtime:
	@PYTHON="$(PYTHON)" VENV="$(VENV)" $(if $(STAMP),STAMP="$(STAMP)") bin/venv requirements.txt

tooling:
	@PYTHON="$(PYTHON)" VENV="$(VENV)" bin/venv requirements-dev.txt

test: tooling
	@$(BIN)/python -m pytest
	@echo "(the unit tier; the others: make test-e2e, make test-jvm, make test-cli, make test-connector)" >&2

test-e2e: tooling
	@$(BIN)/python -m pytest -m e2e

# One test process: the brokers the tests start already use both cores.
test-jvm: tooling
	@$(BIN)/python -m pytest -m jvm -n 0 tests/jvm

# The CLI tier: tools/pulumi_cli.sh builds the CLI from the Go module proxy the first time (cached).
# The checks that run the program in the real engine need the Python language host, which only a
# session builds (from a fetched pulumi/pulumi source): they run where one is found.
HOSTS ?= $(HOME)/.cache/pulumi-kit/hosts/bin274
test-cli: tooling
	@if [ -x "$(HOSTS)/pulumi-language-python" ]; then \
	  PULUMI_CLI="$$(tools/pulumi_cli.sh)" PULUMI_LANGUAGE_HOSTS="$(HOSTS)" $(BIN)/python -m pytest -m cli tests/cli; \
	else \
	  echo "test-cli: no Python language host in $(HOSTS): the program-level checks do not run (build the hosts: docs/development.md, the CLI tier)" >&2; \
	  PULUMI_CLI="$$(tools/pulumi_cli.sh)" $(BIN)/python -m pytest -m "cli and not cli_hosts" tests/cli; \
	fi

# The connector tier: the Snowflake connector's jars are built from their tagged sources by a
# session (docs/development.md, the connector tier); where they are not, one line says so.
CONNECTOR_KIT_HOME ?= $(HOME)/.cache/connector-kit
CONNECTOR_JARS := $(foreach v,4.1.0 3.5.4,$(CONNECTOR_KIT_HOME)/out/snowflake-kafka-connector-$(v).jar)
# The Schema Registry server the standby-registry test runs (jvm/registry/build.sh installs it).
REGISTRY_JAR := $(HOME)/.m2/repository/io/confluent/kafka-schema-registry/7.9.2/kafka-schema-registry-7.9.2.jar
test-connector: tooling
	@if ls $(CONNECTOR_JARS) >/dev/null 2>&1; then \
	  if [ -f "$(REGISTRY_JAR)" ]; then without=""; else without="--ignore=tests/connector/test_standby_registry.py"; \
	    echo "test-connector: no Schema Registry server in ~/.m2: the standby-registry test does not run (build it: jvm/registry/build.sh)" >&2; fi; \
	  CONNECTOR_KIT_HOME="$(CONNECTOR_KIT_HOME)" $(BIN)/python -m pytest -m connector -n 0 tests/connector $$without; \
	else \
	  echo "test-connector: no Snowflake connector jars in $(CONNECTOR_KIT_HOME)/out: the connector tier does not run (build them: docs/development.md, the connector tier)" >&2; \
	fi

plan: runtime
	@$(BIN)/python -m tools.plan $(STACK) $(ARGS)

change: runtime
	@$(BIN)/python -m tools.change $(STACK) $(ARGS)

generate: runtime
	@$(BIN)/python -m tools.generate

check-generated: runtime
	@$(BIN)/python -m tools.generate --check

lint: tooling
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: tooling
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
