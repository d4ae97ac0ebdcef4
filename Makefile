# The document factory. `make` builds every PDF of the default edition; `make test` tests.
# Every target calls `python -m pipeline` (see `make help`); the logic lives there.
PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
RUN      := $(BIN)/python -m pipeline

# Settings, all optional: make factsheet ACTION=niger LANG=fr PAPER=letter
YEAR     ?= $(or $(EDITION),2017)
JOBS     ?= 0
DRAFT    ?=
PAPER    ?=
PROFILES ?=
LANGS    ?=
export YEAR JOBS DRAFT PAPER PROFILES LANGS

.DEFAULT_GOAL := all
.PHONY: all help report factsheets factsheet desk check translations translation-kit import-translations schemas proofs archive \
        verify-archive preview web illustrations catalogs map-data bench soak test clean distclean system \
        test-system

## all: every PDF of the edition (YEAR=2017) in build/<year>/; only what changed is rebuilt
all: system $(STAMP)
	@$(RUN) build

## help: this list
help:
	@grep -hE '^## ' $(MAKEFILE_LIST) | sed -E 's/^## ([a-z-]+): (.*)/  make \1|\2/' | awk -F'|' '{printf "%-26s %s\n", $$1, $$2}'

## report: the annual report, every language and profile
report: system $(STAMP)
	@$(RUN) build --kinds annual-report

## factsheets: every Action's factsheets, every language and profile
factsheets: system $(STAMP)
	@$(RUN) build --kinds factsheet

## factsheet: one office factsheet: ACTION=<id> LANG=<lang> [PAPER=a4 or letter]
factsheet: system $(STAMP)
	@test -n "$(ACTION)" || { echo "say which: make factsheet ACTION=<id> LANG=<lang>"; exit 2; }
	@$(RUN) build --kinds factsheet --profiles office --actions $(ACTION) $(if $(filter command line,$(origin LANG)),--languages $(LANG))

## desk: a country desk's factsheets and one PDF to print: COUNTRY=<code> [PAPER=]
desk: system $(STAMP)
	@test -n "$(COUNTRY)" || { echo "say which: make desk COUNTRY=<ISO code, e.g. CI>"; exit 2; }
	@$(RUN) desk --country $(COUNTRY)

## check: validate the sources only, every problem at once
check: $(STAMP)
	@$(RUN) check

## translations: status table (language × record kind, layout catalogs); fails if missing or outdated
translations: $(STAMP)
	@$(RUN) translations

## translation-kit: a language's missing and outdated texts for a translator: LANG=<lang> [FORMAT=po] [ALL=1]
translation-kit: $(STAMP)
	@test "$(origin LANG)" = "command line" || { echo "say which: make translation-kit LANG=<lang>"; exit 2; }
	@$(RUN) translation-kit --language $(LANG)

## import-translations: a translator's filled-in kit into the records (all units checked first): FILE=<path>
import-translations: $(STAMP)
	@test -n "$(FILE)" || { echo "say which: make import-translations FILE=<path>"; exit 2; }
	@$(RUN) import-translations "$(FILE)"

## proofs: PNG pages and a contact sheet per PDF, in build/<year>/proofs/
proofs: system $(STAMP)
	@$(RUN) proofs

## archive: store the edition as a BagIt bag in build/archive/ (ARCHIVE=<folder>); a new version when it changed
archive: system $(STAMP)
	@$(RUN) archive

## verify-archive: validate a stored bag and each PDF's PDF/A claim: BAG=<path>
verify-archive: $(STAMP)
	@test -n "$(BAG)" || { echo "say which: make verify-archive BAG=<path>"; exit 2; }
	@$(RUN) verify-archive --bag $(BAG)

## web: the web edition in build/<year>/web/ (open its index.html), after the PDFs it links
web: all
	@$(RUN) build --profiles web

## preview: serve the edition's pages on http://127.0.0.1:8017 (PORT=), rebuilt when a file is saved
preview: system $(STAMP)
	@$(RUN) preview

## map-data: fetch the map data (npm world-atlas 2.0.2) into assets/maps/, checked against its checksums
map-data: $(STAMP)
	@$(RUN) map-data

## schemas: regenerate the JSON Schemas in sources/schema/ from pipeline/sources/schema.py
schemas: $(STAMP)
	@$(RUN) schema

## catalogs: extract the layout words into layouts/locale/layout.pot and update each language's .po
catalogs: $(STAMP)
	@$(RUN) catalogs

## illustrations: redraw the sample illustrations in assets/images (deterministic)
illustrations: $(STAMP)
	$(BIN)/python -m tools.illustrations assets/images

## bench: synthetic editions' speed, memory and budget table (not a test): [SIZES=100,1000]
bench: system $(STAMP)
	$(BIN)/python -m pipeline.bench $(if $(SIZES),--sizes $(SIZES))

## soak: 1,000 archive PDFs of random text and pictures through preflight: no validator false alarm
soak: system $(STAMP)
	SOAK_DOCUMENTS=1000 $(BIN)/python -m pytest -q -s tests/test_soak.py

## test: the test suite
test: system test-system $(STAMP)
	$(BIN)/python -m pytest

## clean: remove build/
clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# System libraries WeasyPrint needs, and the poppler tools the preview, the tests and proofs use
# (Debian package names). Installed when run as root, otherwise named so a person can install them.
SYSTEM_LIBS := libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
               libharfbuzz.so.0:libharfbuzz0b libharfbuzz-subset.so.0:libharfbuzz-subset0 \
               libfontconfig.so.1:libfontconfig1
SYSTEM_TOOLS := pdftotext:poppler-utils pdfinfo:poppler-utils pdffonts:poppler-utils pdftoppm:poppler-utils
# The preview's test drives Debian's Chromium (Playwright downloads no browser of its own).
TEST_TOOLS   := chromium:chromium

system:
	@$(call ensure,$(foreach pair,$(SYSTEM_LIBS),$(if $(shell /sbin/ldconfig -p 2>/dev/null | grep -F "$(word 1,$(subst :, ,$(pair)))"),,$(word 2,$(subst :, ,$(pair))))) \
	  $(foreach pair,$(SYSTEM_TOOLS),$(if $(shell command -v $(word 1,$(subst :, ,$(pair)))),,$(word 2,$(subst :, ,$(pair))))))

test-system:
	@$(call ensure,$(foreach pair,$(TEST_TOOLS),$(if $(shell command -v $(word 1,$(subst :, ,$(pair)))),,$(word 2,$(subst :, ,$(pair))))))

define ensure
missing="$(sort $(1))"; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
    echo "installing Debian packages: $$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
  else \
    echo "missing system packages: $$missing"; \
    echo "install them with: sudo apt-get install $$missing"; exit 1; \
  fi; \
fi
endef
