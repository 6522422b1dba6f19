"""The static site: mkdocs-material pages generated from the extracted documents, alignments,
lineages, rules and check results (see :func:`build_site`)."""

from tracker.site.build import build_site
from tracker.site.data import SiteBuildError
from tracker.site.escape import escape_text

__all__ = ["SiteBuildError", "build_site", "escape_text"]
