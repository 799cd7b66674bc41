# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in e-mails and SMS lead to where the site is served: `PORT=8201 make run` writes :8201 links.
SITE_URL ?= http://127.0.0.1:$(PORT)
# gunicorn: processes x threads answer at the same time (50 concurrent bookings need no more).
WEB_WORKERS ?= 3
WEB_THREADS ?= 8

.PHONY: run dev test install install-dev lint format typecheck messages lock clean bench

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# The embedded runtime: SQLite, filesystem broker, e-mail in var/mail, SMS in var/sms, demo data,
# served by gunicorn (a production WSGI server: real concurrency, no reloader).
run: export DEBUG ?= true
run: export MFA_TOTP_INSECURE_BYPASS_CODE ?= 000000
run: export SITE_URL := $(SITE_URL)
run: export WEB_WORKERS := $(WEB_WORKERS)
run: export WEB_THREADS := $(WEB_THREADS)
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo "Serving $(SITE_URL)/ with gunicorn (Ctrl-C stops web, worker and beat)"
	$(BIN)/honcho start --procfile Procfile --port $(PORT)

# For development: the same, but Django's runserver reloads the code on every change.
dev: export DEBUG ?= true
dev: export MFA_TOTP_INSECURE_BYPASS_CODE ?= 000000
dev: export SITE_URL := $(SITE_URL)
dev: install-dev
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo "Serving $(SITE_URL)/ with runserver and autoreload (Ctrl-C stops web, worker and beat)"
	$(BIN)/honcho start --procfile Procfile.dev --port $(PORT)

test: install-dev
	$(BIN)/pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/mypy .

# Benchmarks on PostgreSQL + Redis (needs `apt-get install -y wrk`); see BENCHMARKS.md. Not part of `make test`.
bench: install-dev
	$(BIN)/python -m bench.run

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install-dev
	DEBUG=true $(BIN)/mypy .

# Regenerate the translation catalogues after changing texts (needs GNU gettext).
# The project catalogue in locale/ covers the layout, accounts and core; each app has its own.
APPS_WITH_CATALOGUE := participation helpdesk notifications
messages: install
	DEBUG=true $(BIN)/python manage.py makemessages --locale de --locale en --no-obsolete \
		--ignore ".venv/*" --ignore "var/*" --ignore "tests/*" $(foreach app,$(APPS_WITH_CATALOGUE),--ignore "$(app)/*")
	for app in $(APPS_WITH_CATALOGUE); do \
		(cd $$app && DEBUG=true DJANGO_SETTINGS_MODULE=config.settings PYTHONPATH=$(CURDIR) \
			$(CURDIR)/$(BIN)/django-admin makemessages --locale de --locale en --no-obsolete) || exit 1; \
	done
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore ".venv/*" --ignore "var/*"

lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes -o requirements.lock -q
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 --generate-hashes -o requirements-dev.lock -q

clean:
	rm -rf var/db.sqlite3 var/test-db.sqlite3 var/broker var/cache var/mail var/sms var/celerybeat-schedule*
