# Two entry points: `make demo` and `make test`. Both set themselves up idempotently.
SHELL       := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON_BOOT ?= python3
VENV        := .venv
PY          := $(VENV)/bin/python
BUILD       := .build
LAMBDA_ZIP  := $(BUILD)/lambda.zip

.PHONY: demo test venv system-deps lambda-zip fmt bench clean

demo: venv lambda-zip
	$(PY) -m scripts.demo --lambda-zip $(LAMBDA_ZIP)

test: venv system-deps lambda-zip
	$(PY) -m scripts.run_tests

venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

system-deps:
	bash scripts/install_system_deps.sh

lambda-zip: venv
	$(PY) -m scripts.package_lambda --source lambda_src --out $(LAMBDA_ZIP)

fmt:
	terraform fmt -recursive

bench: venv system-deps lambda-zip
	for b in bench/bench_*.py; do $(PY) $$b; done

clean:
	rm -rf $(BUILD) $(VENV) .pytest_cache
