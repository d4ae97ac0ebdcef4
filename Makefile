# The document factory. `make` builds every PDF of the default edition; `make test` tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
YEAR   ?= 2017
JOBS   ?= 0
DRAFT  ?=
PAPER  ?= a4
PROFILES ?=
FLAGS  := --year $(YEAR) --jobs $(JOBS) --paper $(PAPER) $(if $(DRAFT),--draft) $(if $(PROFILES),--profiles $(PROFILES))
STAMP  := $(VENV)/.installed

.PHONY: all build check translations schemas test illustrations catalogs system system-tools clean distclean

all: build

## build: every PDF of edition $(YEAR) into build/$(YEAR)/
build: system $(STAMP)
	$(BIN)/python -m pipeline build $(FLAGS)

## check: validate the sources only
check: $(STAMP)
	@$(BIN)/python -m pipeline check $(FLAGS)

## translations: completeness table (language × record kind, layout catalogs); fails if incomplete
translations: $(STAMP)
	@$(BIN)/python -m pipeline translations --year $(YEAR)

## schemas: regenerate the JSON Schemas in sources/schema from pipeline/sources.py
schemas: $(STAMP)
	$(BIN)/python -m pipeline schema

## test: the test suite (needs poppler-utils for pdfinfo/pdffonts)
test: system $(STAMP)
	@$(MAKE) --no-print-directory system-tools
	$(BIN)/python -m pytest

## illustrations: redraw the sample illustrations in assets/images
illustrations: $(STAMP)
	$(BIN)/python -m pipeline.illustrations assets/images

## catalogs: extract layout words into layouts/locale/layout.pot and update each .po
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F layouts/babel.cfg -k _ -k N_ -o layouts/locale/layout.pot --no-location --sort-output --project "MIEUX layouts" --version 1 --copyright-holder "MIEUX" --msgid-bugs-address "publications team" .
	for lang in fr es; do $(BIN)/pybabel update -D layout -i layouts/locale/layout.pot -d layouts/locale -l $$lang --init-missing --no-fuzzy-matching; done

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# System libraries WeasyPrint needs (Debian package names). Installed when run as root,
# otherwise named so a person can install them.
SYSTEM_LIBS := libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
               libharfbuzz.so.0:libharfbuzz0b libharfbuzz-subset.so.0:libharfbuzz-subset0 \
               libfontconfig.so.1:libfontconfig1
SYSTEM_TOOLS := pdfinfo:poppler-utils pdffonts:poppler-utils pdftoppm:poppler-utils

system:
	@$(call ensure,$(foreach pair,$(SYSTEM_LIBS),$(if $(shell /sbin/ldconfig -p 2>/dev/null | grep -F "$(word 1,$(subst :, ,$(pair)))"),,$(word 2,$(subst :, ,$(pair))))))

system-tools:
	@$(call ensure,$(foreach pair,$(SYSTEM_TOOLS),$(if $(shell command -v $(word 1,$(subst :, ,$(pair)))),,$(word 2,$(subst :, ,$(pair))))))

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

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV)
