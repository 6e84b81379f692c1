# Everything sets itself up: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SAMPLE := workbook_templates/sample-scrutiny-dataset.xlsx

.PHONY: demo test lint typecheck unit venv sample template render clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# The main job on the bundled sample: the window when there is a display, otherwise the
# review printed and the appendices written to out/.
demo: $(STAMP)
	@if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; then \
		$(BIN)/scrutiny-desktop $(SAMPLE); \
	else \
		$(BIN)/scrutiny demo --out out; \
	fi

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check scrutiny_desktop tests workbook_templates

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

# Regenerate the committed sample workbook from its script.
sample: $(STAMP)
	$(BIN)/python workbook_templates/make_sample.py

# Regenerate the committed Appendix One template from its script.
template: $(STAMP)
	$(BIN)/python workbook_templates/make_template.py

# PNG pages of the sample's appendices (both, once the public one is written) in render/, to look at.
# Needs LibreOffice and poppler (see .ci/run).
render: $(STAMP)
	rm -rf render && mkdir -p render
	$(BIN)/scrutiny export $(SAMPLE) --out render
	soffice -env:UserInstallation=file://$(CURDIR)/render/lo-profile --headless --norestore \
		--convert-to pdf --outdir render render/*.xlsx >/dev/null 2>&1
	rm -rf render/lo-profile
	for pdf in render/*.pdf; do pdftoppm -png -r 80 "$$pdf" "$${pdf%.pdf}"; done
	@ls render/*.png

clean:
	rm -rf out render screenshots .pytest_cache .mypy_cache .ruff_cache .hypothesis
