# One word per task. `make run` and `make test` work on a fresh machine: they create .venv
# and install what is missing (Debian packages too, when run as root with apt-get).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= sqlite:///var/jianbao.sqlite3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system-deps run test test-slow lint bench clean

$(BIN)/jianbao: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: system-deps $(BIN)/jianbao

# Debian packages the PDF and legacy .doc features need (a CJK font, poppler, LibreOffice)
# and the browser the review-page tests drive (Chromium).
system-deps:
	@missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi "zenhei" || missing="$$missing fonts-wqy-zenhei"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "note: missing Debian packages:$$missing (tests that need them will skip)"; \
	  fi; \
	fi

run: setup
	mkdir -p var
	$(BIN)/jianbao load corpora/bulletins --db $(DB)
	$(BIN)/jianbao serve --host $(HOST) --port $(PORT) --db $(DB)

test: lint
	$(BIN)/pytest -q

test-slow: setup
	$(BIN)/pytest -q --slow

# ruff over everything; mypy over the library and the service ([tool.mypy] in pyproject.toml)
lint: setup
	$(BIN)/ruff check extractor service tests benchmarks scripts
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/extract.py

clean:
	rm -rf $(VENV) var .pytest_cache
