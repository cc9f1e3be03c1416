#!/bin/sh
# run.sh -- the old-vs-new output comparison (issue 13).
#
#   tests/compare/run.sh              bin/lede over scripts/samples and
#                                     tests/data/articles against the
#                                     committed tests/compare/expected/,
#                                     and over a corpus sample against
#                                     committed checksums (skipped without
#                                     ../shared/corpus)
#   tests/compare/run.sh --update     rewrite the committed expectations
#                                     after a change that is meant
#   tests/compare/run.sh --old COMMIT build COMMIT into a temporary tree and
#                                     compare every verb over both whole
#                                     corpora (make compare OLD=COMMIT;
#                                     COMPARE_LINES=N: the first N articles)
#
# The verbs and options are in tests/compare/outputs.sh. A difference is a
# fix to name in the change's note, or a bug. The corpus texts are never
# copied into the repository: only checksums of the outputs are kept.
set -u
cd "$(dirname "$0")/../.."
here=tests/compare
corpus=../shared/corpus
lede=${LEDE_BIN:-bin/lede}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the corpus sample: the first articles of each corpus
sample() {
  gzip -dc "$corpus/news.jsonl.gz" | head -n 400 >"$tmp/news.jsonl"
  gzip -dc "$corpus/news_multilingual.jsonl.gz" | head -n 100 >"$tmp/multi.jsonl"
}

if [ "${1:-}" = "--old" ]; then
  old=${2:?"--old needs a commit"}
  [ -f "$corpus/news.jsonl.gz" ] || { echo "compare: $corpus not found"; exit 1; }
  echo "compare: building $old in $tmp/old"
  mkdir -p "$tmp/old"
  git archive "$old" | tar -x -C "$tmp/old" || exit 1
  make -C "$tmp/old" release >/dev/null 2>&1 || { echo "compare: build of $old failed"; exit 1; }
  lines=${COMPARE_LINES:-}   # a quicker look: the first N articles of each
  gzip -dc "$corpus/news.jsonl.gz" | head -n "${lines:--0}" >"$tmp/news.jsonl"
  gzip -dc "$corpus/news_multilingual.jsonl.gz" | head -n "${lines:--0}" >"$tmp/multi.jsonl"
  $here/outputs.sh "$tmp/old/bin/lede" "$tmp/out-old" "$tmp/news.jsonl" "$tmp/multi.jsonl"
  $here/outputs.sh "$lede" "$tmp/out-new" "$tmp/news.jsonl" "$tmp/multi.jsonl"
  status=0
  for f in "$tmp"/out-old/*; do
    name=$(basename "$f")
    if cmp -s "$f" "$tmp/out-new/$name"; then
      echo "same      $name ($(wc -l <"$f") lines)"
    else
      status=1
      echo "DIFFERENT $name: $(diff "$f" "$tmp/out-new/$name" | grep -c '^[<>]') lines differ"
      diff "$f" "$tmp/out-new/$name" | head -n 6 | cut -c1-300
    fi
  done
  exit $status
fi

update=0
[ "${1:-}" = "--update" ] && update=1
$here/outputs.sh "$lede" "$tmp/samples" scripts/samples tests/data/articles/*.txt
status=0
if [ $update = 1 ]; then
  rm -rf $here/expected
  mkdir -p $here/expected
  cp "$tmp"/samples/* $here/expected/
else
  for f in "$tmp"/samples/*; do
    name=$(basename "$f")
    if ! cmp -s "$here/expected/$name" "$f"; then
      status=1
      echo "compare: $name differs from $here/expected/$name:"
      diff "$here/expected/$name" "$f" | head -n 10 | cut -c1-300
    fi
  done
fi
if [ -f "$corpus/news.jsonl.gz" ] && [ -f "$corpus/news_multilingual.jsonl.gz" ]; then
  sample
  $here/outputs.sh "$lede" "$tmp/corpus" "$tmp/news.jsonl" "$tmp/multi.jsonl"
  (cd "$tmp/corpus" && md5sum *) >"$tmp/corpus.md5"
  if [ $update = 1 ]; then
    cp "$tmp/corpus.md5" $here/corpus.md5
  elif ! cmp -s $here/corpus.md5 "$tmp/corpus.md5"; then
    status=1
    echo "compare: outputs over the corpus sample changed:"
    diff $here/corpus.md5 "$tmp/corpus.md5" | grep '^>' | sed 's/^> [0-9a-f]* */  /'
  fi
else
  echo "compare: corpus part skipped ($corpus not found)"
fi
if [ $status != 0 ]; then
  echo "compare: if the change is meant, run tests/compare/run.sh --update"
  echo "and name it in your note; else it is a bug."
else
  [ $update = 1 ] && echo "compare: expectations rewritten" || echo "compare: same outputs"
fi
exit $status
