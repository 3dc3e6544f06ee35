"""The speed-ups in render must not change a byte: libyaml's dumper and the list-page card cache."""

from __future__ import annotations

import datetime as dt
import posixpath

import frontmatter
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import render


def _pure_python_dump(metadata: dict[str, object], content: str) -> str:
    post = frontmatter.Post(content, **metadata)
    return (
        frontmatter.dumps(
            post, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=1000
        )
        + "\n"
    )


def test_libyaml_is_available_so_the_fast_path_is_tested() -> None:
    assert render._FAST_DUMPER is yaml.CSafeDumper


def test_emoji_and_separators_take_the_pure_python_path() -> None:
    # libyaml writes "\U0001F680" where PyYAML writes the character itself
    assert not render._plain_text("Launch 🚀")
    assert not render._plain_text(["ok", "line\u2028break"])
    assert render._plain_text(["Pyongyang", "Sinŭiju", "“quoted” — dash", 3, None])
    metadata = {"title": "Launch 🚀", "tags": ["a\x85b"]}
    assert render._dump(metadata, "body") == _pure_python_dump(metadata, "body")


_VALUES = st.one_of(
    st.text(),
    st.text(alphabet=" \t\n-:#'\"&*!|>%@`,?{}[]abcŭ“”—\u00a0\u2028\x85🚀"),
    st.integers(),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1)),
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "summary", "tags", "source", "date", "id"]),
        st.one_of(_VALUES, st.lists(_VALUES, max_size=4)),
        max_size=6,
    ),
    st.text(alphabet="ab #\n"),
)
def test_front_matter_bytes_do_not_depend_on_libyaml(metadata: dict, content: str) -> None:
    assert render._dump(metadata, content) == _pure_python_dump(metadata, content)


_PARTS = st.lists(st.sampled_from(["tags", "archive", "reports", "2024", "index.md", "x.md"]))


@given(_PARTS.map(lambda p: "/".join([*p, "a.md"])), _PARTS.map(lambda p: "/".join([*p, "b.md"])))
def test_links_are_what_posixpath_relpath_gives(from_md: str, to_md: str) -> None:
    expected = posixpath.relpath(to_md, posixpath.dirname(from_md) or ".")
    assert render._link(from_md, to_md) == expected


def test_links_between_known_pages() -> None:
    assert render._link("tags/russia.md", "tags/index.md") == "index.md"
    assert render._link("tags/russia.md", "reports/2024/a.md") == "../reports/2024/a.md"
    assert render._link("index.md", "archive/2024-01.md") == "archive/2024-01.md"
    assert render._link("reports/2024/a.md", "reports/2023/b.md") == "../2023/b.md"
