# Two commands: `make run` serves the demo event, `make test` runs every test.
# `make serve`: production (gunicorn, gunicorn.conf.py); migrates, never loads the demo.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=

.PHONY: run serve test lint browser db clean translations vendor

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.run-deps: $(VENV)/bin/python requirements.txt
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

db: $(VENV)/.run-deps
	$(FLASK) db upgrade

run: db
	$(FLASK) demo-if-empty
	HOST=$(HOST) PORT=$(PORT) $(PY) wsgi.py

# DATABASE_URL, REDIS_URL, SECRET_KEY (the same in every process) and SERVE_THREADS from the
# environment; one process per `make serve`, run several with the same REDIS_URL. With
# REDIS_URL, solves run on `$(FLASK) schedule worker` (start one or more beside the servers,
# docs/deployment.md "Solve worker"); without it each server runs them in child processes.
serve: db
	HOST=$(HOST) PORT=$(PORT) exec $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

# Debian's chromium for the browser tests (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.test-deps browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .

translations: $(VENV)/.test-deps
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o app/translations/messages.pot .
	$(VENV)/bin/pybabel update --ignore-obsolete --no-fuzzy-matching -i app/translations/messages.pot -d app/translations
	$(VENV)/bin/pybabel compile -d app/translations

# Browser code and fonts from npm (no CDN), listed in tools/vendor.json: `make vendor` refreshes
# the committed copies in app/static/vendor/ (`make vendor PACKAGES=socket.io-client` for one).
PACKAGES ?=
vendor:
	python3 tools/vendor.py $(PACKAGES)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
