# TailSafe: `make run` serves the app on http://127.0.0.1:8000, `make test` runs everything.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONPATH := src

.PHONY: run test lint format messages bench migrate demo worker chromium clean

# A Python >= 3.12 (Django 6): the first that runs among python3.13/3.12 on PATH and pyenv's.
PYTHON_BIN := $(shell tools/find_python.sh)

$(STAMP): requirements/dev.txt requirements/base.txt
	@test -n "$(PYTHON_BIN)" || { echo "Python >= 3.12 not found (see docs/stack notes in README)"; exit 1; }
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check uv
	UV_PYTHON_DOWNLOADS=never $(VENV)/bin/uv pip install -q -p $(PY) -r requirements/dev.txt
	@touch $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Starting the background worker (reminders, notifications) and the server on http://$(HOST):$(PORT)"
	@trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker & \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

worker: $(STAMP)
	$(PY) manage.py db_worker

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench tools
	$(VENV)/bin/ruff format --check src tests bench tools
	$(VENV)/bin/mypy src
	PYTHONPATH=src $(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff check --fix src tests bench tools
	$(VENV)/bin/ruff format src tests bench tools

chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq || sudo apt-get update -qq) && \
	  (apt-get install -y -qq --no-install-recommends chromium poppler-utils || \
	   sudo apt-get install -y -qq --no-install-recommends chromium poppler-utils); }

test: $(STAMP) chromium lint
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Missing migrations: run manage.py makemigrations"; exit 1; }
	$(PY) -m pytest $(PYTEST_ARGS)

# Refresh the catalogues from the code (the .po files are the only home of translations), tidy
# them, fill in an optional scratch batch (make messages ADD=new.json), compile. Fails while a
# ru or tg string is missing.
messages: $(STAMP)
	cd src/tailsafe && ../../$(PY) ../../manage.py makemessages -l ru -l tg -l en --no-obsolete --no-location --ignore 'static/*'
	$(PY) tools/catalogues.py $(if $(ADD),--add $(ADD))
	cd src/tailsafe && ../../$(PY) ../../manage.py compilemessages

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var staticfiles
