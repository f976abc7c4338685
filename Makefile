# Two commands set everything up on a machine that has only Python:
#   make run    venv, install, migrate, demo edition, serve on http://127.0.0.1:5000
#               with a job worker beside it (mail, PDFs), both stopped by Ctrl+C
#   make test   venv, install, the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
LOCK := requirements.lock
MO := app/translations/en/LC_MESSAGES/messages.mo

.PHONY: run test typecheck layers lock install translations extract-messages bench clean

# The exact versions of requirements.lock (reproducible), then the project itself.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e '.[test]'
	touch $(STAMP)

# After changing a dependency in pyproject.toml (its lower bounds stay for library users):
# resolve every version again into requirements.lock, with pip-tools in a venv of its own.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools
	.venv-lock/bin/pip-compile --quiet --extra test --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file $(LOCK) pyproject.toml

install: $(STAMP)

$(MO): $(STAMP) app/translations/en/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile -d app/translations --statistics

translations: $(MO)

run: install translations
	$(FLASK) db upgrade
	$(FLASK) demo load
	@echo "Serving on http://127.0.0.1:5000 with a job worker  (Ctrl+C stops both)"
	$(FLASK) dev --host 127.0.0.1 --port 5000

test: install translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# mypy on all of app, strict on the pure cores (pyproject.toml [tool.mypy]); the suite runs it too.
typecheck: install
	$(BIN)/mypy

# The layer contracts of pyproject.toml ([tool.importlinter]); the suite runs them too.
layers: install
	$(BIN)/lint-imports

# Refresh the message catalogue after changing user-facing text.
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o app/translations/messages.pot --no-location --sort-output --ignore-dirs='.venv tests bench' .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations -l en --no-fuzzy-matching

bench: install
	$(BIN)/python bench/allocation.py

clean:
	rm -rf $(VENV) .venv-lock instance
