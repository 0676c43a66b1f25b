# Two commands for a newcomer: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
REQUIREMENTS := requirements.txt $(wildcard requirements/*.txt)
STAMP := $(VENV)/.installed-$(shell cat $(REQUIREMENTS) | md5sum | cut -c1-8)
PYTEST_ARGS ?=

.PHONY: install run test test-sqlite test-postgres browser-deps render-deps lint messages bench serve fixtures clean

$(STAMP): $(REQUIREMENTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)
	scripts/install_fonts.sh
	if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages -v0 --ignore=.venv; fi

run: install
	$(PY) manage.py migrate -v0
	$(PY) manage.py load_plans
	DEMO_MODE=1 $(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The suite on SQLite, then the whole suite on a throwaway PostgreSQL cluster (the production database).
# The browser tests and the API fuzzing drive the site whatever the database, so they run once, in the
# PostgreSQL pass.
test: install browser-deps render-deps
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -m "not browser and not fuzz" $(PYTEST_ARGS)
	$(PY) scripts/with_postgres.py $(PY) -m pytest $(PYTEST_ARGS)

test-sqlite: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	$(PY) scripts/with_postgres.py $(PY) -m pytest $(PYTEST_ARGS)

browser-deps:
	@command -v chromium >/dev/null || scripts/install_chromium.sh

# LibreOffice and poppler: the evaluation report is rendered to PDF and page images in the tests.
render-deps:
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null || scripts/install_libreoffice.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

messages: install
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=test-artifacts
	if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages -v0 --ignore=.venv; fi

fixtures: install
	$(PY) manage.py build_fixtures

# Production settings under gunicorn (2 workers, static files by whitenoise) on PostgreSQL: $$DATABASE_URL
# if set, else a throwaway cluster with the five plans and the demo accounts. Plain HTTP on loopback.
# collectstatic comes first: the other commands load URLs that look files up in its manifest.
SERVE_ENV = DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 \
	SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
SERVE_PREPARE = $(PY) manage.py collectstatic --noinput -v0 && $(PY) manage.py migrate -v0
SERVE_GUNICORN = exec $(VENV)/bin/gunicorn config.wsgi --workers 2 --bind 127.0.0.1:8000

serve: install
ifdef DATABASE_URL
	$(SERVE_ENV) sh -c '$(SERVE_PREPARE) && $(SERVE_GUNICORN)'
else
	$(SERVE_ENV) $(PY) scripts/with_postgres.py sh -c '$(SERVE_PREPARE) && $(PY) manage.py load_plans && \
		DEMO_MODE=1 $(PY) manage.py seed_demo && $(SERVE_GUNICORN)'
endif

bench: install
	for script in bench/*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
