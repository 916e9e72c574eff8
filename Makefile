# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := registre:create_app
export REGISTRE_ENV ?= development

.PHONY: run test lint install install-test migrate seed clean translations
TRANSLATIONS := registre/translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# The catalogues (.po) are committed; their compiled form (.mo) is built here, never committed.
install: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS)
install-test: $(VENV)/.installed-test
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS)

# After changing a translatable text: extract the messages, then update the catalogues
# (then translate the new msgids in registre/translations/*/LC_MESSAGES/messages.po).
translations: install-test
	mkdir -p build
	$(BIN)/pybabel -q extract -F babel.cfg -k _l --ignore-dirs ".* node_modules" --sort-by-file -o build/messages.pot .
	$(BIN)/pybabel -q update -i build/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

migrate: install
	$(BIN)/flask db upgrade

seed: migrate
	$(BIN)/flask registre seed-demo --if-empty

run: seed
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff: lint and import order (configured in pyproject.toml); zero findings expected.
lint: install-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .coverage htmlcov test-artifacts
