# M-LEARN course kit. `make start` to follow the course, `make test` to check everything.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
STAMPS := $(VENV)/.stamps
PORT ?= 8888

.PHONY: start install js test test-deps browser lint format dashboards bench clean data data-check doctor help classroom classroom-down test-classroom

help:
	@echo "make start       installe (si besoin) et ouvre JupyterLab sur l'accueil du cours"
	@echo "make test        installe les outils de test et lance toute la suite (ruff + pytest + navigateur)"
	@echo "make dashboards  sert les tableaux de bord Voilà (course/dashboards/)"
	@echo "make lint        ruff (lint + format)"
	@echo "make bench       lance les scripts de benchmarks/"
	@echo "make data        reconstruit data/ depuis ../shared/data-raw"
	@echo "make classroom   démarre une classe JupyterHub multi-utilisateurs (root) ; make classroom-down l'arrête"
	@echo "make clean       supprime .venv et les fichiers générés"

$(STAMPS)/runtime: pyproject.toml $(CONSTRAINTS) scripts/bootstrap.sh
	@bash scripts/bootstrap.sh runtime
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/test: $(STAMPS)/runtime pyproject.toml $(CONSTRAINTS)
	@bash scripts/bootstrap.sh test
	@touch $@

install: $(STAMPS)/runtime

# The dashboards' browser files (partial plotly.js + FigureWidget front end), built with npm from js/.
JS_BUILD := widgets/mlearn/dashboards/assets/build/figure-widget.js
$(JS_BUILD): js/package.json js/package-lock.json js/build.mjs $(wildcard js/src/*.js) scripts/build-js.sh
	@bash scripts/build-js.sh

js: $(JS_BUILD)

start: $(STAMPS)/runtime js
	@$(BIN)/mlearn data check
	@bash scripts/enable-extensions.sh $(BIN)
	@$(BIN)/mlearn lab --port $(PORT)

test-deps: $(STAMPS)/test

browser:
	@bash scripts/ensure-chromium.sh

lint: $(STAMPS)/test
	$(BIN)/ruff check widgets tests benchmarks
	$(BIN)/ruff format --check widgets tests benchmarks

format: $(STAMPS)/test
	$(BIN)/ruff check --fix widgets tests benchmarks
	$(BIN)/ruff format widgets tests benchmarks

test: test-deps js browser lint
	$(BIN)/python -m pytest --durations=20 $(PYTEST_ARGS)

data: $(STAMPS)/runtime
	$(BIN)/mlearn data build

data-check: $(STAMPS)/runtime
	$(BIN)/mlearn data check

doctor: $(STAMPS)/runtime
	$(BIN)/mlearn doctor

dashboards: $(STAMPS)/runtime js
	$(BIN)/mlearn dashboards serve --port $(PORT)

classroom: $(STAMPS)/runtime
	@bash scripts/classroom-setup.sh
	$(BIN)/mlearn classroom up

classroom-down: $(STAMPS)/runtime
	$(BIN)/mlearn classroom down

test-classroom: test-deps browser
	@bash scripts/classroom-setup.sh
	$(BIN)/python -m pytest tests/classroom $(PYTEST_ARGS)

bench: $(STAMPS)/test
	@set -e; for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) js/node_modules widgets/mlearn/dashboards/assets/build build dist site manual-build dashboards-static test-artifacts .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +
