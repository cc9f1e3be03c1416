#!/bin/sh
# demo.sh -- the main job: run the drone and pledge workflows over the
# sample articles into demo.db (its own file: a lede.db of yours is left
# alone), then print a short summary of the tables.
set -e
cd "$(dirname "$0")/.."
db=${LEDE_DB:-demo.db}
rm -f "$db" "$db-wal" "$db-shm"
bin/lede run scripts/drone_figures.lua --db "$db" scripts/samples
bin/lede run scripts/country_pledges.lua --db "$db" scripts/samples
bin/lede run scripts/summary.lua --db "$db"
# the charts, each mark linked to its evidence sentence
bin/lede report --db "$db" --out "${LEDE_REPORT:-report.html}"
