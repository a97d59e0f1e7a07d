#!/usr/bin/env python3
"""Precision of each attribution sieve on the development set.

    python3 scripts/attribution-precision.py [--bin target/release/dimensies] [FOLDER]

Runs `dimensies extract --json` on every text of FOLDER (default ../shared/devset) that has a
NAME.gold.json, matches the quotes to the hand annotation the way
../shared/eval/dimensies_eval.py does, and counts per `attribution.method` how many of the
matched quotes got the annotated speaker (a quote annotated without speaker is right when no
person was given). These are the figures behind `AttributionMethod::confidence`. The texts are
read where they are; nothing of them is copied.
"""
import argparse, glob, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=os.path.join(HERE, "..", "..", "shared", "devset"))
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "dimensies"))
    a = ap.parse_args()
    sys.path.insert(0, os.path.join(a.folder, "..", "eval"))
    import dimensies_eval as ev  # the scorer's own matching rules

    per = {}
    for gpath in sorted(glob.glob(os.path.join(a.folder, "*.gold.json"))):
        name = os.path.basename(gpath)[: -len(".gold.json")]
        src = next((os.path.join(a.folder, name + e) for e in (".txt", ".html", ".pdf")
                    if os.path.exists(os.path.join(a.folder, name + e))), None)
        if not src:
            continue
        out = subprocess.run([a.bin, "extract", src, "--json"], capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{name}: {out.stderr.strip()[-200:]}")
            continue
        issue = json.loads(out.stdout)
        names = {p["id"]: p["name"] for p in issue["people"]}
        quotes = [q for art in issue["articles"] for q in art["quotes"]]
        used = set()
        for gq in json.load(open(gpath))["quotes"]:
            hit = next((i for i, q in enumerate(quotes) if i not in used and ev.quote_match(gq, q["text"])), None)
            if hit is None:
                continue
            used.add(hit)
            q = quotes[hit]
            method = (q.get("attribution") or {}).get("method", "NONE")
            said = names.get(q.get("speaker"))
            right = (ev.same_person(said, gq["speaker"]) if said and gq.get("speaker")
                     else not said and not gq.get("speaker"))
            count = per.setdefault(method, [0, 0])
            count[0] += right
            count[1] += 1
    for method, (right, total) in sorted(per.items()):
        print(f"{method:14s} {right:3d} of {total:3d} right  precision {right / total:.2f}")


if __name__ == "__main__":
    main()
