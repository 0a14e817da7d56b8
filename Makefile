# The two commands of the README: `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bootstrap lint golden bench docs messages clean train-writer train-titles train-speakers

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	$(BIN)/numeriq demo

test: bootstrap
	bash scripts/test.sh

lint: bootstrap
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python scripts/dead_names.py
	$(BIN)/mypy

golden: bootstrap
	NUMERIQ_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/editions/test_golden.py

docs: bootstrap
	$(BIN)/numeriq settings --markdown > docs/settings.md

bench: bootstrap
	$(BIN)/python bench/render.py
	$(BIN)/python bench/site.py --workers 2
	$(BIN)/python bench/static_site.py
	$(BIN)/python bench/subscribe_load.py
	$(BIN)/python bench/import_subscribers.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/draft.py
	$(BIN)/python bench/briefs.py
	$(BIN)/python bench/delivery.py --subscribers 100000
	$(BIN)/python bench/bounces.py

# The offline writer's weights, learned from OrangeSum's train split (deterministic; a few minutes).
train-writer: bootstrap
	$(BIN)/python scripts/train_writer.py

# The informative titles' weights, learned from the same train split (deterministic; minutes),
# and the verb forms their fragment check reads (spaCy's tagger on the train leads).
train-titles: bootstrap
	$(BIN)/python scripts/train_verb_forms.py
	$(BIN)/python scripts/train_titles.py

# The first names whose gender the quote speakers read (the words before the names in the
# train split: « la ministre Agnès Buzyn »; deterministic, seconds).
train-speakers: bootstrap
	$(BIN)/python scripts/train_first_names.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# After changing a translatable string: refresh the English catalogue, translate, compile
# (the French one gets numeriq's plural messages, for French's rule: « 0 article lu »).
messages: bootstrap
	cd numeriq && ../$(BIN)/django-admin makemessages -l en --settings=numeriq.settings --pythonpath=..
	$(BIN)/python scripts/french_catalogue.py
	cd numeriq && ../$(BIN)/django-admin compilemessages --settings=numeriq.settings --pythonpath=..
