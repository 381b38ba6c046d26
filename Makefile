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
# environment; one process per `make serve`, run several with the same REDIS_URL.
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

# The socket.io browser client, from npm (no CDN): `make vendor` refreshes the committed copy.
SOCKETIO_CLIENT_VERSION ?= 4.8.4
VENDOR_DIR := app/static/vendor
vendor:
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for make vendor"; exit 1; }
	rm -rf $(VENDOR_DIR)/.npm-tmp && mkdir -p $(VENDOR_DIR)/.npm-tmp $(VENDOR_DIR)/socket.io
	cd $(VENDOR_DIR)/.npm-tmp && npm pack --silent socket.io-client@$(SOCKETIO_CLIENT_VERSION) >/dev/null \
	  && tar -xzf socket.io-client-$(SOCKETIO_CLIENT_VERSION).tgz
	cp $(VENDOR_DIR)/.npm-tmp/package/dist/socket.io.min.js $(VENDOR_DIR)/socket.io/
	if [ -f $(VENDOR_DIR)/.npm-tmp/package/dist/socket.io.min.js.map ]; then \
	  cp $(VENDOR_DIR)/.npm-tmp/package/dist/socket.io.min.js.map $(VENDOR_DIR)/socket.io/; fi
	cp $(VENDOR_DIR)/.npm-tmp/package/LICENSE $(VENDOR_DIR)/socket.io/LICENSE
	LICENCE=$$(node -p "require('./$(VENDOR_DIR)/.npm-tmp/package/package.json').license"); \
	printf '%s\n' \
	  "# Vendored browser libraries" "" \
	  "Served from here (no CDN); refresh with \`make vendor\`." "" \
	  "## socket.io/" "" \
	  "- Package: socket.io-client (npm)" \
	  "- Version: $(SOCKETIO_CLIENT_VERSION)" \
	  "- Licence: $$LICENCE (socket.io/LICENSE)" \
	  "- Files: dist/socket.io.min.js and its source map, LICENSE" \
	  "- Command: \`make vendor\` (npm pack socket.io-client@$(SOCKETIO_CLIENT_VERSION); SOCKETIO_CLIENT_VERSION=x.y.z make vendor for another version)" \
	  > $(VENDOR_DIR)/README.md
	rm -rf $(VENDOR_DIR)/.npm-tmp

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
