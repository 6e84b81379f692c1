# Everything sets itself up: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SAMPLE := workbook_templates/sample-scrutiny-dataset.xlsx

.PHONY: demo test lint typecheck unit venv sample template report-template render clean screenshots bench corpus

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
	$(BIN)/ruff check scrutiny_desktop tests workbook_templates build benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

# `scrutiny check` and `scrutiny audit` on every real file of tests/corpus/files/ (also run by `make unit`):
# one line per unclean answer (an exit code other than documented, stdout not JSON, a traceback, a hang).
corpus: $(STAMP)
	$(BIN)/python -m tests.corpus.runner tests/corpus/files

# PNGs of the window on the sample for people to look at (offscreen, at 100 % and 150 %), and one
# of the real program under Xvfb when xvfb-run is installed. Written to screenshots/ (not committed).
screenshots: $(STAMP)
	$(BIN)/python -m scrutiny_desktop.gui.screenshots --out screenshots
	QT_SCALE_FACTOR=1.5 $(BIN)/python -m scrutiny_desktop.gui.screenshots --out screenshots --suffix @150
	@if command -v xvfb-run >/dev/null; then \
		scratch=$$(mktemp -d) && cp $(SAMPLE) $$scratch/ && \
		XDG_DATA_HOME=$$scratch/data XDG_CONFIG_HOME=$$scratch/config xvfb-run -a -s "-screen 0 1366x768x24" \
			$(BIN)/python tests/gui/xvfb_smoke.py $$scratch/$$(basename $(SAMPLE)) screenshots/10-xvfb-real-window.png 1; \
		rm -rf $$scratch; \
	fi

# Time the command line and the window against the budgets (README, Performance); prints a table and
# writes benchmarks/results.md. Large workbooks are generated once into benchmarks/generated/.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Regenerate the committed sample workbook from its script.
sample: $(STAMP)
	$(BIN)/python workbook_templates/make_sample.py

# Regenerate the committed Appendix One template from its script.
template: $(STAMP)
	$(BIN)/python workbook_templates/make_template.py

# Regenerate the committed Word template of the report draft from its script.
report-template: $(STAMP)
	$(BIN)/python workbook_templates/make_report_template.py

# PNG pages of the sample's appendices (both, once the public one is written) and report drafts in
# render/, to look at. Needs LibreOffice (Calc and Writer) and poppler (see .ci/run).
render: $(STAMP)
	rm -rf render && mkdir -p render
	$(BIN)/scrutiny export $(SAMPLE) --out render
	$(BIN)/scrutiny report $(SAMPLE) --out render
	soffice -env:UserInstallation=file://$(CURDIR)/render/lo-profile --headless --norestore \
		--convert-to pdf --outdir render render/*.xlsx render/*.docx >/dev/null 2>&1
	rm -rf render/lo-profile
	for pdf in render/*.pdf; do pdftoppm -png -r 80 "$$pdf" "$${pdf%.pdf}"; done
	@ls render/*.png

# The packaged program, dist/scrutiny-desktop/ (build/scrutiny.spec), and its frozen smoke test.
# PyInstaller's work files go to .pyinstaller/, outside build/; both folders are ignored by git.
.PHONY: exe exe-test icon
BUILD_STAMP := $(VENV)/.build-installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

$(BUILD_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,build]'
	rm -f $(VENV)/.build-installed-*
	touch $@

exe: $(BUILD_STAMP)
	$(BIN)/pyinstaller build/scrutiny.spec --noconfirm --log-level WARN --workpath .pyinstaller --distpath dist

exe-test: $(BUILD_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python build/smoke_test.py --dist dist/scrutiny-desktop

# Redraw ui/scrutiny.png and ui/scrutiny.ico (committed) from build/make_icon.py.
icon: $(STAMP)
	$(BIN)/python build/make_icon.py

clean:
	rm -rf out render screenshots .pytest_cache .mypy_cache .ruff_cache .hypothesis .pyinstaller dist
