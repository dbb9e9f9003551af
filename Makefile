# Padome — the two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

.PHONY: messages-update run dev test test-sqlite test-postgres install install-test messages system-deps lint \
        bench bench-quick clean help

help:
	@echo "make run    — install, migrate, load the Saldus demo and serve on http://$(HOST):$(PORT)"
	@echo "make test   — install and run the whole suite on SQLite, PostgreSQL and Chromium"
	@echo "make dev    — flask run --debug (auto-reload)"
	@echo "make lint   — ruff"
	@echo "make bench  — benchmarks (see docs/performance.md)"
	@echo "make clean  — remove the virtualenv, caches and compiled catalogues"

$(VENV)/.run-installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.run-installed
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

install: $(VENV)/.run-installed messages
install-test: $(VENV)/.test-installed messages

# Catalogues are compiled by the install step, never by hand (.mo files are not in git).
messages: $(VENV)/.run-installed
	@$(BIN)/pybabel -q compile -d council/translations

instance/config.py:
	@mkdir -p instance
	@$(BIN)/python -c "import secrets; print('# Created by make run. Keep it out of git.'); \
	  print('SECRET_KEY = %r' % secrets.token_hex(32)); \
	  print('# The demo is served over plain http://$(HOST):$(PORT); behind HTTPS set True.'); \
	  print('SESSION_COOKIE_SECURE = False'); print('REMEMBER_COOKIE_SECURE = False')" > $@
	@echo "Created instance/config.py with a random SECRET_KEY."

run: install instance/config.py
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo
	@echo "  Padome is running at http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: padome-demo):"
	@echo "    admin@saldus.example       administrator"
	@echo "    officer@saldus.example     municipal officer"
	@echo "    sekretare@saldus.example   secretary, Kursīšu pagasta iedzīvotāju padome"
	@echo "    biedrs@saldus.example      member, Kursīšu pagasta iedzīvotāju padome"
	@echo "    sekretars2@saldus.example  secretary, Saldus pilsētas iedzīvotāju padome"
	@echo
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - 'app:app'

dev: install instance/config.py
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

system-deps:
	@bash .ci/system-deps

test: install-test system-deps
	@bash .ci/test-suite

test-sqlite: install-test
	$(BIN)/python -m pytest -n 2

test-postgres: install-test system-deps
	@bash .ci/test-suite postgres

lint: install-test
	$(BIN)/ruff check council tests bench app.py

bench: install-test
	$(BIN)/python bench/run.py

bench-quick: install-test
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
	find council/translations -name '*.mo' -delete
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# After adding or changing UI strings: extract them and merge into the Latvian catalogue.
messages-update: $(VENV)/.run-installed
	$(BIN)/pybabel extract -w 100 -F council/translations/babel.cfg -k _l -k lazy_gettext \
	  --ignore-dirs '.* __pycache__' \
	  --no-location --sort-output --project Padome -o council/translations/messages.pot .
	$(BIN)/pybabel update -w 100 -i council/translations/messages.pot -d council/translations \
	  --no-fuzzy-matching --ignore-obsolete
