#!/usr/bin/env python3
"""score_html.py -- lede's HTML mode on the dev half of the page benchmark.

Runs `lede article --format json` on every ../shared/pages/dev/<id>.html.gz
(gunzipped to a temporary .html file), reads each result the way the grader
does (score_text.predict: the body is the text of the paragraphs whose role
is body or dateline), scores the predictions with ../shared/pages/score.py
and checks them against floors: body F1 and recall, headline and date
accuracy.

  tests/pages/score_html.py [--lede bin/lede] [--pages DIR] [--show]
                            [--pred FILE] [--floors F1,RECALL,HEADLINE,DATE]

Exit 0 when every floor is met, 1 when one is missed, 0 with a "skip" line
when the pages are absent.
"""
import argparse, gzip, json, os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score_text import ROOT, predict  # noqa: E402


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
    tmp = tempfile.mkdtemp()
    try:
        pred = a.pred or os.path.join(tmp, "pred.jsonl")
        with open(pred, "w", encoding="utf-8") as f:
            for i in ids:
                page = os.path.join(tmp, i + ".html")
                with gzip.open(os.path.join(dev, i + ".html.gz")) as g, \
                        open(page, "wb") as out:
                    out.write(g.read())
                p = predict(a.lede, page)
                p["id"] = i
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
        args = [sys.executable, scorer, truth, pred]
        if a.show:
            subprocess.run(args + ["--pages"])
        r = subprocess.run(args + ["--json"], capture_output=True, text=True)
        s = json.loads(r.stdout)
    finally:
        shutil.rmtree(tmp)
    print(json.dumps(s))
    if a.floors:
        got = {"body_f1": s["body"]["f1"], "recall": s["body"]["recall"],
               "headline": s["headline"]["accuracy"], "date": s["date"]["accuracy"]}
        names = ("body_f1", "recall", "headline", "date")
        bad = [(k, got[k], float(v)) for k, v in zip(names, a.floors.split(","))
               if got[k] < float(v)]
        for k, g, v in bad:
            print("below floor (HTML): %s %.3f < %.3f" % (k, g, v))
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
