#!/bin/sh
# scale.sh -- the scaling benchmark (issue 16), run by tests/bench/run.sh
# after the stage table, or alone: tests/bench/scale.sh.
#
# Over the English corpus as JSONL (build/bench/news.jsonl), in one run:
#   - `wc -w` on the same file, for reference;
#   - drone_figures and money (scripts/money.lua): `lede run` in one
#     process and with -j 2, wall and CPU (user + system, all processes);
#     the speedup is the wall-clock ratio; "cpu share" is how much of the
#     single run's CPU the parallel run needs in all (1.00 = no overhead),
#     so 2 / share is what -j 2 gives on two idle cores;
#   - `lede map scripts/money.lua` alone and through GNU parallel --pipe
#     with 2 jobs;
#   - the merge of the two shards, as a share of the -j 2 run.
# Targets: -j 2 >= 1.7x, parallel map >= 1.7x, merge < 10% of the run.
# On a machine shared with other work the wall ratios fall; the CPU shares
# do not depend on the load.
set -u
cd "$(dirname "$0")/../.."
corpus=../shared/corpus
if [ ! -f "$corpus/news.jsonl.gz" ]; then
  echo "scale bench: skipped, $corpus/news.jsonl.gz not found"
  exit 0
fi
mkdir -p build/bench
jsonl=build/bench/news.jsonl
if [ ! -s "$jsonl" ] || [ "$corpus/news.jsonl.gz" -nt "$jsonl" ]; then
  gzip -dc "$corpus/news.jsonl.gz" >"$jsonl.tmp" && mv "$jsonl.tmp" "$jsonl"
fi
lede=${LEDE:-bin/lede}

# timed LABEL CMD...: runs CMD, prints "LABEL<tab>wall<tab>cpu".
timed() {
  label=$1; shift
  times >build/bench/scale.t0
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>build/bench/scale.err || { echo "$label failed: $(tail -1 build/bench/scale.err)"; return 1; }
  t1=$(date +%s.%N)
  times >build/bench/scale.t1
  cpu=$(awk '
    function sec(x) { split(x, a, "m"); sub("s", "", a[2]); return a[1] * 60 + a[2] }
    FNR == 2 { t[FILENAME] = sec($1) + sec($2) }
    END { print t[ARGV[2]] - t[ARGV[1]] }' build/bench/scale.t0 build/bench/scale.t1)
  printf '%s\t%s\t%s\n' "$label" "$(echo "$t0 $t1" | awk '{ print $2 - $1 }')" "$cpu"
}

run_db() { rm -rf "$2" "$2-wal" "$2-shm" "$2.shards"; shift; db=$1; shift; "$lede" run "$@" --db "$db" "$jsonl"; }
map_one() { "$lede" map scripts/money.lua <"$jsonl"; }
# --pipepart reads the file itself in two parts (--pipe would push every
# byte through parallel's own process)
map_par() { parallel --will-cite --pipepart -a "$jsonl" --block -1 -j 2 "$lede" map scripts/money.lua; }

printf '\n== scaling out (%s, %s bytes)\n' "$jsonl" "$(wc -c <"$jsonl")"
{
  timed "wc -w" wc -w "$jsonl"
  for wf in drone_figures money; do
    timed "$wf -j 1" run_db x build/bench/scale1.db "scripts/$wf.lua"
    timed "$wf -j 2" run_db x build/bench/scale2.db "scripts/$wf.lua" -j 2
    merged=$(sed -n 's/.*(merged in \([0-9.]*\) s).*/\1/p' build/bench/scale.err)
    printf '%s merge\t%s\t%s\n' "$wf" "${merged:-0}" "${merged:-0}"
  done
  timed "map" map_one
  if command -v parallel >/dev/null; then timed "map parallel -j 2" map_par; fi
} | awk -F '\t' '
  BEGIN { printf "%-22s %8s %8s %9s %9s\n", "step", "wall s", "cpu s", "speedup", "cpu share" }
  NF < 3 { print; next }
  { wall[$1] = $2; cpu[$1] = $3; order[++n] = $1 }
  END {
    for (i = 1; i <= n; i++) {
      k = order[i]; base = k
      if (base ~ / parallel -j 2$/) sub(/ parallel -j 2$/, "", base)
      else sub(/ -j 2$/, " -j 1", base)
      sp = ""; sh = ""
      if (base != k && wall[k] > 0) { sp = sprintf("%.2fx", wall[base] / wall[k]); sh = sprintf("%.2f", cpu[k] / cpu[base]) }
      if (k ~ / merge$/) { run = k; sub(/ merge$/, " -j 2", run); sp = sprintf("%.1f%% of run", 100 * wall[k] / wall[run]) }
      printf "%-22s %8.2f %8.2f %9s %9s\n", k, wall[k], cpu[k], sp, sh
    }
  }'
rm -rf build/bench/scale1.db* build/bench/scale2.db* build/bench/scale.t0 build/bench/scale.t1
