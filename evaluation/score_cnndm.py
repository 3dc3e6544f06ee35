"""Score 3-sentence summaries on the CNN/DailyMail dev sample (R1, R2, RLsum, 95 % bootstrap).

Usage: python -m evaluation.score_cnndm [--data DIR] [--limit N] [--subset all|fit|holdout]
       [--system-cmd "briefing analyze --format jsonl"] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys

from evaluation.common import DEFAULT_DATA, load_cnndm, sample
from evaluation.scoring import add_common_arguments, margins, run, select, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser, DEFAULT_DATA)
    args = parser.parse_args(argv)
    everything = load_cnndm(args.data)
    articles = sample(select(everything, args.subset), args.limit)
    results = run(
        "cnndm",
        articles,
        [a.text for a in everything],
        workers=args.workers,
        system_cmd=args.system_cmd,
    )
    out = sys.stdout
    out.write(f"CNN/DailyMail dev, {len(articles)} articles ({args.subset}), K = 3\n\n")
    out.write(table("cnndm", results, with_interval=True) + "\n\n")
    values = margins("cnndm", results)["k3"]
    out.write("ours minus lead-3: " + ", ".join(f"{m} {v:+.2f}" for m, v in values.items()) + "\n")
    if results["k3"].wrong_length.get("ours"):
        out.write(f"ours returned a wrong length {results['k3'].wrong_length['ours']} times\n")
    if args.json:
        r = results["k3"]
        payload = {sy: {m: r.mean(sy, m) for m in r.scores[sy]} for sy in r.scores}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
