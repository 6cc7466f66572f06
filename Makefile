# Mötesplats: `make run` serves the site with demo content, `make test` runs every check.
PYTHON ?= python3.13
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run test lint chromium wrk constraints messages worker bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --group dev -c constraints.txt
	touch $@

install: $(BIN)/.installed ## Create the virtual environment from the pinned constraints

run: install ## Migrate, load demo content and serve on http://localhost:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

chromium: ## Install Debian's chromium for the browser tests (needs root)
	@command -v /usr/bin/chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install ## ruff, the import layers (pyproject.toml), Django's checks, the OpenAPI document
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=site:. $(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

test: install chromium lint ## Every test: unit, integration, browser and accessibility
	$(BIN)/python -m pytest

worker: install ## Run the background task worker (with TASKS_BACKEND=database)
	$(BIN)/python manage.py db_worker

wrk: ## Install Debian's wrk, the benchmark's load generator (needs root)
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: install wrk ## Load benchmark on PostgreSQL and Redis (see bench/README.md)
	$(BIN)/python bench/load.py

# Swedish is the source language: its catalogue maps every message of the English one to
# itself, so that no installed app's Swedish catalogue can translate the project's text,
# and adds locale/corrections/sv.po, our fixes of other projects' Swedish.
SV_PO := locale/sv/LC_MESSAGES/django.po
messages: install ## Update and compile the translation catalogues
	$(BIN)/python manage.py makemessages -l en --ignore var --ignore tests --ignore bench
	msgattrib --no-wrap --no-obsolete --clear-fuzzy locale/en/LC_MESSAGES/django.po \
		| msgfilter --no-wrap --keep-header sed -e d | msgen --no-wrap - \
		| sed 's/^"Language: en\\n"$$/"Language: sv\\n"/' > $(SV_PO)
	msgcat --no-wrap --use-first -o $(SV_PO) $(SV_PO) locale/corrections/sv.po
	$(BIN)/python manage.py compilemessages --ignore ".venv*" --ignore var

constraints: ## Re-pin every dependency after changing pyproject.toml
	rm -rf .venv-pin && $(PYTHON) -m venv .venv-pin
	.venv-pin/bin/python -m pip install --quiet --upgrade "pip>=25.1"
	.venv-pin/bin/python -m pip install --quiet --group dev
	.venv-pin/bin/python -m pip freeze --exclude pip > constraints.txt
