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
#     so 2 / share is what -j 2 gives on two idle cores; the workers' own
#     CPU seconds come from lede's summary;
#   - `lede map scripts/money.lua` alone, and through GNU parallel
#     --pipepart with 2 jobs (the README's recipe: each job writes its own
#     part file), both writing files; and GNU parallel alone on the same
#     split (`cat`), its fixed cost;
#   - `lede merge` of two shards (money over each half of the corpus), as
#     a share of the single money run. `-j` itself has no merge phase: its
#     workers write into the database.
# It ends with the targets: -j 2 >= 1.7x, parallel map >= 1.7x, merge <
# 10% of the run. On a machine shared with other work the wall ratios
# fall; the CPU shares depend much less on the load.
set -u
cd "$(dirname "$0")/../.."
corpus=../shared/corpus
if [ ! -f "$corpus/news.jsonl.gz" ]; then
  echo "scale bench: skipped, $corpus/news.jsonl.gz not found"
  exit 0
fi
mkdir -p build/bench
b=build/bench
jsonl=$b/news.jsonl
if [ ! -s "$jsonl" ] || [ "$corpus/news.jsonl.gz" -nt "$jsonl" ]; then
  gzip -dc "$corpus/news.jsonl.gz" >"$jsonl.tmp" && mv "$jsonl.tmp" "$jsonl"
fi
lede=${LEDE:-bin/lede}

# timed LABEL CMD...: runs CMD, prints "LABEL<tab>wall<tab>cpu".
timed() {
  label=$1; shift
  times >$b/scale.t0
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>$b/scale.err || { echo "$label failed: $(tail -1 $b/scale.err)"; return 1; }
  t1=$(date +%s.%N)
  times >$b/scale.t1
  cpu=$(awk '
    function sec(x) { split(x, a, "m"); sub("s", "", a[2]); return a[1] * 60 + a[2] }
    FNR == 2 { t[FILENAME] = sec($1) + sec($2) }
    END { print t[ARGV[2]] - t[ARGV[1]] }' $b/scale.t0 $b/scale.t1)
  printf '%s\t%s\t%s\n' "$label" "$(echo "$t0 $t1" | awk '{ print $2 - $1 }')" "$cpu"
}

fresh() { for f in "$@"; do rm -f "$f" "$f-wal" "$f-shm"; done; }
run_db() { db=$1; shift; fresh "$db"; "$lede" run "$@" --db "$db" "$jsonl"; }
map_one() { "$lede" map scripts/money.lua <"$jsonl" >$b/scale.rows; }
# --pipepart reads the file itself, in 2 parts per job slot; each job
# writes its own part file (parallel's --group would copy every byte)
map_par() {
  rm -f $b/scale.rows.*
  parallel --will-cite --pipepart -a "$jsonl" --block -2 -j 2 \
    "$lede map scripts/money.lua > $b/scale.rows.{#}"
}
par_only() { parallel --will-cite --pipepart -a "$jsonl" --block -2 -j 2 "cat > /dev/null"; }
merge_two() { fresh $b/scale_m.db; "$lede" merge --db $b/scale_m.db $b/scale_a.db $b/scale_b.db; }

printf '\n== scaling out (%s, %s bytes)\n' "$jsonl" "$(wc -c <"$jsonl")"
{
  timed "wc -w" wc -w "$jsonl"
  for wf in drone_figures money; do
    timed "$wf -j 1" run_db $b/scale1.db "scripts/$wf.lua"
    timed "$wf -j 2" run_db $b/scale2.db "scripts/$wf.lua" -j 2
    printf 'workers\t%s\n' "$(sed -n 's/.*(CPU s: \(.*\))$/\1/p' $b/scale.err)"
  done
  timed "map" map_one
  if command -v parallel >/dev/null; then
    timed "map parallel -j 2" map_par
    timed "parallel alone" par_only
  fi
  # two shards: money over each half of the corpus (not timed)
  half=$(($(wc -l <"$jsonl") / 2))
  head -n "$half" "$jsonl" >$b/scale_a.jsonl
  tail -n +"$((half + 1))" "$jsonl" >$b/scale_b.jsonl
  fresh $b/scale_a.db $b/scale_b.db
  "$lede" run scripts/money.lua --db $b/scale_a.db $b/scale_a.jsonl 2>/dev/null
  "$lede" run scripts/money.lua --db $b/scale_b.db $b/scale_b.jsonl 2>/dev/null
  timed "lede merge" merge_two
} | awk -F '\t' '
  BEGIN { printf "%-22s %8s %8s %9s %9s\n", "step", "wall s", "cpu s", "speedup", "cpu share" }
  $1 == "workers" { workers[order[n]] = $2; next }
  NF < 3 { print; next }
  { wall[$1] = $2; cpu[$1] = $3; order[++n] = $1 }
  END {
    for (i = 1; i <= n; i++) {
      k = order[i]; base = k
      if (base ~ / parallel -j 2$/) sub(/ parallel -j 2$/, "", base)
      else sub(/ -j 2$/, " -j 1", base)
      sp = ""; sh = ""
      if (base != k && wall[k] > 0) { sp = sprintf("%.2fx", wall[base] / wall[k]); sh = sprintf("%.2f", cpu[k] / cpu[base]) }
      printf "%-22s %8.2f %8.2f %9s %9s\n", k, wall[k], cpu[k], sp, sh
      if (k in workers) printf "%-22s %s\n", "  cpu s per worker", workers[k]
    }
    ratio = "map parallel -j 2"
    printf "\n== targets (issue 16)\n"
    printf "%-40s %8s   %s\n", "drone_figures -j 2 vs -j 1", sprintf("%.2fx", wall["drone_figures -j 1"] / wall["drone_figures -j 2"]), "target >= 1.7x"
    printf "%-40s %8s   %s\n", "money -j 2 vs -j 1", sprintf("%.2fx", wall["money -j 1"] / wall["money -j 2"]), "target >= 1.7x"
    if (wall[ratio] > 0) {
      printf "%-40s %8s   %s\n", "map via GNU parallel -j 2 vs one map", sprintf("%.2fx", wall["map"] / wall[ratio]), "target >= 1.7x"
      printf "%-40s %8s   %s\n", "  without parallel'"'"'s own wall (alone)", sprintf("%.2fx", wall["map"] / (wall[ratio] - wall["parallel alone"])), "(what lede'"'"'s part gives)"
    }
    printf "%-40s %8s   %s\n", "merge phase of -j 2", "none", "target < 10% of the run (workers write the database)"
    printf "%-40s %8s   %s\n", "lede merge of 2 shards / money -j 1", sprintf("%.1f%%", 100 * wall["lede merge"] / wall["money -j 1"]), "target < 10%"
  }'
rm -rf $b/scale1.db* $b/scale2.db* $b/scale_?.db* $b/scale_m.db* $b/scale_?.jsonl $b/scale.rows* $b/scale.t0 $b/scale.t1
