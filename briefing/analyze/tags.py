"""Tags from the user's vocabulary (``taxonomy.yml``), matched on normalised word forms.

Why a vocabulary and not free keyphrases: tag pages and per-tag feeds are what readers follow,
so a tag must be stable across reports and named the way the desk names it. The user owns
``taxonomy.yml``; this module reads it (reporting every problem with its line and column rather
than raising), compiles it once, and finds each entry's aliases in a report.

Matching is on normalised words: case-folded, accents and apostrophes dropped, other
punctuation treated as a space, and a light plural/possessive fold ("Workers' Party",
"workers party" and "Worker's parties" all read ``worker party``). Aliases are matched
longest-first and a matched span is consumed, so "Ministry of Social Security" counts for the
ministry and not also for the topic "social security". Keywords only hint: a report that
names none of a topic's aliases needs two different keywords, as one everyday word repeated
("market", "cash") is as often another sense. An entry's other senses ("animal welfare")
are matched like aliases and take their words from every tag.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from briefing.frontmatter_in import yaml_error_where
from briefing.lexicon import is_common_word
from briefing.model import DEFAULT_TAXONOMY, Issue, Severity, Tag

log = logging.getLogger(__name__)

# Section of taxonomy.yml → the Tag.kind it holds.
KINDS: dict[str, str] = {
    "topics": "topic",
    "places": "place",
    "organisations": "organisation",
    "people": "person",
}
ALIAS_WEIGHT = 1.0
KEYWORD_WEIGHT = 0.5  # keywords hint at a topic; two of them are worth one alias
OTHER_SENSE_WEIGHT = 0.0  # "animal welfare": the words are taken, and count for no tag
TITLE_FACTOR = 2.0  # a mention in the title says more about what the report is about
SENTENCE_CAP = 1.0  # one sentence listing five Gulf states is still one mention of the region
# Evidence a tag needs unless its entry sets min_score: a place named once in passing ("sent
# 200 workers to Mongolia") is not what the report is about; a person or body named once is
# worth following.
DEFAULT_MIN_SCORE: dict[str, float] = {
    "topic": 1.0,
    "place": 2.0,
    "organisation": 1.0,
    "person": 1.0,
}
# Different keywords a tag needs when the report uses none of its aliases. Keywords are
# everyday words ("market", "control", "cash") that point to it only in each other's
# company: one alone, however often it recurs, is as likely another sense (three sentences on
# "the mobile phone market" made a tech story "Markets and prices"; Johnny Cash, "Foreign
# currency"). A place's keywords are places within it (Syria for the Middle East), and one
# of them is enough to say where.
KEYWORDS_WITHOUT_AN_ALIAS: dict[str, int] = {
    "topic": 2,
    "place": 1,
    "organisation": 2,
    "person": 2,
}
_MAX_SLUG = 80


# --- normalisation ---------------------------------------------------------------------------

# A word, with inner apostrophes or dots kept for now ("party's", "U.S"), or a sentence end.
# An initialism takes its last dot ("U.S. dollars", "at 9 a.m. on"): no sentence ends there.
_TOKEN = re.compile(r"[^\W_](?:\.[^\W_])+\.(?=\s)|[^\W_]+(?:['’‘`ʼ.][^\W_]+)*|[.!?](?=\s)|\n")
_INNER = re.compile(r"['’‘`ʼ.]")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Written abbreviations that would otherwise fold into common words ("U.S." → "us"); matched
# before case-folding, so the pronoun "us" is left alone.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "U.S": ("united", "state"),
    "US": ("united", "state"),
    "USA": ("united", "state"),
    "U.S.A": ("united", "state"),
    "U.N": ("united", "nation"),
    "UN": ("united", "nation"),
}
_ABBREVIATIONS |= {
    f"{written}.": words for written, words in _ABBREVIATIONS.items() if "." in written
}
# Stands for a sentence end in a word list; real words never contain "0sentence0".
_BREAK = "0sentence0"
_ENDS = frozenset(".!?\n")


@lru_cache(maxsize=1 << 16)
def _word_form(token: str) -> str:
    """Case-folded, apostrophes and dots dropped ("party's" → "partys"), then a light
    plural/possessive fold. The same rule runs on aliases and text, so it only has to be
    consistent, not linguistically right."""
    word = _INNER.sub("", token.casefold()) if not token.isalnum() else token.casefold()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# token as found → its normalised form(s); one dictionary look-up per token instead of three
# tests and a call. Bounded: a build over many languages must not grow it without limit.
_FORMS: dict[str, str | tuple[str, ...]] = {
    **{end: _BREAK for end in _ENDS},
    **_ABBREVIATIONS,
}
_FORMS_LIMIT = 1 << 17


def _tokens(text: str) -> list[str]:
    """Normalised words of ``text`` with ``_BREAK`` at each sentence end."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    out: list[str] = []
    forms = _FORMS
    for token in _TOKEN.findall(text):
        form = forms.get(token)
        if form is None:
            form = _word_form(token)
            if len(forms) < _FORMS_LIMIT:
                forms[token] = form
        if isinstance(form, str):
            out.append(form)
        else:
            out.extend(form)
    return out


def normalise_words(text: str) -> list[str]:
    """The word forms that matching compares: folded, accent-free, punctuation-free."""
    return [word for word in _tokens(text) if word != _BREAK]


def vocabulary_forms(phrase: str) -> set[tuple[str, ...]]:
    """The word forms a vocabulary phrase matches: as written, and with "us", "usa" and "un"
    read as the abbreviations. A vocabulary is typed in lower case, but text reads only the
    capitalised "US" as ``united state`` (the pronoun "us" stays itself), so the alias
    "us dollars" never found "US dollars"."""
    tokens = _TOKEN.findall(phrase)
    capitalised = [token.upper() if token.upper() in _ABBREVIATIONS else token for token in tokens]
    forms = {tuple(normalise_words(phrase)), tuple(normalise_words(" ".join(capitalised)))}
    return {form for form in forms if form}


_NOT_ALNUM = re.compile(r"[^\w]+|_")


def slugify(name: str) -> str:
    """URL-safe ASCII slug: lowercase words joined by hyphens, never empty, never a path."""
    spaced = _NOT_ALNUM.sub(" ", re.sub(r"['’`]", "", name))  # "Korea–Russia" keeps its gap
    decomposed = unicodedata.normalize("NFKD", spaced)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:_MAX_SLUG].strip("-")
    if not slug:  # e.g. a name in a script with no ASCII transliteration
        slug = "tag-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return slug


# --- the vocabulary --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One tag of the vocabulary with the phrases that signal it."""

    name: str
    kind: str
    slug: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    min_score: float | None = None  # None: the default for its kind
    # longer phrases in which an alias means something else ("animal welfare", "Latin American")
    other_senses: tuple[str, ...] = ()

    @property
    def threshold(self) -> float:
        return DEFAULT_MIN_SCORE[self.kind] if self.min_score is None else self.min_score

    @property
    def tag(self) -> Tag:
        return Tag(name=self.name, slug=self.slug, kind=self.kind)


@dataclass(frozen=True)
class Taxonomy:
    """The vocabulary, with its phrase index built once so matching a report is one pass."""

    entries: tuple[Entry, ...] = ()
    # the file as messages name it (extra.digest.taxonomy, relative to the project)
    file: str = field(default=DEFAULT_TAXONOMY, compare=False)
    # first normalised word → [(phrase words, length, entry index, weight, consumes)],
    # longest phrase first
    _index: dict[str, list[tuple[tuple[str, ...], int, int, float, bool]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _phrases: frozenset[tuple[str, ...]] = field(
        default=frozenset(), init=False, repr=False, compare=False
    )
    # normalised name or alias → the first entry that has it; lower-cased label → entry name
    _by_label: dict[tuple[str, ...], Entry] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _label_names: dict[str, str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[tuple[str, ...], int, int, float, bool]]] = {}
        phrases: set[tuple[str, ...]] = set()
        for number, entry in enumerate(self.entries):
            signals = [(p, ALIAS_WEIGHT) for p in (entry.name, *entry.aliases)]
            signals += [(p, KEYWORD_WEIGHT) for p in entry.keywords]
            signals += [(p, OTHER_SENSE_WEIGHT) for p in entry.other_senses]
            for phrase, weight in signals:
                for words in vocabulary_forms(phrase):
                    if weight != OTHER_SENSE_WEIGHT:  # still a phrase to suggest as a tag
                        phrases.add(words)
                    bucket = index.setdefault(words[0], [])
                    if all((item[0], item[2]) != (words, number) for item in bucket):
                        consumes = weight != KEYWORD_WEIGHT  # keywords only hint
                        bucket.append((words, len(words), number, weight, consumes))
        for bucket in index.values():
            bucket.sort(key=lambda item: (-item[1], -item[3], item[2]))
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_phrases", frozenset(phrases))
        for entry in self.entries:
            for label in (entry.name, *entry.aliases):
                for words in vocabulary_forms(label):
                    self._by_label.setdefault(words, entry)
                self._label_names[label.lower()] = entry.name

    def entry_named(self, name: str) -> Entry | None:
        """The entry whose name or one of whose aliases reads like ``name`` once normalised
        (the first such entry in file order), or None."""
        return self._by_label.get(tuple(normalise_words(name)))

    @property
    def label_names(self) -> dict[str, str]:
        """Every name and alias, lower-cased, → the name of its entry (a later entry wins)."""
        return self._label_names

    @property
    def fingerprint(self) -> str:
        """Hash of the vocabulary's content, for analysis cache keys: editing taxonomy.yml
        (but not reformatting it) invalidates cached tags."""
        canonical = repr(self.entries).encode("utf-8")
        return hashlib.sha256(canonical).hexdigest()[:16]

    def matches(self, words: list[str]) -> list[tuple[int, int, float, tuple[str, ...]]]:
        """(word position, entry index, weight, phrase) of each phrase found in ``words``.

        At each position phrases are tried longest first. An alias match consumes its span
        (shorter phrases inside it are not counted again); a keyword match does not, so
        "North Korean workers" can hint at labour export and still name North Korea. An
        other sense consumes its span and is not listed: "animal welfare" names no topic.
        """
        index = self._index
        found: list[tuple[int, int, float, tuple[str, ...]]] = []
        resume = 0  # the first position not inside a consumed span
        # Most words start no phrase: find the ones that do in one comprehension.
        for i in [i for i, word in enumerate(words) if word in index]:
            if i < resume:
                continue
            bucket = index[words[i]]
            consumed = 0
            credited: list[int] = []
            for phrase, length, number, weight, consumes in bucket:
                if length < consumed:
                    break
                if number in credited or (length > 1 and tuple(words[i : i + length]) != phrase):
                    continue
                credited.append(number)
                if weight != OTHER_SENSE_WEIGHT:
                    found.append((i, number, weight, phrase))
                if consumes:
                    consumed = length
            resume = i + (consumed or 1)
        return found

    def scores(self, words: list[str]) -> dict[int, float]:
        """Entry index → summed weight of its phrases found in ``words``."""
        return _weight_by_entry(self.matches(words))

    def covers(self, phrase: str) -> bool:
        """Whether a phrase is already a name, alias or keyword, or contains one."""
        words = normalise_words(phrase)
        return bool(self.scores(words)) or tuple(words) in self._phrases


# --- loading ---------------------------------------------------------------------------------


@dataclass
class _Loader:
    """Walks the YAML node tree so every problem can name its line and column."""

    path: str
    issues: list[Issue] = field(default_factory=list)

    def problem(
        self, node: yaml.Node | None, message: str, severity: Severity = Severity.ERROR
    ) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        column = node.start_mark.column + 1 if node is not None else None
        self.issues.append(Issue(self.path, message, severity, line, column))

    def strings(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):  # a single alias written without a list
            return (node.value,) if node.value.strip() else ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list of phrases, e.g. [phrase one, phrase two]")
            return ()
        out = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and item.value.strip():
                out.append(item.value.strip())
            else:
                self.problem(item, f"each item of {what} must be a non-empty phrase")
        return tuple(out)

    def entry(self, node: yaml.Node, kind: str, section: str) -> Entry | None:
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            name = node.value.strip()  # shorthand: "- Russia" is an entry with no aliases
            return Entry(name=name, kind=kind, slug=slugify(name))
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node,
                f"each item under '{section}' must be a name or a mapping "
                "with 'name:' and 'aliases:'",
            )
            return None
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.problem(key, f"a {kind} entry's fields are plain words such as 'name:'")
        fields = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        unknown = set(fields) - {"name", "slug", "aliases", "keywords", "other_senses", "min_score"}
        for key in sorted(unknown):
            self.problem(
                fields[key][0],
                f"unknown field '{key}' in a {kind} entry; "
                "use name, slug, aliases, keywords, other_senses or min_score",
                Severity.WARNING,
            )
        name_node = fields.get("name", (None, None))[1]
        if not isinstance(name_node, yaml.ScalarNode) or not name_node.value.strip():
            self.problem(node, f"a {kind} entry under '{section}' has no 'name:'; add one")
            return None
        name = name_node.value.strip()
        slug = slugify(name)
        if "slug" in fields:
            given = fields["slug"][1]
            slug = slugify(given.value) if isinstance(given, yaml.ScalarNode) else slug
        min_score = None
        if "min_score" in fields:
            raw = fields["min_score"][1]
            try:
                min_score = float(raw.value)
            except (TypeError, ValueError):
                self.problem(raw, f"min_score of '{name}' must be a number such as 1 or 1.5")
        aliases = (
            self.strings(fields["aliases"][1], f"aliases of '{name}'")
            if "aliases" in fields
            else ()
        )
        keywords = (
            self.strings(fields["keywords"][1], f"keywords of '{name}'")
            if "keywords" in fields
            else ()
        )
        other_senses = (
            self.strings(fields["other_senses"][1], f"other_senses of '{name}'")
            if "other_senses" in fields
            else ()
        )
        return Entry(name, kind, slug, aliases, keywords, min_score, other_senses)

    def taxonomy(self, root: yaml.Node | None) -> Taxonomy:
        if root is None:
            return Taxonomy(file=self.path)
        if not isinstance(root, yaml.MappingNode):
            self.problem(
                root,
                "the taxonomy must be a mapping with the sections "
                + ", ".join(f"'{k}:'" for k in KINDS),
            )
            return Taxonomy(file=self.path)
        entries: list[Entry] = []
        seen: dict[str, Entry] = {}
        # normalised name or alias → the entry that has it and the line it is on
        labels: dict[tuple[str, ...], tuple[Entry, int]] = {}
        for key, value in root.value:
            if not isinstance(key, yaml.ScalarNode):  # "? [topics]": a list used as a key
                self.problem(key, "a section name must be a plain word such as 'topics:'")
                continue
            section = key.value
            if section not in KINDS:
                self.problem(
                    key, f"unknown section '{section}'; use " + ", ".join(f"'{k}'" for k in KINDS)
                )
                continue
            if isinstance(value, yaml.ScalarNode) and value.value == "":
                continue  # an empty section is fine
            if not isinstance(value, yaml.SequenceNode):
                self.problem(value, f"'{section}' must be a list of entries ('- name: ...')")
                continue
            for item in value.value:
                entry = self.entry(item, KINDS[section], section)
                if entry is None:
                    continue
                if entry.slug in seen:
                    self.problem(
                        item,
                        f"'{entry.name}' has the same slug '{entry.slug}' as "
                        f"'{seen[entry.slug].name}'; rename one or give it a 'slug:'",
                    )
                    continue
                seen[entry.slug] = entry
                entries.append(entry)
                self.shared_labels(item, entry, labels)
        return Taxonomy(tuple(entries), file=self.path)

    def shared_labels(
        self,
        item: yaml.Node,
        entry: Entry,
        labels: dict[tuple[str, ...], tuple[Entry, int]],
    ) -> None:
        """Warn about a name or alias that an earlier entry already has: every mention then
        tags a report with both, usually a slip when an alias was added to the wrong entry."""
        for label, node in _label_nodes(item):
            words = tuple(normalise_words(label))
            if not words:
                continue
            owner = labels.get(words)
            if owner is None:
                labels[words] = (entry, node.start_mark.line + 1)
            elif owner[0] is not entry:
                self.problem(
                    node,
                    f"'{label}' ({entry.name}) is also a name or alias of "
                    f"'{owner[0].name}' (line {owner[1]}): every mention of it counts for both "
                    "tags; unless that is meant, keep it in one entry",
                    Severity.WARNING,
                )


def _label_nodes(item: yaml.Node) -> list[tuple[str, yaml.Node]]:
    """An entry's name and aliases as written, each with its node (for its line)."""
    if isinstance(item, yaml.ScalarNode):
        return [(item.value.strip(), item)]
    if not isinstance(item, yaml.MappingNode):
        return []
    found: list[tuple[str, yaml.Node]] = []
    for key, value in item.value:
        if not isinstance(key, yaml.ScalarNode) or key.value not in ("name", "aliases"):
            continue
        nodes = value.value if isinstance(value, yaml.SequenceNode) else [value]
        found.extend(
            (node.value.strip(), node)
            for node in nodes
            if isinstance(node, yaml.ScalarNode) and node.value.strip()
        )
    return found


def load_taxonomy(path: Path, shown_as: str | None = None) -> tuple[Taxonomy, list[Issue]]:
    """Read the vocabulary; problems come back as Issues (with line and column), never raised,
    naming the file `shown_as` (its path relative to the project) if given.

    A missing file is a warning and yields an empty vocabulary: reports still build, untagged.
    """
    name = shown_as or path.as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Taxonomy(file=name), [
            Issue(
                name,
                "no taxonomy file: reports get no tags; create it "
                "with sections topics/places/organisations/people",
                Severity.WARNING,
            )
        ]
    except (OSError, UnicodeDecodeError) as err:
        return Taxonomy(file=name), [
            Issue(name, f"cannot read the taxonomy ({err}); save it as UTF-8")
        ]
    loader = _Loader(name)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        problem, line, column = yaml_error_where(err)  # where the broken quote or bracket starts
        message = (
            f"invalid YAML: {problem}; fix the syntax there (indent entries as "
            "'- name: ...' with 'aliases: [a, b]')"
        )
        return Taxonomy(file=name), [Issue(name, message, Severity.ERROR, line, column)]
    except yaml.YAMLError as err:
        return Taxonomy(file=name), [Issue(name, f"invalid YAML: {err}; fix the syntax")]
    taxonomy = loader.taxonomy(root)
    log.debug("loaded %d taxonomy entries from %s", len(taxonomy.entries), name)
    return taxonomy, loader.issues


# --- matching --------------------------------------------------------------------------------


def relevance(taxonomy: Taxonomy, title: str, text: str) -> dict[int, float]:
    """Entry index → evidence: each sentence adds at most ``SENTENCE_CAP``; the title counts
    ``TITLE_FACTOR`` times. The text is normalised in one pass with sentence ends marked.
    Entries that no alias names and too few different keywords hint at (see ``_supported``)
    have none, however often those keywords recur."""
    words = _tokens(text)
    breaks = [i for i, word in enumerate(words) if word == _BREAK]
    in_text = taxonomy.matches(words)
    in_title = taxonomy.matches(normalise_words(title))
    per_sentence: dict[tuple[int, int], float] = {}
    sentence = 0
    for position, number, weight, _ in in_text:
        while sentence < len(breaks) and breaks[sentence] < position:
            sentence += 1
        key = (sentence, number)
        per_sentence[key] = per_sentence.get(key, 0.0) + weight
    found: dict[int, float] = {}
    for (_, number), score in per_sentence.items():
        found[number] = found.get(number, 0.0) + min(score, SENTENCE_CAP)
    for number, score in _weight_by_entry(in_title).items():
        found[number] = found.get(number, 0.0) + TITLE_FACTOR * min(score, SENTENCE_CAP)
    supported = _supported(taxonomy, in_text + in_title)
    return {number: score for number, score in found.items() if number in supported}


def _weight_by_entry(matched: list[tuple[int, int, float, tuple[str, ...]]]) -> dict[int, float]:
    found: dict[int, float] = {}
    for _, number, weight, _ in matched:
        found[number] = found.get(number, 0.0) + weight
    return found


def _supported(
    taxonomy: Taxonomy, matched: list[tuple[int, int, float, tuple[str, ...]]]
) -> set[int]:
    """Entries that an alias names, or that as many different keywords hint at as their kind
    needs (``KEYWORDS_WITHOUT_AN_ALIAS``)."""
    supported: set[int] = set()
    hints: dict[int, set[tuple[str, ...]]] = {}
    for _, number, weight, phrase in matched:
        if weight >= ALIAS_WEIGHT:
            supported.add(number)
        else:
            hints.setdefault(number, set()).add(phrase)
    for number, phrases in hints.items():
        if len(phrases) >= KEYWORDS_WITHOUT_AN_ALIAS[taxonomy.entries[number].kind]:
            supported.add(number)
    return supported


def match_tags(taxonomy: Taxonomy, title: str, text: str) -> tuple[Tag, ...]:
    """Tags whose aliases the report uses enough, most relevant first, then by name."""
    chosen = [
        (score, taxonomy.entries[number])
        for number, score in relevance(taxonomy, title, text).items()
        if score >= taxonomy.entries[number].threshold
    ]
    chosen.sort(key=lambda item: (-item[0], item[1].name.casefold(), item[1].slug))
    return tuple(entry.tag for _, entry in chosen)


@dataclass(frozen=True)
class Suggestion:
    """A keyphrase that many reports share but no tag covers yet."""

    phrase: str
    reports: int
    slug: str


# A tag on most reports helps no reader find anything ("source", "officials"): with enough
# reports to tell, keyphrases found in more than this share of them are not suggested.
COMMON_SHARE = 0.5
COMMON_MIN_REPORTS = 20


def suggest_tags(
    taxonomy: Taxonomy,
    keyphrase_counts: Mapping[str, int] | Iterable[tuple[str, int]],
    min_reports: int = 2,
    limit: int = 20,
    total_reports: int = 0,
    is_topic: Callable[[str], bool] | None = None,
) -> list[Suggestion]:
    """Frequent keyphrases not covered by the taxonomy, most frequent first.

    ``keyphrase_counts`` maps a keyphrase to the number of reports it was extracted from;
    spellings that normalise alike ("Sanction", "sanctions") are pooled under the commonest.
    With ``total_reports`` of at least COMMON_MIN_REPORTS, phrases in more than COMMON_SHARE
    of the reports are left out (see too_common_to_tag); so are phrases ``is_topic`` rejects.
    """
    items = keyphrase_counts.items() if isinstance(keyphrase_counts, Mapping) else keyphrase_counts
    pooled: dict[tuple[str, ...], tuple[int, int, str]] = {}  # words → (total, best, spelling)
    for phrase, count in items:
        words = tuple(normalise_words(phrase))
        if not words:
            continue
        total, best, spelling = pooled.get(words, (0, -1, phrase))
        if count > best or (count == best and phrase < spelling):
            best, spelling = count, phrase
        pooled[words] = (total + count, best, spelling)
    out = [
        Suggestion(spelling, total, slugify(spelling))
        for total, _, spelling in pooled.values()
        if total >= min_reports and not taxonomy.covers(spelling)
    ]
    out.sort(key=lambda s: (-s.reports, s.phrase.casefold()))
    kept: list[Suggestion] = []
    for suggestion in out:
        if len(kept) == limit:
            break
        if too_common_to_tag(suggestion.reports, total_reports):
            continue
        # asked last, and only until the list is full: it may read the reports' text
        if is_topic is None or is_topic(suggestion.phrase):
            kept.append(suggestion)
    return kept


def too_common_to_tag(reports: int, total_reports: int) -> bool:
    return total_reports >= COMMON_MIN_REPORTS and reports > COMMON_SHARE * total_reports


# Evidence that a word is a noun: a determiner right before it ("the measures"), or a
# preposition before it or before one more word ("of coal deliveries"), with nothing of the
# noun phrase after it; or the word as a subject, right before a verb that only follows nouns
# and pronouns ("residents say", "traders who"). One word after a determiner is not enough:
# "an official acknowledged", "the measures are linked". Nor is a word before "and": "the
# provincial and city officials" joins two modifiers.
_DETERMINERS = "the|a|an|this|that|these|those|its|their|his|her|our|some|many|no|each|every"
_PREPOSITIONS = "of|in|for|with|on|from|by|about|among|against|between|without"
_VERBS = "is|are|was|were|be|been|being|has|have|had|will|would|can|could|may|might|do|did"
_AFTER_A_NOUN = (
    f"{_VERBS}|{_PREPOSITIONS}|to|that|which|who|said|says|say|as|at|than|"
    "over|under|after|before|during|while|because|if|when|where"
)
_NOT_AFTER_A_NOUN = rf"(?!(?:{_AFTER_A_NOUN})\b)"
_AFTER_A_SUBJECT = "say|says|said|are|were|have|has|had|who"
NOUN_EVIDENCE_SHARE = 0.1
_AMOUNTS_AND_TIMES_TEXT = """hundred hundreds thousand thousands million millions billion
billions trillion percent dozen dozens yesterday today tomorrow week weeks month months quarter
quarters year years day days time times"""
_AMOUNTS_AND_TIMES = frozenset(_AMOUNTS_AND_TIMES_TEXT.split())
# Days and months are written capitalised, like names, yet say when, not what about: of 300
# CNN/DM stories, "Wednesday" and "Saturday" were among the top suggestions. "May" is left
# out: a capitalised "May" is as often a person.
_CALENDAR_NAMES_TEXT = """monday tuesday wednesday thursday friday saturday sunday january
february march april june july august september october november december"""
_CALENDAR_NAMES = frozenset(_CALENDAR_NAMES_TEXT.split())
# Who reports speak through and about in every story: nouns, but a tag on them would gather
# the whole site. A curator tags the named ones ("Ministry of State Security"), not these.
# Business news has its own ("the company said", "economists expect"): of the 382 BBC
# business stories, "company" was the first suggestion, in 43 of them.
_EVERYDAY_PEOPLE_TEXT = """source sources official officials authority authorities resident
residents people person persons citizen citizens local locals worker workers government
governments spokesman spokeswoman spokesperson reporter reporters insider insiders individual
individuals member members public expert experts analyst analysts observer observers company
companies firm firms executive executives economist economists"""
_EVERYDAY_PEOPLE = frozenset(_EVERYDAY_PEOPLE_TEXT.split())

# Why a keyphrase is not suggested as a tag (``not_a_tag``); the CLI names each group apart.
NOT_A_NOUN = "not a noun"
AMOUNT_OR_TIME = "amount or time"
EVERYDAY_PEOPLE = "everyday people"
NAME_PART = "name part"

# A run of capitalised words, joined by "of", "for", "and" or "the" inside a name
# ("Ministry of State Security", "Workers' Party of Korea").
_CAPITALISED = r"[A-Z][\w’'-]*"
_NAME_RUN = re.compile(rf"{_CAPITALISED}(?:\s+(?:(?:of|for|and|the)\s+)*{_CAPITALISED})*")
# what may stand before a sentence's first word: a sentence end, a line start, quotes, a dash
_SENTENCE_START = re.compile(r"""(?:^|[.!?:]["'”’)\]]*\s+|\n)["'“‘(\[—–-]*\s*$""")


def _is_sentence_start(text: str, at: int) -> bool:
    return _SENTENCE_START.search(text[max(0, at - 8) : at]) is not None or at == 0


def _written_as_a_name(phrase: str, texts: Sequence[str]) -> bool:
    """The reports write the phrase capitalised somewhere other than a sentence's start, or it
    is no English word: "Hyesan" is a name; "Residents say…" at the head of sentences is not."""
    pattern = re.compile(rf"(?<![\w’'-]){re.escape(phrase)}(?![\w-])")
    if any(
        not _is_sentence_start(text, use.start())
        for text in texts
        for use in pattern.finditer(text)
    ):
        return True
    # at sentence starts only: a name unless it is an English word the reports also write
    # in lower case or that the table of common English words knows ("Ryonghung…")
    lower = phrase.lower()
    if is_common_word(lower):
        return False
    written = re.compile(rf"(?<![\w’'-]){re.escape(lower)}(?![\w-])")
    return not any(written.search(text) for text in texts)


def _mostly_inside_longer_names(word: str, texts: Sequence[str]) -> bool:
    """A capitalised word that the reports mostly write inside a longer name: "Ministry" of
    "Ministry of State Security", "Korea" of "North Korea". Not a tag on its own."""
    inside = alone = 0
    for text in texts:
        for run in _NAME_RUN.finditer(text):
            parts = run.group().split()
            if _is_sentence_start(text, run.start()) and parts[0].lower() in _SENTENCE_OPENERS:
                parts = parts[1:]  # "The Ministry said" at a sentence's start
            words = [part.removesuffix("’s").removesuffix("'s") for part in parts]
            if word in words:
                if len(words) > 1:
                    inside += 1
                else:
                    alone += 1
    return inside > alone


_SENTENCE_OPENERS_TEXT = "the a an in on at for by from with as but and this that"
_SENTENCE_OPENERS = frozenset(_SENTENCE_OPENERS_TEXT.split())


def not_a_tag(phrase: str, texts: Sequence[str]) -> str | None:
    """Why a curator would not add this keyphrase to the vocabulary, or None if they might.

    Suggestions should be what a taxonomy curator adds: names of places, organisations and
    people, phrases, and words for specific topics. So a capitalised word that the reports
    mostly write inside a longer name ("Ministry" of "Ministry of State Security") is a
    NAME_PART; a word capitalised only at the head of sentences ("Residents say…") is judged
    as a word; words for amounts and times, days and months are AMOUNT_OR_TIME; the people
    every report speaks through or about ("source", "authorities", "residents", "workers")
    are EVERYDAY_PEOPLE; and a word the reports do not use as a noun (see _used_as_a_noun)
    is NOT_A_NOUN.
    """
    if " " in phrase or not texts:
        return None
    if phrase.lower() in _CALENDAR_NAMES:
        return AMOUNT_OR_TIME
    if phrase[:1].isupper():
        if _written_as_a_name(phrase, texts):
            return NAME_PART if _mostly_inside_longer_names(phrase, texts) else None
        phrase = phrase.lower()
        texts = [text.lower() for text in texts]
    if phrase in _AMOUNTS_AND_TIMES:  # nouns, but they say how much or when, not what about
        return AMOUNT_OR_TIME
    if phrase in _EVERYDAY_PEOPLE:
        return EVERYDAY_PEOPLE
    return None if _used_as_a_noun(phrase, texts) else NOT_A_NOUN


def reads_like_a_topic(phrase: str, texts: Sequence[str]) -> bool:
    """A name, a phrase, or a word the reports use as a noun for a topic (see not_a_tag)."""
    return not_a_tag(phrase, texts) is None


def _used_as_a_noun(word: str, texts: Sequence[str]) -> bool:
    """A word the reports use as a noun; not a verb or an adjective.

    Keyphrases include words such as "linked", "acknowledged" or "presidential", which no one
    would tag a report with. Without a part-of-speech tagger, the evidence is the word heading
    a noun phrase (a determiner or preposition before it, see above, and no further word of the
    phrase after it) or standing as a subject ("residents say") in at least a tenth of the
    reports that have it. Of the 125 single lower-case words in the top 10 of four or more
    of the 450 KPCrowd news stories, not_a_tag keeps 80: the subject rule adds "consumers",
    "economists" and "ceremonies", the word list sets aside "government", "official",
    "officials" and "spokesman", and verbs, participles and adjectives stay out.
    """
    escaped = re.escape(word)
    pattern = re.compile(
        rf"\b(?:(?:(?:{_DETERMINERS})\s+{escaped}"
        rf"|(?:{_PREPOSITIONS})\s+(?:(?!(?:{_VERBS})\b)[\w’'-]+\s+)?{escaped})\b"
        # ...and it ends the noun phrase: not "the presidential race", "the proposed rule",
        # nor the first of modifiers joined by "and" ("the provincial, city and county levels")
        rf"(?!\s+{_NOT_AFTER_A_NOUN}[a-z])"
        rf"(?!(?:\s*,\s*[\w’'-]+)*,?\s+(?:and|or)\s+[\w’'-]+\s+{_NOT_AFTER_A_NOUN}[a-z])"
        rf"|{escaped}\s+(?:{_AFTER_A_SUBJECT})\b)",
        re.IGNORECASE,
    )
    needed = max(1.0, NOUN_EVIDENCE_SHARE * len(texts))
    found = 0
    for index, text in enumerate(texts):
        found += pattern.search(text) is not None
        if found >= needed:
            return True
        if found + len(texts) - index - 1 < needed:  # the texts left cannot make up for it
            return False
    return False
