"""``build_site``: generate the pages and run ``mkdocs build --strict`` through mkdocs' Python API."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.paths import EXTRACTED_DIR, MKDOCS_CONFIG, REPO_DIR, SITE_DIR
from tracker.site.data import SiteBuildError

if TYPE_CHECKING:
    from tracker.build import SiteInputs

REPO_ROOT = REPO_DIR


class _Collect(logging.Handler):
    """Keeps mkdocs' warnings so a failed strict build can say what was wrong."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def find_config(config_file: Path | None = None) -> Path:
    """mkdocs.yml: the one given, else the one in the working directory, else the repo's."""
    for candidate in (config_file, Path.cwd() / MKDOCS_CONFIG, REPO_ROOT / MKDOCS_CONFIG):
        if candidate is not None and Path(candidate).is_file():
            return Path(candidate).resolve()
    raise SiteBuildError(f"{config_file or 'mkdocs.yml'}: no mkdocs configuration found")


def build_site(out_dir: Path = SITE_DIR, extracted_dir: Path = EXTRACTED_DIR,
               config_file: Path | None = None, *, inputs: SiteInputs | None = None,
               cache_dir: Path | None = None) -> Path:
    """Build the static site into ``out_dir`` (strict: any warning fails) from ``inputs``, the results
    of a build's stages; without them, from the artifacts of ``extracted_dir``'s documents, the missing
    stages run once (see :func:`tracker.build.prepare_site_inputs`; ``cache_dir`` is its build cache).

    Returns the output directory. Raises :class:`SiteBuildError` naming the file at fault.
    """
    # Material prints a multi-line banner about its successor on every build; it is not ours to show.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from tracker.site.load import load_site_data, site_data
    from tracker.site.plugin import PLUGIN_NAME, SitePlugin

    config_path = find_config(config_file)
    data = site_data(inputs, REPO_ROOT) if inputs is not None else \
        load_site_data(Path(extracted_dir).resolve(), REPO_ROOT, cache_dir)
    out_dir = Path(out_dir).resolve()
    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collect)
    try:
        config = load_config(config_file=str(config_path), site_dir=str(out_dir), strict=True)
        config.plugins[PLUGIN_NAME] = SitePlugin(data)  # the hook of mkdocs.yml then leaves it to this one
        build(config)
    except SiteBuildError:
        raise
    except PluginError as exc:
        # Errors raised inside the hook arrive wrapped; show the original message.
        cause = exc.__cause__ if isinstance(exc.__cause__, SiteBuildError) else exc
        raise SiteBuildError(str(cause)) from exc
    except (Abort, ConfigurationError) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise SiteBuildError(f"{config_path.name}: mkdocs build --strict failed: {details}") from exc
    finally:
        mkdocs_log.removeHandler(collect)
    return out_dir
