#!/bin/sh
# run.sh SECONDS -- runs every fuzz target in bin/fuzz, sharing SECONDS
# between them; corpora are kept in build/fuzz-corpus/TARGET.
set -u
cd "$(dirname "$0")/../.."
total=${1:-30}
targets=$(ls bin/fuzz 2>/dev/null)
[ -n "$targets" ] || { echo "no fuzz targets built"; exit 0; }
count=$(echo "$targets" | wc -w)
each=$(( total / count )); [ "$each" -ge 1 ] || each=1
# Short (smoke) runs use a fixed seed so that CI repeats what was run
# here; long runs explore with a random one.
seed=""
[ "$total" -le 120 ] && seed="-seed=1"
status=0
for t in $targets; do
  mkdir -p "build/fuzz-corpus/$t"
  echo "fuzz $t for ${each}s"
  if ! bin/fuzz/$t $seed -artifact_prefix=build/fuzz- -max_total_time="$each" -max_len=4096 -timeout=10 \
       -print_final_stats=0 "build/fuzz-corpus/$t" tests/fuzz/seeds \
       >"build/fuzz-$t.log" 2>&1; then
    tail -40 "build/fuzz-$t.log"
    status=1
  fi
done
exit $status
