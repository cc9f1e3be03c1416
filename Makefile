# lede -- the front door. The build itself is described in premake5.lua;
# the generated makefiles live in build/.
#
#   make          build release into bin/ (bin/lede, bin/lede.so)
#   make demo     install missing Debian packages, build, run the main job
#   make test     build every configuration and run every test
#   make bench    benchmarks against `wc -w` (needs ../shared/corpus)
#   make compare OLD=COMMIT   every verb's output, this tree against COMMIT,
#                 over both corpora (default OLD: the merge-base with main)
#   make fuzz     long fuzzing runs (FUZZ_SECONDS in all, default 600;
#                 FUZZ_RUNS=N executions per target instead; FUZZ_ONLY="numbers html";
#                 FUZZ_SAN=undefined for a faster build without ASan)
#   make install PREFIX=/usr/local    lede, lede.so, lede_sqlite.so, plugins
#   make uninstall PREFIX=/usr/local

DEPS = build-essential pkg-config liblua5.4-dev lua5.4 lua-cjson \
       libutf8proc-dev libsqlite3-dev sqlite3 libedit-dev nettle-dev zlib1g-dev premake4 \
       lua-busted libcmocka-dev unicode-data iso-codes clang \
       libclang-rt-14-dev tmux util-linux libgumbo-dev libseccomp-dev \
       chromium parallel python3-distributed openssh-server
PREMAKE = $(if $(shell command -v premake5),premake5 gmake,premake4 --file=premake5.lua gmake)
LUA_SOURCES = $(sort $(wildcard bindings/lua/*.lua))
# FUZZ_SAN picks the sanitizers of the fuzz build; the default builds into
# build/fuzz and bin/fuzz, another choice (FUZZ_SAN=undefined, about three
# times the executions a second, for long counting runs) into its own dirs.
comma := ,
FUZZ_SAN ?= address,undefined
FUZZ_DIR = fuzz$(if $(filter address$(comma)undefined,$(FUZZ_SAN)),,-$(subst $(comma),-,$(FUZZ_SAN)))
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,bin/$(FUZZ_DIR)/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -Icore -Ibuild/gen -fsanitize=fuzzer,$(FUZZ_SAN)
JOBS ?= 2

.PHONY: all release debug sanitize nosimd deps demo test bench compare fuzz fuzz-build clean install uninstall

all: release

# premake runs every time: it is fast, and it picks up new source files.
release debug sanitize nosimd: build/gen/embedded.c build/gen/vocab_table.h
	@mkdir -p build
	@flock build/.lock sh -c '$(PREMAKE) >/dev/null && $(MAKE) --no-print-directory -C build config=$@ -j$(JOBS)'

build/gen/embedded.c: tools/embed.lua $(LUA_SOURCES)
	@mkdir -p build/gen
	lua5.4 tools/embed.lua $@ $(LUA_SOURCES)

VOCAB_DATA = $(sort $(wildcard core/vocab/*.tsv))
build/gen/vocab_table.h build/gen/vocab_roles.h: tools/gen_vocab.lua $(VOCAB_DATA)
	lua5.4 tools/gen_vocab.lua core/vocab build/gen
	@touch build/gen/vocab_table.h build/gen/vocab_roles.h

deps:
	@missing=$$(for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "lede needs these Debian packages; run as root:"; \
	    echo "  apt-get install -y" $$missing; exit 1; \
	  fi; \
	fi

demo: deps release
	scripts/demo.sh

# The core is compiled once for all fuzz targets (with coverage and
# sanitizers, no main), then each target links against it.
FUZZ_CORE_OBJS = $(patsubst core/%.c,build/$(FUZZ_DIR)/%.o,$(wildcard core/*.c))
fuzz-build: $(FUZZ_TARGETS)
.SECONDARY: $(FUZZ_CORE_OBJS)
build/$(FUZZ_DIR)/%.o: core/%.c $(wildcard core/*.h) build/gen/vocab_table.h
	@mkdir -p build/$(FUZZ_DIR)
	clang $(FUZZ_CFLAGS:fuzzer=fuzzer-no-link) -c -o $@ $<
bin/$(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_CORE_OBJS)
	@mkdir -p bin/$(FUZZ_DIR)
	clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_CORE_OBJS) -lutf8proc -lm
# The HTML reader (bindings/html, over gumbo) has its own target.
FUZZ_HTML_OBJS = $(patsubst bindings/html/%.c,build/$(FUZZ_DIR)/html_%.o,$(wildcard bindings/html/*.c))
.SECONDARY: $(FUZZ_HTML_OBJS)
build/$(FUZZ_DIR)/html_%.o: bindings/html/%.c $(wildcard bindings/html/*.h) core/lede.h
	@mkdir -p build/$(FUZZ_DIR)
	clang $(FUZZ_CFLAGS:fuzzer=fuzzer-no-link) -c -o $@ $<
bin/$(FUZZ_DIR)/fuzz_html: tests/fuzz/fuzz_html.c $(FUZZ_CORE_OBJS) $(FUZZ_HTML_OBJS)
	@mkdir -p bin/$(FUZZ_DIR)
	clang $(FUZZ_CFLAGS) -Ibindings -o $@ $< $(FUZZ_HTML_OBJS) $(FUZZ_CORE_OBJS) -lgumbo -lutf8proc -lm

# The JSON reader (bindings/ljson.c, over the Lua C API) has its own too.
LUA_CFLAGS = $(shell pkg-config --cflags lua5.4)
build/$(FUZZ_DIR)/ljson.o: bindings/ljson.c bindings/lbind.h core/lede.h
	@mkdir -p build/$(FUZZ_DIR)
	clang $(FUZZ_CFLAGS:fuzzer=fuzzer-no-link) $(LUA_CFLAGS) -Ibindings -c -o $@ $<
bin/$(FUZZ_DIR)/fuzz_json: tests/fuzz/fuzz_json.c build/$(FUZZ_DIR)/ljson.o $(FUZZ_CORE_OBJS)
	@mkdir -p bin/$(FUZZ_DIR)
	clang $(FUZZ_CFLAGS) $(LUA_CFLAGS) -Ibindings -o $@ $< build/$(FUZZ_DIR)/ljson.o $(FUZZ_CORE_OBJS) -llua5.4 -lutf8proc -lm

test: deps release sanitize nosimd
	@$(MAKE) --no-print-directory -j$(JOBS) fuzz-build
	tests/run.sh

bench: release
	tests/bench/run.sh

OLD ?= $(shell git merge-base HEAD main)
compare: release
	tests/compare/run.sh --old $(OLD)

fuzz: fuzz-build
	FUZZ_BIN=bin/$(FUZZ_DIR) tests/fuzz/run.sh $${FUZZ_SECONDS:-600} $(FUZZ_ONLY)

clean:
	rm -rf build bin

# Installed: the program on PATH, the Lua module where stock lua5.4 looks
# (PREFIX/lib/lua/5.4), the SQLite extension, and the shipped plugins,
# which lede finds from PREFIX/share/lede/plugins in any folder.
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_BIN = $(DESTDIR)$(PREFIX)/bin
INSTALL_LUA = $(DESTDIR)$(PREFIX)/lib/lua/5.4
INSTALL_LIB = $(DESTDIR)$(PREFIX)/lib/lede
INSTALL_SHARE = $(DESTDIR)$(PREFIX)/share/lede
SHIPPED_PLUGINS = $(notdir $(wildcard plugins/*))

install: release
	install -d $(INSTALL_BIN) $(INSTALL_LUA) $(INSTALL_LIB) $(INSTALL_SHARE)/plugins
	install -m 755 bin/lede $(INSTALL_BIN)/lede
	install -m 755 bin/lede.so $(INSTALL_LUA)/lede.so
	install -m 755 bin/lede_sqlite.so $(INSTALL_LIB)/lede_sqlite.so
	for p in $(SHIPPED_PLUGINS); do rm -rf $(INSTALL_SHARE)/plugins/$$p; \
	  cp -R plugins/$$p $(INSTALL_SHARE)/plugins/$$p; done
	@echo "installed lede in $(DESTDIR)$(PREFIX): $(INSTALL_BIN)/lede"

uninstall:
	rm -f $(INSTALL_BIN)/lede $(INSTALL_LUA)/lede.so $(INSTALL_LIB)/lede_sqlite.so
	for p in $(SHIPPED_PLUGINS); do rm -rf $(INSTALL_SHARE)/plugins/$$p; done
	-rmdir $(INSTALL_SHARE)/plugins $(INSTALL_SHARE) $(INSTALL_LIB) 2>/dev/null
