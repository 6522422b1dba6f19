"""The escaping helper: any PDF text, rendered by the site's own Markdown set-up, shows as itself."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.site.escape import escape_lines, escape_preformatted, escape_text

REPO = Path(__file__).resolve().parent.parent


def site_markdown() -> markdown.Markdown:
    """Python-Markdown configured with exactly the extensions mkdocs.yml enables."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, options), = ext.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(ext)
    return markdown.Markdown(extensions=names, extension_configs=configs)


class _Text(HTMLParser):
    """Visible text and the tags of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(md_text: str) -> _Text:
    parser = _Text()
    parser.feed(site_markdown().convert(md_text))
    return parser


def collapse(text: str) -> str:
    return " ".join(text.split())


NASTY = [
    '<script>alert("x")</script>',
    "**fet** _kursiv_ `kode` ~~stryk~~ ==merk== ^^hev^^",
    "[lenke](http://example.com) ![bilde](x.png) <http://example.com>",
    "# Ikke en overskrift",
    "1. ikke en liste",
    "- ikke et punkt",
    "> ikke et sitat",
    "| a | b |",
    "Tekst {: #id .klasse } med attr_list",
    "&lt;allerede&gt; &amp; escaped",
    "!!! note \"ikke en merknad\"",
    "Fotnote[^1] og *[HTML]: forkortelse",
    "    innrykk er ikke kode",
    "---",
    "Term\n: definisjon",
    "<!-- kommentar --> <div>blokk</div>",
    "DRG 209O – 30 % kr 50 000 § 4.2.1",
]


def test_nasty_text_renders_as_itself() -> None:
    for text in NASTY:
        out = render(escape_text(text))
        assert collapse("".join(out.text)) == collapse(text), text
        assert out.tags == ["p"], (text, out.tags)


def test_script_is_never_a_tag() -> None:
    html = site_markdown().convert(escape_text("<script>alert(1)</script>"))
    assert "<script" not in html
    assert "&lt;" in html or "&#60;" in html


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
def test_any_text_renders_as_itself(text: str) -> None:
    out = render(escape_text(text))
    assert collapse("".join(out.text)) == collapse(text)
    assert set(out.tags) <= {"p"}


def test_control_characters_become_spaces() -> None:
    out = render(escape_text("ISF\x00-\x07andel\x1b"))
    assert collapse("".join(out.text)) == "ISF - andel"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="ab<>*_#-1. |[]()!`\\&;", max_size=12), max_size=5))
def test_lines_stay_separate_paragraphs(lines: list[str]) -> None:
    text = "\n".join(lines)
    escaped = escape_lines(text)
    assert len(escaped) == sum(1 for line in lines if line.strip())
    out = render("\n\n".join(escaped))
    assert out.tags == ["p"] * len(escaped)


def test_preformatted_keeps_indentation() -> None:
    line = "    if a < b and c > d:  # <b>"
    escaped = escape_preformatted(line)
    parser = _Text()
    parser.feed(escaped)
    assert "".join(parser.text) == line
    assert parser.tags == []
