# Two commands for a newcomer: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | md5sum | cut -c1-8)
PYTEST_ARGS ?=

.PHONY: install run test test-sqlite test-postgres browser-deps lint messages bench serve fixtures clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)
	if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages -v0 --ignore=.venv; fi

run: install
	$(PY) manage.py migrate -v0
	$(PY) manage.py load_plans
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite on SQLite, then on a throwaway PostgreSQL cluster.
test: install browser-deps
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) -m pytest $(PYTEST_ARGS)
	$(PY) scripts/with_postgres.py $(PY) -m pytest $(PYTEST_ARGS)

test-sqlite: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	$(PY) scripts/with_postgres.py $(PY) -m pytest $(PYTEST_ARGS)

browser-deps:
	@command -v chromium >/dev/null || scripts/install_chromium.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: install
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles
	if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages -v0 --ignore=.venv; fi

fixtures: install
	$(PY) manage.py build_fixtures

bench: install
	for script in bench/*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
