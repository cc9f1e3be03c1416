#!/bin/sh
# outputs.sh -- every listing verb of one lede binary over some inputs,
# one file per verb, for comparing two builds (tests/compare/run.sh).
#
#   tests/compare/outputs.sh LEDE OUTDIR INPUT...
#
# Writes OUTDIR/{numbers,dates,sentences,sentences-all,tokens,article,stats}
# (ndjson; stats as csv). --date is fixed so relative dates do not depend
# on the day the comparison runs.
set -u
lede=$1; dir=$2; shift 2
mkdir -p "$dir"
run() { name=$1; shift; "$lede" "$@" >"$dir/$name" 2>"$dir/$name.err"; echo "exit $?" >>"$dir/$name.err"; }
run numbers       numbers --format ndjson "$@"
run numbers-ref   numbers --format ndjson --date 2025-09-04 "$@"
run dates         dates --format ndjson --date 2025-09-04 "$@"
run dates-all     dates --format ndjson --all "$@"
run sentences     sentences --format ndjson "$@"
run sentences-all sentences --all --format ndjson "$@"
run tokens        tokens --format ndjson "$@"
run article       article --format json "$@"
run stats         stats --format csv "$@"
