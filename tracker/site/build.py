"""``build_site``: generate the pages and run ``mkdocs build --strict`` through mkdocs' Python API.

The site is built into a new folder beside the target (``.site.building-<pid>-…``) and swapped in
whole by renaming, so the target folder is always a complete site, the old one or the new one: a build
that fails or is killed leaves the old site as it was, and a page that is no longer generated (a
removed document's) disappears with the old folder. What a killed build leaves beside the target is
removed by the next build.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.paths import EXTRACTED_DIR, MKDOCS_CONFIG, REPO_DIR, SITE_DIR, rel
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


def _scratch_pattern(out_dir: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(out_dir.name)}\.(?:building|old)-(\d+)-")


def _scratch_dir(out_dir: Path, what: str) -> Path:
    """A new folder beside ``out_dir`` (same file system, so renaming it is atomic), named after this
    process so that another build can tell whether it is still in use."""
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        path = out_dir.parent / f".{out_dir.name}.{what}-{os.getpid()}-{secrets.token_hex(4)}"
        path.mkdir()  # the mode any new folder gets: mkdtemp's 0700 would hide the site from a web server
        return path
    except OSError as exc:
        raise SiteBuildError(f"{rel(out_dir.parent)}: cannot write the site there ({exc.strerror or exc})") from exc


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove what killed builds left beside ``out_dir``: their half-built and replaced folders (a
    folder of a build still running is left alone). Returns the folders removed."""
    pattern = _scratch_pattern(out_dir)
    removed = []
    if not out_dir.parent.is_dir():
        return removed
    for entry in sorted(out_dir.parent.iterdir()):
        m = pattern.match(entry.name)
        if m and entry.is_dir() and not entry.is_symlink() and not _process_alive(int(m.group(1))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _swap_in(new: Path, out_dir: Path) -> None:
    """Put the folder ``new`` in the place of ``out_dir``, the old site removed after."""
    # The old folder is renamed away rather than removed first: the site is missing only between two
    # renames, and a build killed there leaves a folder the next one removes.
    scratch = _scratch_dir(out_dir, "old") if out_dir.exists() else None
    try:
        if scratch is not None:
            out_dir.replace(scratch / out_dir.name)
        try:
            new.replace(out_dir)
        except OSError:
            if scratch is not None:
                (scratch / out_dir.name).replace(out_dir)  # the old site back in its place
            raise
    except OSError as exc:
        raise SiteBuildError(f"{rel(out_dir)}: cannot replace the site folder ({exc.strerror or exc})") from exc
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def site_fingerprint(site_dir: Path) -> dict[str, int | str] | None:
    """What a site folder holds: its file count and a hash of every file's path and size; None when
    there is no folder. A build records it after swapping the site in, and takes the site as current
    only while the folder still matches it (a half-deleted or emptied folder does not)."""
    if not site_dir.is_dir():
        return None
    h = hashlib.sha256()
    count = 0
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        h.update(f"{path.relative_to(site_dir).as_posix()}\0{path.stat().st_size}\0".encode())
        count += 1
    return {"files": count, "listing": h.hexdigest()[:16]}


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
    staging = None
    try:
        # Validated against the real target (mkdocs refuses a site folder that holds the docs), then
        # built into a new folder beside it.
        config = load_config(config_file=str(config_path), site_dir=str(out_dir), strict=True)
        config.plugins[PLUGIN_NAME] = SitePlugin(data)  # the hook of mkdocs.yml then leaves it to this one
        remove_leftovers(out_dir)
        staging = _scratch_dir(out_dir, "building")
        config["site_dir"] = str(staging)
        build(config)
        _swap_in(staging, out_dir)
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
        if staging is not None and staging.exists():  # a build that failed: the old site stays
            with contextlib.suppress(OSError):
                shutil.rmtree(staging)
    return out_dir
