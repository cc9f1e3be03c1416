#!/bin/sh
# run.sh -- every test of lede, as `make test` runs it (after building the
# release and sanitize configurations and the fuzz targets).
#
#   C unit and conformance tests (cmocka)      bin/test_*, bin/sanitize/test_*,
#     and bin/nosimd/test_* (built with -DLEDE_NO_SIMD: the portable loops)
#   Lua specs and CLI specs (busted)           tests/lua, tests/cli
#     once against bin/ and once against bin/sanitize/ (ASan+UBSan)
#   the page benchmark, text and HTML modes    tests/pages/score_pages.py
#   fuzz smoke runs                            bin/fuzz/* (FUZZ_SMOKE seconds in all)
set -u
cd "$(dirname "$0")/.."
failed=""
note() { printf '\n== %s\n' "$*"; }
run() { # name, command...
  name=$1; shift
  if "$@"; then :; else failed="$failed
  $name"; fi
}

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

for config in release sanitize nosimd; do
  dir=bin/$config; [ $config = release ] && dir=bin
  note "C tests ($config)"
  for t in "$dir"/test_*; do
    [ -x "$t" ] || continue
    run "$t" "$t"
  done
done

# The build without SIMD paths (-DLEDE_NO_SIMD) must find the same things.
nosimd_same() {
  note "no-SIMD build against release: same output over scripts/samples"
  for verb in tokens sentences numbers dates article; do
    bin/lede "$verb" scripts/samples >build/nosimd-release.out || return 1
    bin/nosimd/lede "$verb" scripts/samples >build/nosimd-nosimd.out || return 1
    cmp -s build/nosimd-release.out build/nosimd-nosimd.out ||
      { echo "lede $verb differs without SIMD"; return 1; }
  done
  echo "same"
}
run "no-SIMD output" nosimd_same

# The public header stands alone, in C and in C++ (extern "C").
public_header() {
  note "core/lede.h alone, as C11 and as C++"
  printf '#include "lede.h"\nint main(void) { return LEDE_VERSION_NUMBER < 0; }\n' \
    >build/header_check.c
  cc -std=c11 -Wall -Wextra -Werror -Icore -fsyntax-only build/header_check.c &&
    c++ -Wall -Wextra -Werror -Icore -fsyntax-only -x c++ build/header_check.c &&
    echo "ok"
}
run "public header" public_header

busted_run() { # config
  dir=bin; preload=""
  if [ "$1" = sanitize ]; then
    dir=bin/sanitize
    preload="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
  fi
  note "Lua and CLI specs ($1)"
  env LEDE_BIN="$dir/lede" LUA_CPATH="$dir/?.so;;" LD_PRELOAD="$preload" \
      ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" \
      busted --lua=lua5.4 -o utfTerminal tests/lua tests/cli
}
run "busted (release)" busted_run release
run "busted (sanitize)" busted_run sanitize

note "old-vs-new outputs (tests/compare)"
run "compare" tests/compare/run.sh

note "page benchmark, text and HTML modes (skipped without ../shared/pages)"
run "pages (text)" python3 tests/pages/score_pages.py --mode text --check
run "pages (HTML)" python3 tests/pages/score_pages.py --mode html --check

note "fuzz smoke runs"
run "fuzz" tests/fuzz/run.sh "${FUZZ_SMOKE:-30}"

if [ -n "$failed" ]; then
  printf '\nFAILED:%s\n' "$failed"
  exit 1
fi
printf '\nall tests passed\n'
