"""Regenerate ``briefing/analyze/data/english_words.tsv`` from the ``wordfreq`` package.

Why a generated table instead of a runtime dependency: wordfreq installs ~58 MB of data for
many languages, while keyphrase ranking needs only how common each English word is. The
table keeps the most frequent words with their Zipf frequency (log10 of occurrences per
billion words) rounded to one decimal, plus the Porter stem where it differs from the word,
so ranking can fold inflections without importing nltk at run time.

Usage (dev-only dependencies: ``pip install wordfreq==3.1.1 nltk==3.10.4``)::

    python scripts/make_word_table.py [--size 20000]

The table is derived from wordfreq's data, which its authors license under CC BY-SA 4.0;
the header line of the output says so.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "briefing/analyze/data/english_words.tsv"
_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")


def build_rows(size: int) -> list[str]:
    """One ``word<TAB>zipf*10<TAB>stem`` row per kept word, in wordfreq's frequency order."""
    import wordfreq
    from nltk.stem.porter import PorterStemmer

    stemmer = PorterStemmer()
    rows = []
    for word in wordfreq.top_n_list("en", size):
        if not _WORD.fullmatch(word):
            continue
        zipf = round(wordfreq.zipf_frequency(word, "en") * 10)
        stem = stemmer.stem(word.replace("'", "").replace("-", ""))
        rows.append(f"{word}\t{zipf}\t{'' if stem == word else stem}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20000, help="how many top words to scan")
    args = parser.parse_args()
    from importlib.metadata import version

    header = (
        f"# English word frequencies from wordfreq {version('wordfreq')} (data: CC BY-SA 4.0,"
        " https://github.com/rspeer/wordfreq). Columns: word, Zipf x10, Porter stem if different."
        " Regenerate with scripts/make_word_table.py."
    )
    OUTPUT.write_text("\n".join([header, *build_rows(args.size)]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
