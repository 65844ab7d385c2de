# Shortcuts; the scripts in bin/ are the real commands (see README).
.PHONY: run test check lint format lock bench messages

run:
	bin/run

test:
	bin/test

# ruff, the mypy type check and the migration check; bin/test runs it first.
check:
	bin/check

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# Regenerate requirements/*.txt from requirements/*.in; `make lock ARGS=--upgrade` upgrades all.
lock:
	bin/lock $(ARGS)

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench:
	.venv/bin/python benchmarks/segmentation.py
	.venv/bin/python benchmarks/workspace.py
	.venv/bin/python benchmarks/undo.py
	.venv/bin/python benchmarks/export.py --annotations 1000000

# Extract new UI strings into the German catalogue, then compile it (needs GNU gettext).
messages:
	DEBUG=1 .venv/bin/python manage.py makemessages -l de --ignore=.venv --ignore=benchmarks --ignore=tests --ignore=docs --no-obsolete
	DEBUG=1 .venv/bin/python manage.py compilemessages -l de --ignore=.venv
