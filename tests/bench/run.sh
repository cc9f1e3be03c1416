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
#
# Figures by kind (bin/bench -k): counts of number, ordinal, percent and
# money figures, percent figures with no percent word or sign, and ranges
# in cents not scaled to the major unit (both 0 when the readings are right).
# Stages (bin/bench -l): tokens+sentences and pipeline (tokens, sentences,
# figures and dates per sentence) are what a user pays for the core;
# analyze is the one analysis call (lede_analyze: structure, sentences with
# roles, tokens, dates, figures with the dates skipped), what every front
# end runs. Then `lede stats` and `lede numbers --format ndjson` over the
# corpus JSONL from the command line (cli stats, cli numbers).
# Then the workflow rate (issue 6): `lede run scripts/drone_figures.lua`
# over the corpus as JSONL into a fresh database, MB/s of article text in
# wall-clock and CPU (user + system) time, beside wc -w; and the db insert
# rate (tests/bench/db_bench.lua, BENCH_DB_ROWS rows, default 1000000).
# BENCH_WORKFLOW_RUNS (default 1) and BENCH_DB=0 (skip the db bench).
# Then HTML in: MB/s of web pages (../shared/pages) through `lede article`.
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

# report NAME FILE [EXTRA]: bin/bench -w times `wc -w` and the C stages
# (CPU time, best of $runs); tests/bench/tokens.lua the Lua stages; the
# command EXTRA (if given) more lines; each line gets its ratio to wc -w.
report() {
  name=$1; file=$2; extra=${3:-}
  size=$(wc -c <"$file")
  words=$(wc -w <"$file")
  printf '\n== %s: %s bytes, %s words (wc -w), locale %s\n' \
    "$name" "$size" "$words" "${LC_ALL:-${LC_CTYPE:-${LANG:-C}}}"
  {
    bin/bench -w -r "$runs" "$file" || echo "bench failed"
    LUA_CPATH="bin/?.so;;" lua5.4 tests/bench/tokens.lua "$file" "$runs" ||
      echo "lua stages failed"
    if [ -n "$extra" ]; then $extra; fi
  } | awk -F '\t' '
    BEGIN { printf "%-18s %10s %9s %10s\n", "stage", "MB/s", "x wc -w", "items" }
    NF < 4 { print; next }
    $1 == "wc -w" { wc = $2 }
    { printf "%-18s %10.1f %9.2f %10s\n", $1, $2, (wc > 0 ? $2 / wc : 0), $3 }'
}

# workflow: drone_figures over the corpus as JSONL, into a fresh database.
# Prints "workflow ... <tab> MB/s <tab> articles <tab> seconds" lines, the
# MB being article text (the "text" fields), for report's table.
workflow() {
  jsonl=build/bench/news.jsonl
  if [ ! -s "$jsonl" ] || [ "$corpus/news.jsonl.gz" -nt "$jsonl" ]; then
    gzip -dc "$corpus/news.jsonl.gz" >"$jsonl.tmp" && mv "$jsonl.tmp" "$jsonl"
  fi
  # article text bytes: news.txt less the blank lines put between articles
  arts=$(grep -c '"text"' "$jsonl")
  tbytes=$(( $(wc -c <build/bench/news.txt) - 2 * (arts - 1) ))
  db=build/bench/drones.db
  best_wall=; best_cpu=
  r=0
  while [ "$r" -lt "${BENCH_WORKFLOW_RUNS:-1}" ]; do
    r=$((r + 1))
    rm -f "$db" "$db-wal" "$db-shm"
    times >build/bench/times.0   # no subshell: children's times of this shell
    t0=$(date +%s.%N)
    bin/lede run scripts/drone_figures.lua --db "$db" "$jsonl" >/dev/null ||
      { echo "workflow failed"; return; }
    t1=$(date +%s.%N)
    times >build/bench/times.1
    wall=$(echo "$t0 $t1" | awk '{ print $2 - $1 }')
    # times prints "XmY.YYYs" for children's user and system time
    cpu=$(awk '
      function sec(x) { split(x, a, "m"); sub("s", "", a[2]); return a[1] * 60 + a[2] }
      FNR == 2 { t[FILENAME] = sec($1) + sec($2) }
      END { print t[ARGV[2]] - t[ARGV[1]] }' build/bench/times.0 build/bench/times.1)
    best_wall=$(echo "$best_wall $wall" | awk '{ print (NF == 1 || $2 < $1) ? $NF : $1 }')
    best_cpu=$(echo "$best_cpu $cpu" | awk '{ print (NF == 1 || $2 < $1) ? $NF : $1 }')
  done
  rows=$(sqlite3 "$db" "SELECT count(*) FROM drone_reports" 2>/dev/null || echo "?")
  printf 'workflow wall\t%s\t%s\t%s\n' \
    "$(echo "$tbytes $best_wall" | awk '{ printf "%.1f", $1 / 1e6 / ($2 > 0 ? $2 : 1e-9) }')" \
    "$arts" "$best_wall"
  printf 'workflow cpu\t%s\t%s\t%s\n' \
    "$(echo "$tbytes $best_cpu" | awk '{ printf "%.1f", $1 / 1e6 / ($2 > 0 ? $2 : 1e-9) }')" \
    "$arts" "$best_cpu"
  echo "  (drone_figures: $arts articles, $tbytes bytes of text, $rows drone_reports rows; target >= 20 MB/s)"
}

extract "$corpus/news.jsonl.gz" build/bench/news.txt
# cli: the CLI verbs a user runs over the corpus JSONL (issue 13): `lede
# stats` and `lede numbers --format ndjson`, CPU time (user + system) and
# peak RSS, MB/s of article text (the same bytes as news.txt without the
# blank lines between articles), so the ratio to wc -w is comparable.
cli() {
  jsonl=build/bench/news.jsonl
  arts=$(grep -c '"text"' "$jsonl")
  tbytes=$(( $(wc -c <build/bench/news.txt) - 2 * (arts - 1) ))
  for verb in "stats" "numbers --format ndjson"; do
    best=
    r=0
    while [ "$r" -lt "$runs" ]; do
      r=$((r + 1))
      /usr/bin/time -f "%U %S %M" -o build/bench/cli.time \
        bin/lede $verb "$jsonl" >/dev/null 2>&1 || { echo "cli $verb failed"; return; }
      t=$(awk '{ print $1 + $2 }' build/bench/cli.time)
      rss=$(awk '{ print $3 }' build/bench/cli.time)
      best=$(echo "$best $t" | awk '{ print (NF == 1 || $2 < $1) ? $NF : $1 }')
    done
    printf 'cli %s\t%s\t%s\t%s\n' "$(echo "$verb" | cut -d' ' -f1)" \
      "$(echo "$tbytes $best" | awk '{ printf "%.1f", $1 / 1e6 / ($2 > 0 ? $2 : 1e-9) }')" \
      "$arts" "$best"
    echo "  (lede $verb over $arts articles: ${best}s CPU, peak RSS ${rss} KB)"
  done
  echo "  (targets: cli stats >= 0.25x wc -w, cli numbers >= 0.2x; analyze >= 0.5x)"
}

cli_and_workflow() { cli; workflow; }

report "news.jsonl.gz (English)" build/bench/news.txt cli_and_workflow
# the figures by kind, and the audits of wrong readings (bench -k)
printf '\n== figures of news.jsonl.gz by kind (bin/bench -k)\n'
bin/bench -k build/bench/news.txt || echo "figure counts failed"
if [ -f "$corpus/news_multilingual.jsonl.gz" ]; then
  extract "$corpus/news_multilingual.jsonl.gz" build/bench/news_multilingual.txt
  report "news_multilingual.jsonl.gz" build/bench/news_multilingual.txt
fi

# HTML in (issue 11): MB/s of HTML through `lede article` over the web
# pages of ../shared/pages/dev (gunzipped once into build/bench/pages), in
# CPU time (user + system, best of $runs), beside `wc -w` on the same files.
cpu_of() { # command... -> its CPU seconds
  /usr/bin/time -f '%U %S' -o build/bench/cpu.txt "$@" >/dev/null 2>&1
  awk '{ print $1 + $2 }' build/bench/cpu.txt
}
pages=../shared/pages/dev
if ls "$pages"/*.html.gz >/dev/null 2>&1 && [ -x /usr/bin/time ]; then
  mkdir -p build/bench/pages
  for f in "$pages"/*.html.gz; do
    out=build/bench/pages/$(basename "$f" .gz)
    [ -s "$out" ] || gzip -dc "$f" >"$out"
  done
  hbytes=$(cat build/bench/pages/*.html | wc -c)
  npages=$(ls build/bench/pages/*.html | wc -l)
  best_lede=; best_wc=
  r=0
  while [ "$r" -lt "$runs" ]; do
    r=$((r + 1))
    t=$(cpu_of bin/lede article --format json build/bench/pages)
    best_lede=$(echo "$best_lede $t" | awk '{ print (NF == 1 || $2 < $1) ? $NF : $1 }')
    t=$(cpu_of sh -c 'cat build/bench/pages/*.html | wc -w')
    best_wc=$(echo "$best_wc $t" | awk '{ print (NF == 1 || $2 < $1) ? $NF : $1 }')
  done
  printf '\n== HTML pages (%s pages, %s bytes of HTML)\n' "$npages" "$hbytes"
  echo "$hbytes $best_wc $best_lede" | awk '{
    wc = $1 / 1e6 / ($2 > 0 ? $2 : 1e-3); l = $1 / 1e6 / ($3 > 0 ? $3 : 1e-3)
    printf "%-18s %10s %9s\n", "stage", "MB/s", "x wc -w"
    printf "%-18s %10.1f %9.2f\n", "wc -w", wc, 1
    printf "%-18s %10.1f %9.2f\n", "lede article html", l, l / wc }'
fi

# db insert rate (issue 6: db:insert >= 500,000 rows/s)
if [ "${BENCH_DB:-1}" != 0 ]; then
  printf '\n== lede.db inserts (tests/bench/db_bench.lua, target >= 500000 rows/s)\n'
  LUA_CPATH="bin/?.so;;" lua5.4 tests/bench/db_bench.lua ${BENCH_DB_ROWS:-} ||
    echo "db bench failed"
fi

# the cost of a plugin call (issue 17): countries.find with and without
# the sandbox
printf '\n== plugin calls (tests/bench/plugin_bench.lua)\n'
LUA_CPATH="bin/?.so;;" lua5.4 tests/bench/plugin_bench.lua "$corpus/news.jsonl.gz" ||
  echo "plugin bench failed"

# many processes: -j, lede map through GNU parallel, shard merging
tests/bench/scale.sh
