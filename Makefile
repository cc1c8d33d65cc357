# Two commands for a fresh clone: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test install install-test lint bench-quality bench-speed browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

serve: $(VENV)/.installed
	$(BIN)/bannerfit serve

test: $(VENV)/.installed-test browser-deps
	$(BIN)/python -m pytest -q

# Debian's Chromium for the web page's browser tests (Playwright's own download needs
# the internet), and the DejaVu fonts the engine tests draw their banners with. Installed
# only as root with apt; otherwise the browser tests skip and say why, and the banners
# fall back to Pillow's own font.
browser-deps:
	@{ [ -x /usr/bin/chromium ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) \
	      || echo "browser-deps: installing chromium failed; the browser tests will skip"; \
	  else echo "browser-deps: /usr/bin/chromium missing (needs root and apt-get); the browser tests will skip"; fi; }

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bannerfit tests bench
	$(BIN)/mypy
