"""Where things live: the project checkout, the derived data, the raw sources.

Every location can be overridden by an environment variable so that tests, CI and installed copies
(``pip install mlearn-kit`` outside a checkout) all find their files.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path | None:
    """The checkout holding ``widgets/mlearn`` (editable install), or ``$MLEARN_ROOT``; None if installed elsewhere."""
    env = os.environ.get("MLEARN_ROOT")
    if env:
        return Path(env).resolve()
    candidate = PACKAGE_DIR.parent.parent
    if (candidate / "widgets" / "mlearn").is_dir() and (candidate / "pyproject.toml").is_file():
        return candidate
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if (folder / "data" / "datapackage.json").is_file() and (folder / "widgets").is_dir():
            return folder
    return None


def data_dir() -> Path:
    """Folder of the tidy datasets and ``datapackage.json`` (``$MLEARN_DATA_DIR`` overrides)."""
    env = os.environ.get("MLEARN_DATA_DIR")
    if env:
        return Path(env).resolve()
    root = project_root()
    return (root / "data") if root else (Path.cwd() / "data")


def raw_dir() -> Path:
    """Folder of the raw public sources: ``$MLEARN_RAW`` or ``../shared/data-raw`` beside the checkout."""
    env = os.environ.get("MLEARN_RAW")
    if env:
        return Path(env).resolve()
    root = project_root() or Path.cwd()
    return (root.parent / "shared" / "data-raw").resolve()


def course_dir() -> Path:
    root = project_root()
    return (root / "course") if root else (Path.cwd() / "course")
