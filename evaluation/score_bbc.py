"""Score summaries on the BBC News Summary dev split (K = 3 and K = reference length).

Usage: python -m evaluation.score_bbc [--data DIR] [--limit N] [--subset all|fit|holdout]
       [--system-cmd "briefing analyze --format jsonl"] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys

from evaluation.common import DEFAULT_DATA, load_bbc, sample
from evaluation.scoring import add_common_arguments, margins, run, select, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser, DEFAULT_DATA)
    args = parser.parse_args(argv)
    everything = load_bbc(args.data)
    articles = sample(select(everything, args.subset), args.limit)
    idf_documents = ["\n".join(a.text.splitlines()[1:]) for a in everything]
    results = run("bbc", articles, idf_documents, workers=args.workers, system_cmd=args.system_cmd)
    out = sys.stdout
    out.write(f"BBC News Summary dev, {len(articles)} articles ({args.subset})\n\n")
    out.write(table("bbc", results, with_interval=False) + "\n\n")
    for setting, values in margins("bbc", results).items():
        text = ", ".join(f"{m} {v:+.2f}" for m, v in values.items())
        out.write(f"ours minus best baseline at {setting}: {text}\n")
    for setting, result in results.items():
        if result.wrong_length.get("ours"):
            out.write(
                f"{setting}: ours returned a wrong length {result.wrong_length['ours']} times\n"
            )
    if args.json:
        payload = {
            s: {sy: {m: r.mean(sy, m) for m in r.scores[sy]} for sy in r.scores}
            for s, r in results.items()
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
