"""A Markdown extension (named in mkdocs.yml) for the line anchors of the code pages (``kode/*.md``).

pymdownx.highlight (Pygments) writes each line of a numbered code block with an anchor named
``<line_anchors>-<block id>-<n>``: with ``line_anchors: L`` in mkdocs.yml and the block id
:data:`CODE_BLOCK_ID` the code pages give their block, ``L-kode-12``. This extension

* renames those anchors (and the line numbers' links to them) to ``L12``, the GitHub-style anchor that
  every ``file:line`` link of the site uses (:func:`line_anchor`), and
* lets mkdocs' anchor validation see them: the highlighted block reaches the page as stashed raw HTML,
  which mkdocs does not look into when it collects a page's anchors, so ``mkdocs build --strict``
  would reject a link to a line although the anchor is there. The ids of the highlighted blocks are
  shown to mkdocs as empty elements just before it collects the page's anchors (tree processor
  priority 5) and taken out again right after, so the page itself is unchanged and only anchors that
  really exist are reported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

CODE_BLOCK_ID = "kode"  # the id of a code page's highlighted block (``{#kode linenums="1"}``)
LINE_ANCHOR_PREFIX = "L"  # pymdownx.highlight ``line_anchors`` in mkdocs.yml

_HOLDER = "data-isf-code-anchors"
_ID = re.compile(r'\bid="([^"]+)"')
_PYGMENTS_LINE = re.compile(rf'\b(id|name|href)="(#?){LINE_ANCHOR_PREFIX}-{CODE_BLOCK_ID}-(\d+)"')


def line_anchor(line: int) -> str:
    """The anchor of line ``line`` on a code page: ``L12``."""
    return f"{LINE_ANCHOR_PREFIX}{line}"


def _github_style(html: str) -> str:
    return _PYGMENTS_LINE.sub(lambda m: f'{m[1]}="{m[2]}{line_anchor(int(m[3]))}"', html)


class _Expose(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        ids: list[str] = []
        stash = self.md.htmlStash.rawHtmlBlocks
        for i, block in enumerate(stash):
            if isinstance(block, str) and 'class="highlight' in block:
                stash[i] = block = _github_style(block)
                ids += _ID.findall(block)
        if ids:
            holder = etree.SubElement(root, "div", {_HOLDER: ""})
            for anchor in ids:
                etree.SubElement(holder, "a", {"id": anchor})


class _Remove(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in [e for e in root if e.get(_HOLDER) is not None]:
            root.remove(element)


class CodeAnchorsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # mkdocs collects anchors at priority 5 (with toc); expose just before, remove just after.
        md.treeprocessors.register(_Expose(md), "isf_code_anchors_expose", 5.5)
        md.treeprocessors.register(_Remove(md), "isf_code_anchors_remove", 4.5)


def makeExtension(**kwargs: Any) -> CodeAnchorsExtension:  # noqa: N802 (Python-Markdown's entry point)
    return CodeAnchorsExtension(**kwargs)
