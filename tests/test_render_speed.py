"""The speed-ups in render must not change a byte: libyaml's dumper and the list-page card cache."""

from __future__ import annotations

import datetime as dt

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
