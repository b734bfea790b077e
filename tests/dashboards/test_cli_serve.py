"""``mlearn dashboards serve``: a busy port is announced in French and the next free one is used."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import requests

from mlearn.dashboards.server import any_free_port

pytestmark = pytest.mark.slow


def _kernels(pid: int) -> list:
    import psutil

    return [
        p
        for p in psutil.Process(pid).children(recursive=True)
        if "ipykernel_launcher" in " ".join(p.cmdline())
    ]


def test_negative_pool_is_refused_in_french():
    mlearn = Path(sys.executable).with_name("mlearn")
    proc = subprocess.run(
        [str(mlearn), "dashboards", "serve", "--pool", "-1"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode != 0
    assert "--pool doit être un entier positif ou nul" in proc.stdout + proc.stderr


def test_busy_port_moves_to_the_next_free_one(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Essai"), nbformat.v4.new_code_cell("1 + 1")]
    (tmp_path / "essai.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    busy = socket.socket()
    busy.bind(("127.0.0.1", any_free_port()))
    busy.listen()
    port = busy.getsockname()[1]
    mlearn = Path(sys.executable).with_name("mlearn")
    proc = subprocess.Popen(
        [str(mlearn), "dashboards", "serve", "--port", str(port), "--root", str(tmp_path), "--pool", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        lines, deadline, url = [], time.monotonic() + 90, None
        while time.monotonic() < deadline and url is None:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Tableaux de bord M-LEARN : "):
                url = line.split(" : ", 1)[1].split()[0]
        output = "".join(lines)
        assert f"Le port {port} est occupé" in output, output
        assert url is not None, output
        assert url != f"http://127.0.0.1:{port}/"
        index = requests.get(url, timeout=10)
        assert index.status_code == 200 and "essai.ipynb" in index.text
        assert "3 noyau(x) préchauffé(s) par tableau de bord" in output
        deadline = time.monotonic() + 90  # --pool 3: three kernels preheated for the one notebook
        while time.monotonic() < deadline and len(_kernels(proc.pid)) < 3:
            time.sleep(0.5)
        time.sleep(1)
        assert len(_kernels(proc.pid)) == 3
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        busy.close()
