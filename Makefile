# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.detente-installed

TRAIN_STAMP := $(VENV)/.detente-train-installed

.PHONY: demo test install train-env clean-venv

# Running detente needs no torch: the event model is an ONNX file run by onnxruntime.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Only for retraining the event model (train/): torch first and pinned (a bare torch requirement
# would pull several GB of CUDA wheels; this machine's pip finds the CPU wheel), then the train extra.
$(TRAIN_STAMP): $(STAMP)
	$(PY) -m pip install --quiet "torch==2.13.0"
	$(PY) -m pip install --quiet -e ".[test,train]"
	touch $(TRAIN_STAMP)

train-env: $(TRAIN_STAMP)

demo: $(STAMP)
	$(VENV)/bin/detente demo

test: $(STAMP)
	bash scripts/ensure-chromium.sh
	$(PY) -m pytest -q

clean-venv:
	rm -rf $(VENV)
