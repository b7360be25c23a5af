# convanim: `make` builds build/convanim, build/libconvanim.a and
# build/libconvanim.so.0, `make test` runs every Check suite, `make deps`
# installs what they need.

CC      ?= cc
CXX     ?= c++
AR      ?= ar
PREFIX  ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0

# CFLAGS, CPPFLAGS and LDFLAGS are the packager's: anything given there
# (`make CFLAGS="-O1"`) adds to what the build itself needs, which lives in
# the CA_ variables. Warnings are errors only with WERROR=1, as `make check`
# (CI) sets it.
CFLAGS  ?= -O2 -g
WERROR  ?=
CA_CFLAGS   := -std=c11 -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror)
CA_CPPFLAGS := -D_XOPEN_SOURCE=700 -Iinclude -Isrc -DCONVANIM_VERSION='"$(VERSION)"'
# SANITIZE=1: everything built with AddressSanitizer and UndefinedBehavior-
# Sanitizer (any report fails the run), into build-san. FUZZ=1, which
# `make fuzz` sets: the same with clang and libFuzzer's coverage, into
# build-fuzz.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ifeq ($(SANITIZE),1)
CA_CFLAGS += $(SAN_FLAGS)
endif
FUZZ_CC ?= clang
ifeq ($(FUZZ),1)
override CC := $(FUZZ_CC)
CA_CFLAGS += $(SAN_FLAGS) -fsanitize=fuzzer-no-link
endif
PKGS    := libpng freetype2 fontconfig libwebp libwebpmux
# FFmpeg's headers only: src/out/ffmpeg.c loads the libraries with dlopen
# when a video is written, so neither the library nor the command links
# them (libavcodec's libhwy stops valgrind before main).
FFMPEG_PKGS := libavcodec libavformat libavutil
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(FFMPEG_PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS  += $(PKG_LIBS) -lgif -lm -lpthread -ldl
CHECK_CFLAGS = $(shell pkg-config --cflags check libwebpdemux 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check libwebpdemux 2>/dev/null)

# Debian packages the build, the tests and the demos need.
# fonts-dejavu-extra: DejaVu Sans Oblique, which draws italics (the core package
# has the book and bold faces). fonts-wqy-microhei: the fallback that draws
# Chinese, Japanese and Korean text.
# The Python ones: the module (numpy), its tests (pytest) and the notebook
# example, executed by nbconvert on an IPython kernel.
# chromium-headless-shell: Debian's Chromium without windows, in which the web
# suite opens the pages (tests/test_web.c).
# nodejs (and npm, unless node came with its own): axe-core, which audits the pages,
# and puppeteer-core, which drives firefox-esr: the player must work in Firefox too.
# python3-scipy and python3-matplotlib: `make fixtures` writes the reference values
# with SciPy, and `make bench` times matplotlib's rendering beside ours.
DEB_PACKAGES := gcc make pkg-config check libgif-dev libpng-dev libfreetype-dev \
                libfontconfig-dev fonts-dejavu-core fonts-dejavu-extra fonts-wqy-microhei \
                chromium-headless-shell \
                clang libclang-rt-dev valgrind libcjson-dev python3-numpy python3-pytest \
                jupyter-nbconvert python3-nbconvert python3-ipykernel libwebp-dev \
                libavcodec-dev libavformat-dev libavutil-dev libavfilter-dev libswscale-dev \
                ffmpeg python3-pil nodejs \
                firefox-esr python3-scipy python3-matplotlib

B := $(if $(filter 1,$(FUZZ)),build-fuzz,$(if $(filter 1,$(SANITIZE)),build-san,build))
LIB_SRC  := $(sort $(wildcard src/*/*.c))
LIB_SRC  := $(filter-out src/cli/%,$(LIB_SRC))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(B)/tests/%)
LIB      := $(B)/libconvanim.a
SONAME   := libconvanim.so.0
SO       := $(B)/$(SONAME)
BIN      := $(B)/convanim
PYTHON   ?= /usr/bin/python3
# Where `make install` puts the Python module: a folder on the sys.path of
# Debian's Python for PREFIX (/usr/local/lib/python3.11/dist-packages).
PYTHON_DIR ?= $(PREFIX)/lib/python$(shell $(PYTHON) -c \
                  'import sys; print("%d.%d" % sys.version_info[:2])')/dist-packages

.PHONY: all test bench deps install uninstall clean fixtures images demo check memcheck fuzz \
        fuzz-run
all: $(BIN) $(LIB) $(SO) $(B)/libconvanim.so

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CA_CPPFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) $(CA_CFLAGS) $(LIB_FLAGS) $(CFLAGS) -MMD -MP \
	    -c $< -o $@

# The player's script stays a readable file, src/web/player.js; page.c
# includes it as a C string literal made here.
$(B)/gen/web/player.js.h: src/web/player.js
	@mkdir -p $(@D)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< | \
	    { echo 'static const char player_js[] ='; cat; echo ';'; } > $@
$(B)/src/web/page.o: $(B)/gen/web/player.js.h
$(B)/src/web/page.o: CPPFLAGS += -I$(B)/gen

# The library's objects serve the archive and the shared library alike.
$(LIB_OBJ): LIB_FLAGS := -fPIC
# objects built before that flag must not reach the shared library
$(LIB_OBJ): Makefile

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# Only what the public headers declare leaves the shared library: a version
# script makes every other name local (ca_fail, ca_atomic_*, seed_setup,
# ...), without an export macro in each header.
$(B)/libconvanim.map: src/base/public-names.sh include/convanim.h $(wildcard include/convanim/*.h)
	@mkdir -p $(@D)
	names=$$(CC="$(CC)" src/base/public-names.sh) && \
	    printf '{\n  global:\n%s\n  local: *;\n};\n' "$$(printf '    %s;\n' $$names)" > $@

$(SO): $(LIB_OBJ) $(B)/libconvanim.map
	$(CC) $(CA_CFLAGS) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
	    -Wl,--version-script,$(B)/libconvanim.map $(LIB_OBJ) $(LDLIBS) -o $@

$(B)/libconvanim.so: $(SO)
	ln -sf $(SONAME) $@

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(CA_CFLAGS) $(CFLAGS) $(LDFLAGS) $(CLI_OBJ) $(LIB) $(LDLIBS) -o $@

# The tests are Linux programs: _DEFAULT_SOURCE gives runutil.h vfork.
TEST_CPPFLAGS := -D_DEFAULT_SOURCE -Itests
$(B)/tests/%: tests/%.c tests/testutil.h tests/cliutil.h tests/runutil.h tests/goldenutil.h \
                tests/conv_arithmetic.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CA_CPPFLAGS) $(TEST_CPPFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) $(CA_CFLAGS) $(CFLAGS) \
	    $(LDFLAGS) $< $(LIB) $(CHECK_LIBS) $(LDLIBS) -o $@

# test_cli_faults and test_formats preload these into convanim; built
# without the sanitizers, whose runtime a preloaded library would otherwise
# need.
$(B)/tests/no_%.so: tests/no_%.c
	@mkdir -p $(@D)
	$(CC) $(filter-out $(SAN_FLAGS),$(CA_CFLAGS)) $(CFLAGS) $(LDFLAGS) -fPIC -shared $< -o $@
$(B)/tests/test_cli_faults: $(B)/tests/no_tmpfile.so
$(B)/tests/test_formats: $(B)/tests/no_ffmpeg.so

# test_formats reads the videos back with FFmpeg's libraries, linked into
# it alone: loaded once by its runner, not by an ffprobe or ffmpeg process
# per file.
FFMPEG_TEST_PKGS := $(FFMPEG_PKGS) libavfilter libswscale
$(B)/tests/test_formats: TEST_CPPFLAGS += $(shell pkg-config --cflags $(FFMPEG_TEST_PKGS) 2>/dev/null)
$(B)/tests/test_formats: LDLIBS += $(shell pkg-config --libs $(FFMPEG_TEST_PKGS) 2>/dev/null)

# test_describe and test_slide2d read the JSON they check with cJSON.
$(B)/tests/test_describe: LDLIBS += -lcjson
$(B)/tests/test_slide2d: LDLIBS += -lcjson

$(B)/example: tests/example.c $(LIB)
	$(CC) $(CA_CPPFLAGS) $(CPPFLAGS) $(CA_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(LIB) $(LDLIBS) -o $@

# A C++ program on the shared library alone, through the umbrella header:
# the headers must compile as C++17 without a warning, and the library
# must bring everything it needs.
# The sanitizers, when on, for programs built outside the pattern rules.
SAN_ONLY := $(filter -fsanitize% -fno-sanitize%,$(CA_CFLAGS))
$(B)/tests/cxx_program: tests/cxx_program.cpp $(B)/libconvanim.so \
                        $(wildcard include/*.h include/convanim/*.h)
	@mkdir -p $(@D)
	$(CXX) -std=c++17 -Wall -Wextra -Werror -Iinclude $(CPPFLAGS) $(SAN_ONLY) $(CXXFLAGS) \
	    $(LDFLAGS) $< -L$(B) -lconvanim -Wl,-rpath,$(abspath $(B)) -o $@

# Every suite runs, even after a failure (-k); the target fails if any did.
# With -j the suites run side by side, and each one's output, kept in
# build/tests/NAME.log, is printed whole when it ends. The longest start
# first, so that no long suite is left running alone at the end: the order
# is by the seconds each took last time, the second field of its log's
# first line; a suite without a log (new, or a clean tree) counts as the
# longest. A suite runs alone too (`build/tests/test_conv`,
# `build/tests/test_conv TEST...`); CK_XML_LOG_FILE_NAME=FILE gives each
# test's time. The web test opens the demo's page (out/index.html) in
# headless Chromium. Beside the suites: the README's example, a C++
# program on the shared library, the exported names and the Python
# module's tests.
SUITE_LOGS := $(wildcard $(TESTS:%=%.log))
SUITE_RUNS := $(addsuffix .run,$(filter-out $(SUITE_LOGS:%.log=%),$(TESTS)) \
                $(if $(SUITE_LOGS),$(shell awk 'FNR == 1 { print $$2 + 0, FILENAME }' \
                  $(SUITE_LOGS) | sort -k1,1nr -k2 | sed 's/^[^ ]* //; s/\.log$$//')))
.PHONY: test-extra $(SUITE_RUNS) $(B)/example.run $(B)/tests/cxx_program.run exports.run \
        install.run pytest.run notebook.run firefox.run
# The checks beside the suites start first: the Python module's tests are
# among the longest, and the others' few seconds, mostly spent waiting for
# a compiler, are better taken early than left alone at the end.
test: $(BIN) $(TESTS) $(B)/example $(B)/tests/cxx_program $(SO) demo
	@$(MAKE) --no-print-directory -k pytest.run exports.run $(B)/example.run \
	    $(B)/tests/cxx_program.run $(SUITE_RUNS)

# The checks that take long and test no code a change is likely to touch,
# kept out of `make test` so that it stays quick (some 21 s warm on two cores):
# the pages in headless Firefox (its start-up alone costs more CPU than
# half the suites; Chromium runs the same checks in the web suite), the
# notebook example executed cell by cell, and an install into a scratch
# folder. `make check` runs them once, beside the plain `make test` (the
# sanitizers would find nothing in a browser or in Python).
test-extra: $(BIN) $(SO) demo
	@$(MAKE) --no-print-directory -k firefox.run notebook.run install.run

$(B)/example.run: $(B)/example
	@$< >/dev/null || { echo "tests/example.c failed"; exit 1; }

$(B)/tests/cxx_program.run: $(B)/tests/cxx_program
	@$< || { echo "tests/cxx_program.cpp failed"; exit 1; }

exports.run: $(SO)
	@CC="$(CC)" tests/exports.sh $(SO) || { echo "tests/exports.sh failed"; exit 1; }

install.run: all
	@CC="$(CC)" MAKE="$(MAKE)" PYTHON="$(PYTHON)" PYTHON_ENV="$(strip $(PY_SAN))" B=$(B) \
	    tests/install.sh $(SAN_ONLY) || \
	    { echo "tests/install.sh failed"; exit 1; }

# The Python module from python/ on the library just built, without
# leaving __pycache__ or .pytest_cache in the tree. A library built with
# AddressSanitizer loads into Python only with its runtime preloaded; the
# leaks are the C suites' and valgrind's to find, not Python's own at exit.
PY_SAN := $(if $(filter -fsanitize=address%,$(SAN_ONLY)), \
              LD_PRELOAD=$(shell $(CC) -print-file-name=libasan.so) ASAN_OPTIONS=detect_leaks=0)
PY_ENV = PYTHONPATH=$(CURDIR)/python PYTHONDONTWRITEBYTECODE=1 CONVANIM_LIB=$(abspath $(SO)) \
         CONVANIM_BIN=$(abspath $(BIN)) CONVANIM_FIXTURES=$(CURDIR)/tests/fixtures CC="$(CC)" \
         $(PY_SAN)
pytest.run: $(SO) $(BIN)
	@$(PY_ENV) $(PYTHON) -m pytest -q -p no:cacheprovider python/tests >$(B)/pytest.log 2>&1; \
	    status=$$?; \
	    if [ $$status = 0 ]; then echo "python: $$(tail -n 1 $(B)/pytest.log | tr -d =)"; \
	    else cat $(B)/pytest.log; echo "python/tests failed"; fi; exit $$status

# The notebook example, executed cell by cell into $(B)/notebook/ (the
# committed one has no outputs); any cell that raises fails it.
notebook.run: $(SO)
	@mkdir -p $(B)/notebook && $(PY_ENV) $(PYTHON) -m nbconvert --execute --to notebook \
	    --ExecutePreprocessor.timeout=120 --output-dir $(B)/notebook \
	    examples/convolution.ipynb >$(B)/notebook.log 2>&1; status=$$?; \
	    if [ $$status = 0 ]; then echo "notebook: examples/convolution.ipynb runs"; \
	    else cat $(B)/notebook.log; echo "examples/convolution.ipynb failed"; fi; exit $$status

# The pages in Firefox, as the web suite checks them in Chromium: the
# demo's gallery, an --html page and an embed --player fragment.
firefox.run: $(BIN) demo
	@CONVANIM_BIN=$(abspath $(BIN)) CONVANIM_DEMO=$(CURDIR)/out CONVANIM_AXE=$(CURDIR)/$(AXE) \
	    node tests/web_firefox.js >$(B)/firefox.log 2>&1; status=$$?; \
	    cat $(B)/firefox.log; [ $$status = 0 ] || echo "tests/web_firefox.js failed"; exit $$status

# The suites' scratch folders are in memory where Linux offers it
# (/dev/shm) unless TMPDIR names a place: the atomic writer syncs each file
# and folder it writes, and a thousand syncs to a busy disk left a core
# idle for seconds. The syncs still run; only their wait goes.
TEST_TMPDIR := $(or $(TMPDIR),$(wildcard /dev/shm))
$(SUITE_RUNS): %.run: %
	@$(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR)) CONVANIM_BIN=$(abspath $(BIN)) \
	    CONVANIM_FIXTURES=$(CURDIR)/tests/fixtures CONVANIM_DEMO=$(CURDIR)/out \
	    CONVANIM_AXE=$(CURDIR)/$(AXE) $< >$*.log 2>&1; status=$$?; \
	    cat $*.log; [ $$status = 0 ] || echo "$< failed"; exit $$status

# What CI runs (.ci/run), with warnings as errors: the tests and the
# checks beside them (test-extra), the tests again under the sanitizers,
# valgrind over the command line, and every fuzz target for 30 s.
check:
	@$(MAKE) --no-print-directory WERROR=1 test test-extra
	@$(MAKE) --no-print-directory WERROR=1 test SANITIZE=1 B=$(B)-san
	@$(MAKE) --no-print-directory WERROR=1 memcheck
	@$(MAKE) --no-print-directory WERROR=1 fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

# valgrind over both presets (a GIF and a lossless WebP: libwebp is linked)
# and a 2D figure: any error or leak fails. No WebM or MP4: FFmpeg loads
# libhwy, whose initializer valgrind 3.19 cannot run (src/out/ffmpeg.h).
VALGRIND := valgrind --quiet --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect,possible
memcheck: $(BIN)
	@dir=$$(mktemp -d) && failed=0 && \
	for run in "preset sliding_block -q -o $$dir/a.gif --poster $$dir/a.png" \
	           "preset gaussian_smoothing -q --layout product -o $$dir/b.webp --frames $$dir" \
	           "conv2d assets/moon.png -k sobel:vert -o $$dir/c.png --figure $$dir/d.png"; do \
	    if $(VALGRIND) $(BIN) $$run; then \
	        echo "memcheck: convanim $${run%% -*}: no errors, no leaks"; \
	    else echo "memcheck: convanim $$run: FAILED"; failed=1; fi; \
	done; rm -rf "$$dir"; exit $$failed

# libFuzzer targets, tests/fuzz/fuzz_NAME.c, built with clang into
# build-fuzz. Each runs FUZZ_SECONDS from its seed corpus
# (tests/fuzz/corpus/NAME) and the crashes saved before
# (tests/fuzz/regress/NAME). A new crash is left in build-fuzz/fuzz/: copy
# it into tests/fuzz/regress/NAME/, where `make test` replays it.
FUZZ_SECONDS ?= 30
# An input that takes 10 s, or asks for 512 MB at once, is a bug too.
FUZZ_LIMITS := -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz:
	@$(MAKE) --no-print-directory FUZZ=1 B=$(B)-fuzz fuzz-run

fuzz-run: $(FUZZ_NAMES:%=$(B)/fuzz/fuzz_%)
	@failed=0; for t in $(FUZZ_NAMES); do \
	    dirs=tests/fuzz/corpus/$$t; \
	    [ -d tests/fuzz/regress/$$t ] && dirs="$$dirs tests/fuzz/regress/$$t"; \
	    dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	    mkdir -p $(B)/fuzz/corpus-$$t; \
	    if $(B)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) $(FUZZ_LIMITS) \
	        -artifact_prefix=$(B)/fuzz/$$t- $$dict $(B)/fuzz/corpus-$$t $$dirs \
	        >$(B)/fuzz/$$t.log 2>&1; then \
	        echo "fuzz $$t: $$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) .*/\1 runs in \2 s/p' \
	            $(B)/fuzz/$$t.log), no crash"; \
	    else \
	        tail -n 30 $(B)/fuzz/$$t.log; failed=1; \
	        echo "fuzz $$t: FAILED, see $(B)/fuzz/$$t.log and $(B)/fuzz/$$t-*"; \
	    fi; \
	done; exit $$failed

# test_fuzz replays the corpora through the targets' own code.
$(B)/tests/test_fuzz: $(wildcard tests/fuzz/*.c tests/fuzz/*.h)

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzzutil.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CA_CPPFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) $(CA_CFLAGS) $(CFLAGS) -fsanitize=fuzzer $< $(LIB) $(LDLIBS) -o $@

$(B)/bench_%: tests/bench_%.c tests/benchutil.h tests/conv_arithmetic.h $(LIB)
	$(CC) $(CA_CPPFLAGS) $(CPPFLAGS) $(CA_CFLAGS) $(CFLAGS) $(LDFLAGS) $< $(LIB) $(LDLIBS) -o $@

# numpy's and matplotlib's timings are taken in the same run when Debian's
# python3-numpy and python3-matplotlib are there (medians of 3 runs).
bench: $(BIN) $(B)/bench_conv $(B)/bench_anim $(B)/bench_2d
	@np=$$($(PYTHON) tests/bench_numpy.py 2>/dev/null) || np=; $(B)/bench_conv $$np
	@echo
	@mpl=; if $(PYTHON) -c 'import matplotlib, PIL' 2>/dev/null; then \
	    mpl=mpl=$$(for i in 1 2 3; do $(PYTHON) tests/matplotlib_sliding.py sliding_block \
	        $(B)/mpl.gif 1800x1200; done | sort -n | sed -n 2p); fi; \
	$(B)/bench_anim $(BIN) $$mpl
	@$(B)/bench_2d $(BIN)

# The notebook's two animations, their posters, their narrow renderings for
# phones, their descriptions (the player's captions) and a page playing
# them, in out/.
PRESETS := sliding_block gaussian_smoothing
demo: out/index.html

out/index.html: $(PRESETS:%=out/%.gif)
	$(BIN) gallery out

out/%.gif: $(BIN)
	$(BIN) preset $* -q -o $@ --poster out/$*.png --narrow out/$*.narrow.gif \
	    --describe out/$*.json

# Rewrites the golden images in tests/golden/ and tests/lecture/ from what
# the code draws now:
# only after a deliberate change, and look at each picture before committing
# it. `make test` compares them, and writes a failing one's drawing and a
# diff image to $(B)/golden/.
.PHONY: golden
golden: $(BIN) $(B)/tests/test_text $(B)/tests/test_continuous_anim $(B)/tests/test_lecture
	CONVANIM_GOLDEN=write CONVANIM_FIXTURES=$(CURDIR)/tests/fixtures $(B)/tests/test_text
	CONVANIM_GOLDEN=write CONVANIM_FIXTURES=$(CURDIR)/tests/fixtures \
	    $(B)/tests/test_continuous_anim
	CONVANIM_GOLDEN=write CONVANIM_FIXTURES=$(CURDIR)/tests/fixtures \
	    CONVANIM_BIN=$(abspath $(BIN)) $(B)/tests/test_lecture

# Regenerates the NumPy and SciPy fixtures; needs python3-numpy,
# python3-scipy and python3-pil. `make test` does not.
fixtures:
	$(PYTHON) tests/make_fixtures.py tests/fixtures
	$(PYTHON) tests/make_fixtures2d.py tests/fixtures

# Redraws the test images in assets/; needs python3-numpy and python3-pil.
images:
	$(PYTHON) tests/make_images.py assets

# Quick and quiet when everything is already installed. The npm packages
# (package.json, pinned by package-lock.json) go to node_modules/ here, so
# that `make test` needs no network.
AXE := node_modules/axe-core/axe.min.js
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done; command -v npm >/dev/null || echo npm); \
	if [ -n "$$missing" ]; then \
	    echo "installing:" $$missing; \
	    sudo_=; [ "$$(id -u)" = 0 ] || sudo_=sudo; \
	    $$sudo_ env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    $$sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@[ -f $(AXE) ] && [ -f node_modules/puppeteer-core/package.json ] || \
	    npm ci --no-audit --no-fund --silent

# pkg-config's description of the installed library, for PREFIX.
$(B)/convanim.pc: Makefile
	@mkdir -p $(@D)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	    'Name: convanim' 'Description: convolution animations: signals, engine, rasterizer, GIF, WebP, WebM, MP4 and PNG' \
	    'Version: $(VERSION)' 'Requires.private: $(PKGS)' \
	    'Libs: -L$${libdir} -lconvanim' 'Libs.private: -lgif -lm -lpthread -ldl' \
	    'Cflags: -I$${includedir}' > $@

install: all $(B)/convanim.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include/convanim $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/convanim
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libconvanim.a
	install -m 755 $(SO) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libconvanim.so
	install -m 644 $(B)/convanim.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/convanim.pc
	install -m 644 include/convanim.h $(DESTDIR)$(PREFIX)/include/convanim.h
	install -m 644 include/convanim/*.h $(DESTDIR)$(PREFIX)/include/convanim/
	install -m 644 man/convanim.1 $(DESTDIR)$(PREFIX)/share/man/man1/convanim.1
	install -d $(DESTDIR)$(PYTHON_DIR)/convanim
	install -m 644 python/convanim/*.py $(DESTDIR)$(PYTHON_DIR)/convanim/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/convanim $(DESTDIR)$(PREFIX)/lib/libconvanim.a \
	    $(DESTDIR)$(PREFIX)/lib/$(SONAME) $(DESTDIR)$(PREFIX)/lib/libconvanim.so \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig/convanim.pc $(DESTDIR)$(PREFIX)/share/man/man1/convanim.1 \
	    $(DESTDIR)$(PREFIX)/include/convanim.h
	rm -rf $(DESTDIR)$(PREFIX)/include/convanim $(DESTDIR)$(PYTHON_DIR)/convanim

clean:
	rm -rf $(B) $(B)-san $(B)-fuzz

-include $(shell find $(B) -name '*.d' 2>/dev/null)
