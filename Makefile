# Two entry points: `make demo` and `make test`. Both set themselves up idempotently.
# `make test-fast`: the quick checks (no root, no apt, no database servers, no Terraform plans or applies).
SHELL       := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON_BOOT ?= python3
VENV        := .venv
PY          := $(VENV)/bin/python
BUILD       := .build
LAMBDA_ZIP  := $(BUILD)/lambda.zip
LAYER_ZIP   := $(BUILD)/layer.zip
FUNCTIONS   := examples/functions
FUNCTIONS_ZIP := $(BUILD)/functions.zip

.PHONY: demo test test-fast lint docs venv system-deps functions-deps functions-zip lambda-zip layer-zip fmt bench clean

demo: venv lambda-zip
	$(PY) tests/dev/demo.py --lambda-zip $(LAMBDA_ZIP)

test: venv system-deps functions-deps functions-zip lambda-zip layer-zip lint
	$(PY) tests/dev/run_tests.py

test-fast: venv lambda-zip layer-zip lint
	$(PY) tests/dev/run_tests.py --fast

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

venv: $(VENV)/.installed

# uv installs the ~150 packages in seconds where pip takes minutes; pip is the fallback.
$(VENV)/.installed: requirements-dev.txt pyproject.toml VERSION tests/harness/pyproject.toml
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv \
	  && $(PY) -m uv pip install --quiet --python $(PY) -r requirements-dev.txt \
	  || $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

system-deps:
	bash tests/dev/install_system_deps.sh

# The Node.js functions' packages, as package-lock.json pins them; installed again only when it changes.
functions-deps: $(FUNCTIONS)/node_modules/.installed

$(FUNCTIONS)/node_modules/.installed: $(FUNCTIONS)/package.json $(FUNCTIONS)/package-lock.json | system-deps
	cd $(FUNCTIONS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lambda-zip: venv
	$(VENV)/bin/rds-proxy-package --source lambda_src --out $(LAMBDA_ZIP)

layer-zip: venv
	$(VENV)/bin/rds-proxy-package --layer --out $(LAYER_ZIP)

# The Node.js functions of examples/functions, as examples/existing-functions deploys them.
functions-zip: venv
	$(VENV)/bin/rds-proxy-package --source $(FUNCTIONS) --runtime nodejs20.x --out $(FUNCTIONS_ZIP)

fmt:
	terraform fmt -recursive

docs: venv
	$(PY) tests/dev/docs.py

bench: venv system-deps lambda-zip
	for b in bench/bench_*.py; do $(PY) $$b; done

clean:
	rm -rf $(BUILD) $(VENV) .pytest_cache $(FUNCTIONS)/node_modules
