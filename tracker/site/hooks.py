"""mkdocs hook (named in mkdocs.yml): gives a plain ``mkdocs build``/``mkdocs serve`` the site's plugin.

:func:`tracker.site.build_site` registers the plugin itself with the build's data; otherwise this
hook registers one that loads the build's artifacts (running the missing stages once), from the
extracted documents named by ``extra.isf_extracted_dir`` (relative to mkdocs.yml).
"""

from __future__ import annotations

import sys
from pathlib import Path

# mkdocs loads this file by path; make the repo's package importable when it is not installed.
_REPO_ROOT = Path(__file__).resolve().parents[2]
if str(_REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(_REPO_ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402

from tracker.site.data import SiteData  # noqa: E402
from tracker.site.plugin import PLUGIN_NAME, SitePlugin  # noqa: E402


def _load(config: MkDocsConfig) -> SiteData:
    from tracker.site.load import load_site_data

    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    extracted = Path(config.extra.get("isf_extracted_dir", "extracted"))
    # Rule sources, the lineage registry and the source PDFs' repo-relative paths belong to the repo
    # the package lives in, wherever the mkdocs configuration is.
    return load_site_data(extracted if extracted.is_absolute() else root / extracted, repo_root=_REPO_ROOT)


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    if PLUGIN_NAME in config.plugins:
        return None  # tracker.site.build_site brought its own, with the build's data
    plugin = SitePlugin(load=_load)
    config.plugins[PLUGIN_NAME] = plugin
    return plugin.on_config(config)
