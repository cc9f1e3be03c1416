#!/bin/sh
# run.sh SECONDS [TARGET...] -- runs the fuzz targets in $FUZZ_BIN (default
# bin/fuzz; all of them, or the TARGETs named: "numbers" or "fuzz_numbers"),
# sharing SECONDS between them. With FUZZ_RUNS=N each runs N executions
# instead, however long that takes. Corpora are kept in
# build/fuzz-corpus/TARGET, logs in build/fuzz-TARGET.log.
set -u
cd "$(dirname "$0")/../.."
bindir=${FUZZ_BIN:-bin/fuzz}
total=${1:-30}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then
  targets=$(for t in "$@"; do echo "fuzz_${t#fuzz_}"; done)
else
  targets=$(ls "$bindir" 2>/dev/null)
fi
[ -n "$targets" ] || { echo "no fuzz targets built in $bindir"; exit 0; }
count=$(echo "$targets" | wc -w)
each=$(( total / count )); [ "$each" -ge 1 ] || each=1
limit="-max_total_time=$each"
[ -n "${FUZZ_RUNS:-}" ] && limit="-runs=$FUZZ_RUNS"
# Short (smoke) runs use a fixed seed so that CI repeats what was run
# here; long runs explore with a random one.
seed=""
[ -z "${FUZZ_RUNS:-}" ] && [ "$total" -le 120 ] && seed="-seed=1"
status=0
for t in $targets; do
  [ -x "$bindir/$t" ] || { echo "no fuzz target $bindir/$t"; status=1; continue; }
  mkdir -p "build/fuzz-corpus/$t"
  echo "fuzz $t (${limit#-})"
  if ! "$bindir/$t" $seed -artifact_prefix=build/fuzz- $limit -max_len=4096 -timeout=10 \
       -print_final_stats=1 "build/fuzz-corpus/$t" tests/fuzz/seeds \
       >"build/fuzz-$t.log" 2>&1; then
    tail -40 "build/fuzz-$t.log"
    status=1
  fi
  # the count of executions, for the record
  grep -h 'stat::number_of_executed_units' "build/fuzz-$t.log" | sed "s/^/  $t: /"
done
exit $status
