"""The ``mlearn`` command: help, one-line French/English errors, ``--debug``, ``mlearn lab`` ports."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from mlearn.cli import main
from mlearn.ports import first_free_port
from tests.conftest import ROOT

MLEARN = [sys.executable, "-m", "mlearn.cli"]


def run(*args, env=None, timeout=120):
    return subprocess.run(
        [*MLEARN, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT
    )


def test_help_lists_the_subcommands():
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("lab", "doctor"):
        assert command in proc.stdout
    assert "Kit de cours M-LEARN" in proc.stdout


def test_unknown_subcommand_is_rejected():
    proc = run("nimportequoi")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr or "choix" in proc.stderr


def test_user_error_is_one_line_without_traceback(tmp_path):
    env = {**os.environ, "MLEARN_ROOT": str(tmp_path)}
    proc = run("lab", "--dry-run", env=env)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Erreur : Notebook d'accueil du cours introuvable")
    assert " / course home notebook not found" in lines[0]
    assert "Traceback" not in proc.stderr


def test_debug_shows_the_traceback(tmp_path):
    env = {**os.environ, "MLEARN_ROOT": str(tmp_path)}
    proc = run("--debug", "lab", "--dry-run", env=env)
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "MlearnError" in proc.stderr


def test_busy_port_moves_to_the_next_free_one(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["lab", "--port", str(port), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"Le port {port} est occupé" in out
    chosen = int(out.split("utilisation du port ")[1].split(".")[0])
    assert chosen > port
    assert f"--port={chosen}" in out
    assert "/lab/tree/course/" in out


@pytest.mark.slow
def test_make_start_checks_data_and_serves_the_course_home_with_nbgrader():
    port = first_free_port(18890)
    env = {**os.environ, "MLEARN_LAB_TOKEN": "mlearn-test"}
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "start", f"PORT={port}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        lines = []
        while not (lines and lines[-1].startswith("JupyterLab : ")):
            line = proc.stdout.readline()
            assert line, "make start stopped before printing the URL:\n" + "".join(lines)
            lines.append(line)
        assert any("données" in ln.lower() for ln in lines[:-1]), "make start must check data/ first"
        url_line = lines[-1]
        assert url_line.startswith(f"JupyterLab : http://127.0.0.1:{port}/lab/tree/course/")
        assert url_line.strip().endswith("?token=mlearn-test")
        home = url_line.split("/lab/tree/")[1].split("?")[0].strip()
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                r = requests.get(
                    f"http://127.0.0.1:{port}/api/status", params={"token": "mlearn-test"}, timeout=2
                )
                if r.ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 90 s")
        page = requests.get(
            f"http://127.0.0.1:{port}/lab/tree/{home}", params={"token": "mlearn-test"}, timeout=10
        )
        assert page.status_code == 200 and "JupyterLab" in page.text
        nb = requests.get(
            f"http://127.0.0.1:{port}/api/contents/{home}", params={"token": "mlearn-test"}, timeout=10
        )
        assert nb.status_code == 200 and nb.json()["type"] == "notebook"
        ext = requests.get(f"http://127.0.0.1:{port}/formgrader", params={"token": "mlearn-test"}, timeout=30)
        assert ext.status_code == 200, "nbgrader formgrader is not served"
        schema = requests.get(
            f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification",
            params={"token": "mlearn-test"}, timeout=10,
        ).json()["schema"]["properties"]  # fmt: skip
        # offline: JupyterLab must neither fetch news nor check for updates (overrides.json defaults)
        assert schema["fetchNews"]["default"] == "false" and schema["checkForUpdates"]["default"] is False
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
