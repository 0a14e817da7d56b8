# The two commands of the README: `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bootstrap lint golden bench docs clean

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	$(BIN)/numeriq demo

test: bootstrap
	bash scripts/test.sh

lint: bootstrap
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

golden: bootstrap
	NUMERIQ_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/editions/test_golden.py

docs: bootstrap
	$(BIN)/numeriq settings --markdown > docs/settings.md

bench: bootstrap
	$(BIN)/python bench/render.py
	$(BIN)/python bench/site.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
