# Shortcuts; the scripts in bin/ are the real commands (see README).
.PHONY: run test lint format bench

run:
	bin/run

test:
	bin/test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench:
	.venv/bin/python benchmarks/segmentation.py
