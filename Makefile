# Set-up, run, test and benchmark. Everything happens in .venv; only python3 is needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench clean test-install dist dist-smoke

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/annotator

lint: $(STAMP)
	$(VENV)/bin/ruff check annotator tests
	$(VENV)/bin/lint-imports

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# The wheel in a fresh venv with the pip that comes with Python (needs PyPI).
test-install: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m install tests/install/test_wheel.py

# The standalone app, one folder, with PyInstaller: dist/annotator/ (packaging/annotator.spec).
# Built in its own venv from the wheel, so no test tool or editable path ends up inside.
DIST_VENV := build/dist-venv
dist: $(STAMP)
	rm -rf build/lib build/bdist.* build/wheel
	$(PY) -m pip wheel --no-deps --quiet -w build/wheel .
	test -x $(DIST_VENV)/bin/python || $(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DIST_VENV)/bin/python -m pip install --quiet -r packaging/requirements-dist.txt \
		"$$(ls build/wheel/annotator-*.whl)[postgres]"
	$(DIST_VENV)/bin/python -m pip install --quiet --force-reinstall --no-deps build/wheel/annotator-*.whl
	$(DIST_VENV)/bin/python packaging/build.py

# Runs the standalone build as a user would: version, samples, HTML, window, spaCy export.
dist-smoke: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m install tests/install/test_dist.py

bench: $(STAMP)
	@for script in tests/benchmarks/bench_*.py; do \
		echo "== $$script"; \
		QT_QPA_PLATFORM=offscreen $(PY) $$script || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
