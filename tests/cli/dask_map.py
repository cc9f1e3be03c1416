#!/usr/bin/python3
"""dask_map.py LEDE SCRIPT ARTICLES.jsonl ROWS.ndjson [BLOCKSIZE]

Maps a JSONL file of articles through `lede map SCRIPT` on a Dask cluster
and writes the rows (NDJSON) for `lede load`. Here the cluster is a
LocalCluster with two worker processes; on real machines, connect a
Client to the cluster's scheduler instead (Client("tcp://host:8786")) and
give it paths every worker can read. This is the recipe README's "Scaling
out" section shows, as tested by tests/cli/scale_spec.lua."""
import subprocess
import sys

import dask.bag as db
from dask.distributed import Client, LocalCluster


def lede_map(lines, lede, script):
    """One partition of articles through lede map: rows out, in order."""
    data = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    done = subprocess.run([lede, "map", script], input=data.encode("utf-8"),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if done.returncode not in (0, 1):      # 1: some articles failed, reported
        raise RuntimeError(done.stderr.decode("utf-8", "replace"))
    sys.stderr.write(done.stderr.decode("utf-8", "replace"))
    return done.stdout.decode("utf-8").splitlines()


def main():
    lede, script, articles, rows = sys.argv[1:5]
    blocksize = int(sys.argv[5]) if len(sys.argv) > 5 else 64 * 1024
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        bag = db.read_text(articles, blocksize=blocksize)
        out = bag.map_partitions(lede_map, lede, script).compute()
    with open(rows, "w", encoding="utf-8") as f:
        for line in out:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
