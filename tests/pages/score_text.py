#!/usr/bin/env python3
"""score_text.py -- lede's text mode on the dev half of the page benchmark.

Runs `lede article --format json` on every ../shared/pages/dev/<id>.txt,
turns each result into the benchmark's prediction the way the grader reads
it (body: the text of the paragraphs whose role is body or dateline, joined
by newlines; headline: headline.text; date: date), scores the predictions
with ../shared/pages/score.py and checks them against floors.

  tests/pages/score_text.py [--lede bin/lede] [--pages DIR] [--show]
                            [--floors BODY_F1,HEADLINE,DATE]

Exit 0 when every floor is met, 1 when one is missed, 0 with a "skip" line
when the pages are absent.
"""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def predict(lede, path):
    r = subprocess.run([lede, "article", "--format", "json", path],
                       capture_output=True)
    if r.returncode != 0:
        return {"body": "", "headline": None, "date": None}
    o = json.loads(r.stdout.decode("utf-8").splitlines()[0])
    raw = open(path, "rb").read()
    parts = []
    for p in o.get("paragraphs", []):
        if p["role"] in ("body", "dateline"):
            t = p.get("text")
            if t is None:
                t = raw[p["start"]:p["end"]].decode("utf-8", "replace")
            parts.append(t)
    h = o.get("headline")
    if isinstance(h, dict):
        h = h.get("text")
    return {"body": "\n".join(parts), "headline": h, "date": o.get("date")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lede", default=os.path.join(ROOT, "bin", "lede"))
    ap.add_argument("--pages", default=os.path.join(ROOT, "..", "shared", "pages"))
    ap.add_argument("--floors", default="")
    ap.add_argument("--show", action="store_true", help="one row per page")
    ap.add_argument("--pred", help="also write the predictions here")
    a = ap.parse_args()
    dev = os.path.join(a.pages, "dev")
    truth = os.path.join(dev, "truth.jsonl")
    scorer = os.path.join(a.pages, "score.py")
    if not (os.path.exists(truth) and os.path.exists(scorer)):
        print("skip: no page benchmark at %s" % a.pages)
        return 0
    ids = [json.loads(l)["id"] for l in open(truth, encoding="utf-8")]
    pred = a.pred or tempfile.mkstemp(suffix=".jsonl")[1]
    with open(pred, "w", encoding="utf-8") as f:
        for i in ids:
            p = predict(a.lede, os.path.join(dev, i + ".txt"))
            p["id"] = i
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    args = [sys.executable, scorer, truth, pred]
    if a.show:
        subprocess.run(args + ["--pages"])
    r = subprocess.run(args + ["--json"], capture_output=True, text=True)
    s = json.loads(r.stdout)
    if not a.pred:
        os.unlink(pred)
    print(json.dumps(s))
    if a.floors:
        names = ("body_f1", "headline", "date")
        got = floats(s)
        bad = [(k, got[k], float(v)) for k, v in zip(names, a.floors.split(","))
               if got[k] < float(v)]
        for k, g, v in bad:
            print("below floor: %s %.3f < %.3f" % (k, g, v))
        return 1 if bad else 0
    return 0


def floats(s):
    return {"body_f1": s["body"]["f1"], "headline": s["headline"]["accuracy"],
            "date": s["date"]["accuracy"]}


if __name__ == "__main__":
    sys.exit(main())
