"""CPU time to ingest and analyse one hostile report of the largest size a build accepts.

    python benchmarks/hostile_inputs.py [--size 2000000] [--pattern NAME ...] [--scaling]

Each case repeats one short piece of text until the report is `--size` bytes: the kind of input
that turns a rule which looks again after every drop, or a pattern that backtracks, into
minutes per report (this session's in-paragraph furniture rules took a pass per
"Advertisement "). Ingest and analysis are timed separately with `time.process_time()`, so
the figures hold on a machine shared with other jobs. `--scaling` also times a quarter of the
size and prints the ratios: about 4 for linear work, 16 for quadratic.

The text is written here (no report or data from outside the repository); nothing is written.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from briefing.analyze import pipeline
from briefing.analyze.settings import AnalysisSettings
from briefing.analyze.tags import Taxonomy, load_taxonomy
from briefing.ingest import ingest
from briefing.model import Seed

# name → the piece repeated: what each rule family looks for, or what makes a regex work hard
PIECES = {
    "capitals": "ABC, ",
    "click-prompts": "word - CLICK HERE ",
    "published": "The article was first published ",
    "copyright": "Copyright 2011 Aa ",
    "entities": "&amp;",
    "position-captions": "Ann Roe (left) celebrates with ",
    "widgets-after-stops": "x. Advertisement ",
    "widgets": "Advertisement ",
    "datelines": "SEOUL, March 5, 2024 ",
    "bylines": "By Ann Park ",
    "tickers": "(BAC.N: Quote, Profile, Research) ",
    "read-more": "Read more. ",
    "follow-prompts": "x. Follow @abc on Twitter ",
    "single-quotes": "'a ",
    "pictured": "Pictured: a ",
    "file-photos": "x (file photo). ",
    "double-quotes": '"',
    "click-here": "Click here. ",
    "video-prompts": "Watch Video Report. ",
    "one-word-lines": "word\n",
    "blank-lines": "\n\n",
    "sums": "$1 and 3 workers and 5% and ",  # one sentence of thousands of key figures
    "converted-sums": "$5 ($3) and ",
    "ranges": "from 1% to 2% and 3-4 workers and between $5 and $6 million and 7 to ",
    "wire-datelines": "Ann (AP) - Bo ",
    "labelled-lines": "Sick: The man (pictured) was seen.\n\n",
    "doubled-quotes": '""a"" ',
    "title-asides": "Ann, 1,234 x, ",  # a lead of asides (and a number's commas) with no verb
    "line-end-hyphens": "indus-\ntry con-\n",  # words a PDF layout broke at every line end
    "page-marks": "a and\n\n2 | Daily NK\n\nb\n\nPage 3 of 9\n",  # a PDF's page marks in sentences
    # read from a .md report (Markdown's marks): unclosed ones, where a pattern scans far ahead
    "md-strong": "**x ",
    "md-underscores": "__x ",
    "md-links": "[x](a(b ",
    "md-images": "![x",
    "md-headings": "# x #\n",
    "md-nested": "***x *",
    "md-code": "``x `",
    "md-references": "[x][y] ",
    "md-backticks": "`",
    "md-comments": "<!-- x ",
    "md-wrapped-strong": "**x\n",  # emphasis may cross a line break (never a blank line)
    "md-fences": "```x\n",  # openings never closed (a closing fence has no info string)
    "md-fence-pairs": "~~~\n",  # each closes the one before: empty code blocks
    "md-indented": "    x\n\n",
    "md-pipes": "|",
    "md-tables": "| a |\n|---|\n",
    "md-pre": "<pre>\n",
    "md-tags": "<b a='x' ",  # unclosed attributes
    "md-closed-tags": "<b>x</b> ",
    "md-breaks": "<br>",  # a line break each: the lines are mapped to the file's
    "md-scripts": "<script>",
}


def _sentence(number: int) -> str:
    return f"The officials in town k{number} closed the crossing after soldiers fled the river."


def _paragraph_then_copies(size: int) -> str:
    """Distinct sentences in one paragraph, then each again on a line of its own: every line
    is a copy of a sentence of that paragraph (the repeated-sentence rule's worst case)."""
    count = max(1, size // 2 // (len(_sentence(0)) + 2))
    sentences = [_sentence(number) for number in range(count)]
    return " ".join(sentences) + "\n\n" + "\n\n".join(sentences)


def _lines_and_shortened_copies(size: int) -> str:
    """Each sentence on its line, then a copy with words left out, as captions restate text."""
    count = max(1, size // 2 // (len(_sentence(0)) + 2))
    pairs = (
        f"{_sentence(number)}\n\n{_sentence(number).replace(' after soldiers', '')}"
        for number in range(count)
    )
    return "\n\n".join(pairs)


def _digit_run(size: int) -> str:
    """One sentence around a single number of a million digits, where a figure pattern that
    tries again from each digit is quadratic."""
    return f"The workers were paid {'1' * (size - 40)}% more."


def _table(size: int) -> str:
    """One table of as many rows as fit: every cell is read as inline Markdown."""
    rows = max(1, size // 24)
    return "| Item | Price |\n|---|---|\n" + "| **Rice** | 6,800 won |\n" * rows


# name → the text made at a size: many different sentences, where one repeated piece is not enough
SHAPES = {
    "paragraph-then-copies": _paragraph_then_copies,
    "shortened-copies": _lines_and_shortened_copies,
    "digit-run": _digit_run,
    "md-table-rows": _table,
}


def _report(name: str, size: int) -> Seed:
    if name in SHAPES:
        body = SHAPES[name](size - 20)
    else:
        body = PIECES[name] * max(1, (size - 20) // len(PIECES[name]))
    data = f"Title of the report\n\n{body}\n".encode()
    name = "hostile.md" if name.startswith("md-") else "hostile.txt"
    return Seed(Path(name), name, data)


def _cpu(seed: Seed, taxonomy: Taxonomy, settings: AnalysisSettings) -> tuple[float, float]:
    start = time.process_time()
    result = ingest(seed, max_bytes=len(seed.data) + 1)
    ingested = time.process_time()
    if result.report is not None:
        pipeline.analyze(result.report, taxonomy, settings)
    return ingested - start, time.process_time() - ingested


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2_000_000, help="bytes per report")
    cases = sorted([*PIECES, *SHAPES])
    parser.add_argument("--pattern", nargs="*", choices=cases, default=cases)
    parser.add_argument("--scaling", action="store_true", help="also time a quarter of the size")
    args = parser.parse_args()
    taxonomy, _ = load_taxonomy(Path(__file__).resolve().parent.parent / "taxonomy.yml")
    settings = AnalysisSettings()
    ratios = " ingest ratio to ¼ size | analysis ratio to ¼ size |" * args.scaling
    print(f"| case | ingest CPU s | analysis CPU s |{ratios}")
    print(f"|---|---:|---:|{'---:|---:|' * args.scaling}")
    for name in args.pattern:
        ingest_s, analysis_s = _cpu(_report(name, args.size), taxonomy, settings)
        row = f"| {name} | {ingest_s:.2f} | {analysis_s:.2f} |"
        if args.scaling:
            quarter = _cpu(_report(name, args.size // 4), taxonomy, settings)
            row += f" {ingest_s / max(quarter[0], 1e-3):.1f} |"
            row += f" {analysis_s / max(quarter[1], 1e-3):.1f} |"
        print(row, flush=True)


if __name__ == "__main__":
    main()
