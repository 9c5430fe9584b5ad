# The same small set of tools runs locally and in CI (.ci/run).
.PHONY: install test test-postgres lint format typecheck check docs docs-check messages

VENV ?= .venv
BIN := $(VENV)/bin

install:
	python3 -m venv $(VENV) && $(BIN)/pip install -q -e '.[test]'

test:
	$(BIN)/pytest

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ssrmonitor_dev} $(BIN)/pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck:
	$(BIN)/mypy

check:
	SSRMONITOR_HOME=$$(mktemp -d) $(BIN)/ssrmonitor makemigrations --check --dry-run
	SSRMONITOR_HOME=$$(mktemp -d) $(BIN)/ssrmonitor check

# The CLI reference in docs/cli.md is generated from --help with cog.
docs:
	SSRMONITOR_HOME=$$(mktemp -d) $(BIN)/cog -r docs/cli.md

docs-check:
	SSRMONITOR_HOME=$$(mktemp -d) $(BIN)/cog --check docs/cli.md

# Extract and compile translations (needs GNU gettext; the compiled .mo files are committed).
messages:
	cd src/ssrmonitor && SSRMONITOR_HOME=$$(mktemp -d) $(abspath $(BIN))/ssrmonitor makemessages -l fr -l ar -l pt -l es --no-obsolete --ignore 'tests/*' --ignore 'testing/*' && SSRMONITOR_HOME=$$(mktemp -d) $(abspath $(BIN))/ssrmonitor compilemessages
