#!/usr/bin/env python3
"""score_pages.py -- lede on the real web pages of ../shared/pages (dev half).

    tests/pages/score_pages.py [--mode html|text] [--lede bin/lede] [--check]
                               [--pred PRED.jsonl] [--pages]

Runs `lede article --format json` on every page (the HTML, gunzipped, or
the page's text), reads the JSON the way the benchmark's grading does
(body = the text of the paragraphs whose role is body or dateline,
headline = headline.text, date = date), and scores it with
../shared/pages/score.py. With --check, fails when a score falls below
its floor (FLOORS, just under what lede reaches). Skips (exit 0) when
../shared/pages is absent.
"""
import argparse, gzip, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGES = os.path.join(ROOT, "..", "shared", "pages")

# Floors for --check, per mode: just under the dev-half scores reached.
FLOORS = {
    "html": {"f1": 0.968, "recall": 0.972, "headline": 0.98, "date": 0.98},
    "text": {"f1": 0.945, "recall": 0.98, "headline": 0.82, "date": 0.80},
}


def predict(lede, path, text_input):
    r = subprocess.run([lede, "article", "--format", "json", path],
                       capture_output=True)
    if r.returncode != 0:
        return {"body": "", "headline": None, "date": None}
    a = json.loads(r.stdout.decode("utf-8").splitlines()[0])
    full = a.get("text") or text_input
    raw = full.encode("utf-8") if full is not None else b""
    body = []
    for p in a.get("paragraphs", []):
        if p.get("role") in ("body", "dateline"):
            t = p.get("text")
            if t is None:
                t = raw[p["start"]:p["end"]].decode("utf-8", "replace")
            body.append(t)
    h = a.get("headline")
    if isinstance(h, dict):
        h = h.get("text")
    return {"body": "\n".join(body), "headline": h, "date": a.get("date")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="html", choices=["html", "text"])
    ap.add_argument("--lede", default=os.path.join(ROOT, "bin", "lede"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--pred")
    ap.add_argument("--pages", action="store_true")
    o = ap.parse_args()
    truth = os.path.join(PAGES, "dev", "truth.jsonl")
    if not os.path.exists(truth):
        print("skipped: ../shared/pages is absent")
        return 0
    ids = [json.loads(l)["id"] for l in open(truth, encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        pred = o.pred or os.path.join(tmp, "pred.jsonl")
        with open(pred, "w", encoding="utf-8") as out:
            for pid in ids:
                if o.mode == "html":
                    path = os.path.join(tmp, pid + ".html")
                    with gzip.open(os.path.join(PAGES, "dev", pid + ".html.gz")) as g, \
                            open(path, "wb") as f:
                        f.write(g.read())
                    text_input = None
                else:
                    path = os.path.join(PAGES, "dev", pid + ".txt")
                    text_input = open(path, encoding="utf-8").read()
                rec = predict(o.lede, path, text_input)
                rec["id"] = pid
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        score = [sys.executable, os.path.join(PAGES, "score.py"), truth, pred]
        if o.pages:
            subprocess.run(score + ["--pages"])
        r = subprocess.run(score + ["--json"], capture_output=True, text=True)
        s = json.loads(r.stdout)
    print(json.dumps(s))
    if o.check:
        failed = []
        for k, floor in FLOORS[o.mode].items():
            got = s["body"].get(k) if k in s["body"] else s[k].get("accuracy")
            if got is None or got < floor:
                failed.append("%s %s < %s" % (k, got, floor))
        if failed:
            print("below the floor (%s mode): %s" % (o.mode, "; ".join(failed)))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
