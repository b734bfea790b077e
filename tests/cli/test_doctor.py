"""``mlearn doctor`` and the Jupyter extensions it checks (nbgrader, Voilà, widgets, plotly)."""

import subprocess
import sys

import pytest

from mlearn.cli.doctor import LAB_EXTENSIONS, NBGRADER_SERVER_EXTENSIONS, parse_server_extensions
from tests.conftest import ROOT


def jupyter(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, timeout=120
    )
    return proc.stdout + proc.stderr


@pytest.mark.slow
def test_nbgrader_and_voila_server_extensions_are_enabled_and_valid():
    status = parse_server_extensions(jupyter("server", "extension", "list"))
    for ext in (*NBGRADER_SERVER_EXTENSIONS, "voila.server_extension"):
        assert status.get(ext) == (True, True), f"{ext}: {status.get(ext)}"


@pytest.mark.slow
def test_lab_extensions_are_enabled_and_ok():
    import re

    out = re.sub(r"\x1b\[[0-9;]*m", "", jupyter("labextension", "list"))
    for ext in LAB_EXTENSIONS:
        line = next((ln for ln in out.splitlines() if ln.strip().startswith(ext + " ")), "")
        assert " enabled" in line and " OK" in line, f"{ext}: {line!r}"


def test_parse_server_extensions_reads_disabled_and_invalid():
    text = "    a.b enabled\n    - Validating a.b...\n      a.b 1.0 OK\n    c.d disabled\n    e.f enabled\n"
    assert parse_server_extensions(text) == {"a.b": (True, True), "c.d": (False, False), "e.f": (True, False)}


@pytest.mark.slow
def test_doctor_reports_versions_extensions_browser_and_data():
    proc = subprocess.run(
        [sys.executable, "-m", "mlearn.cli", "doctor"], capture_output=True, text=True, timeout=180, cwd=ROOT
    )
    assert proc.returncode == 0
    out = proc.stdout
    assert "nbgrader     0.9" in out and "jupyterlab   4." in out
    assert "[OK ] extension serveur nbgrader.server_extensions.formgrader" in out
    assert "[OK ] extension JupyterLab @jupyter/nbgrader" in out
    assert "navigateur chromium" in out
    assert "données data/" in out


def test_doctor_strict_fails_and_gives_a_fix_hint_when_data_is_missing(tmp_path):
    env = {"MLEARN_DATA_DIR": str(tmp_path / "nowhere"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "mlearn.cli", "doctor", "--quick", "--strict"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "[KO ] données data/" in proc.stdout
    assert "correctif / fix:" in proc.stdout
