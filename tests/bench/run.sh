#!/bin/sh
# run.sh -- the benchmark: MB/s of each core stage over the news corpus,
# beside `wc -w` on the same text in the same run (best of 3 each).
#
#   tests/bench/run.sh            (or: make bench)
#
# Needs ../shared/corpus/news.jsonl.gz (skipped with a message when absent),
# bin/bench and bin/lede.so (make), lua5.4 with lua-cjson. The article
# texts are extracted once into build/bench/*.txt, blank lines between
# articles. news_multilingual.jsonl.gz, when present, times the non-ASCII
# path the same way. Not a pass/fail test: it prints numbers.
set -u
cd "$(dirname "$0")/../.."
corpus=../shared/corpus
runs=${BENCH_RUNS:-3}
if [ ! -f "$corpus/news.jsonl.gz" ]; then
  echo "bench: skipped, $corpus/news.jsonl.gz not found"
  exit 0
fi
[ -x bin/bench ] || { echo "bench: bin/bench missing (run make)"; exit 1; }
mkdir -p build/bench

# extract GZ OUT: the "text" field of each JSON line, blank line between.
extract() {
  if [ ! -s "$2" ] || [ "$1" -nt "$2" ]; then
    gzip -dc "$1" | lua5.4 -e '
      local cjson = require "cjson"
      local first = true
      for line in io.lines() do
        local ok, obj = pcall(cjson.decode, line)
        if ok and type(obj) == "table" and type(obj.text) == "string" then
          if not first then io.write("\n\n") end
          io.write(obj.text)
          first = false
        end
      end' >"$2.tmp" && mv "$2.tmp" "$2"
  fi
}

# report NAME FILE: bin/bench -w times `wc -w` and the C stages (CPU time,
# best of $runs); tests/bench/tokens.lua the Lua stages; each line gets its
# ratio to wc -w.
report() {
  name=$1; file=$2
  size=$(wc -c <"$file")
  words=$(wc -w <"$file")
  printf '\n== %s: %s bytes, %s words (wc -w), locale %s\n' \
    "$name" "$size" "$words" "${LC_ALL:-${LC_CTYPE:-${LANG:-C}}}"
  {
    bin/bench -w -r "$runs" "$file" || echo "bench failed"
    LUA_CPATH="bin/?.so;;" lua5.4 tests/bench/tokens.lua "$file" "$runs" ||
      echo "lua stages failed"
  } | awk -F '\t' '
    BEGIN { printf "%-18s %10s %9s %10s\n", "stage", "MB/s", "x wc -w", "items" }
    NF < 4 { print; next }
    $1 == "wc -w" { wc = $2 }
    { printf "%-18s %10.1f %9.2f %10s\n", $1, $2, (wc > 0 ? $2 / wc : 0), $3 }'
}

extract "$corpus/news.jsonl.gz" build/bench/news.txt
report "news.jsonl.gz (English)" build/bench/news.txt
if [ -f "$corpus/news_multilingual.jsonl.gz" ]; then
  extract "$corpus/news_multilingual.jsonl.gz" build/bench/news_multilingual.txt
  report "news_multilingual.jsonl.gz" build/bench/news_multilingual.txt
fi
