"""Helpers for the assignment and instructor-workflow tests: temporary nbgrader course directories built from
the project's ``nbgrader_config.py`` and ``source/``, the real ``nbgrader`` command line, and answer filling.

A "course directory" here is a temp folder holding a copy of the repository's ``nbgrader_config.py`` (which
makes its own folder the course root) and of ``source/``; the exchange is a sibling temp folder given through
``MLEARN_EXCHANGE``.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SOURCE = ROOT / "source"
RELEASE = ROOT / "release"
ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir() and (p / f"{p.name}.ipynb").is_file())

SOLUTION_BLOCK = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
HIDDEN_BLOCK = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def notebook_path(base: Path, assignment: str) -> Path:
    return base / assignment / f"{assignment}.ipynb"


def nbmeta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_answer(cell) -> bool:
    m = nbmeta(cell)
    return bool(m.get("solution")) and not m.get("grade") and cell["cell_type"] == "code"


def is_test(cell) -> bool:
    m = nbmeta(cell)
    return bool(m.get("grade")) and not m.get("solution") and cell["cell_type"] == "code"


def is_manual(cell) -> bool:
    m = nbmeta(cell)
    return bool(m.get("grade")) and bool(m.get("solution"))


def points(nb, kind) -> float:
    return sum(float(nbmeta(c).get("points", 0) or 0) for c in nb.cells if kind(c))


def course_env(course: Path, exchange: Path, **extra) -> dict:
    env = dict(os.environ)
    env.pop("JPY_SESSION_NAME", None)
    env.update(
        MLEARN_EXCHANGE=str(exchange), MLEARN_COURSE_ID="mlearn", PATH=f"{BIN}{os.pathsep}{env['PATH']}"
    )
    env.update(extra)
    return env


def run(cmd, cwd: Path, env: dict, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess:
    """Run a command (``nbgrader …`` resolves to the venv's), fail with its output when it fails."""
    if cmd[0] in ("nbgrader", "jupyter", "mlearn"):
        cmd = [str(BIN / cmd[0]), *cmd[1:]]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if os.environ.get("MLEARN_TEST_TIMING"):
        print(f"[{time.perf_counter() - started:6.1f} s] {' '.join(map(str, cmd[:3]))}")
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} -> exit {proc.returncode}\n--- stdout\n{proc.stdout[-4000:]}"
            f"\n--- stderr\n{proc.stderr[-6000:]}"
        )
    return proc


def make_course(base: Path, assignments=ASSIGNMENTS) -> tuple[Path, Path]:
    """A fresh course dir (config + source/) and an empty exchange dir under ``base``."""
    course, exchange = base / "course", base / "exchange"
    course.mkdir(parents=True)
    exchange.mkdir(parents=True)
    os.chmod(exchange, 0o777)
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    for name in assignments:
        shutil.copytree(SOURCE / name, course / "source" / name)
    return course, exchange


def comparable(nb_json: dict) -> dict:
    """A notebook reduced to what release/ must reproduce: cells (type, id, source, metadata) and metadata."""
    cells = []
    for cell in nb_json["cells"]:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        cells.append(
            {
                "cell_type": cell["cell_type"],
                "id": cell.get("id"),
                "source": source,
                "metadata": cell.get("metadata", {}),
            }
        )
    return {"metadata": nb_json.get("metadata", {}), "nbformat": nb_json.get("nbformat"), "cells": cells}


def secret_lines(source_nb) -> set[str]:
    """Lines that only the instructor may see: solution code, model written answers, hidden tests.

    Lines that also appear in the public part of the source (e.g. ``import numpy as np``), short lines and
    bare comments markers are left out so the check is about content, not syntax.
    """
    secret, public = set(), set()
    for cell in source_nb.cells:
        src = cell.source
        if is_manual(cell) and cell.cell_type == "markdown":
            hidden_parts = [src]
        else:
            hidden_parts = SOLUTION_BLOCK.findall(src) + HIDDEN_BLOCK.findall(src)
        stripped = HIDDEN_BLOCK.sub("", SOLUTION_BLOCK.sub("", src)) if cell.cell_type == "code" else ""
        if not (is_manual(cell) and cell.cell_type == "markdown"):
            public.update(line.strip() for line in stripped.splitlines())
        for part in hidden_parts:
            secret.update(line.strip() for line in part.splitlines())
    return {line for line in secret - public if len(line) >= 12}


def fill_answers(
    release_nb,
    source_nb,
    correct: set[str] | None = None,
    wrong: dict[str, str] | None = None,
    written: str | None = None,
):
    """A student's copy of ``release_nb``: answer cells in ``correct`` get the source's code (solution
    markers removed), answer cells in ``wrong`` get the given code, the written answer gets ``written``."""
    nb = copy.deepcopy(release_nb)
    by_id = {nbmeta(c).get("grade_id"): c for c in source_nb.cells}
    for cell in nb.cells:
        gid = nbmeta(cell).get("grade_id")
        if is_answer(cell) and correct and gid in correct:
            cell.source = (
                by_id[gid].source.replace("### BEGIN SOLUTION\n", "").replace("### END SOLUTION", "")
            )
        elif is_answer(cell) and wrong and gid in wrong:
            cell.source = wrong[gid]
        elif is_manual(cell) and written is not None:
            cell.source = written
    return nb


def write_notebook(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def cell_errors(nb) -> list[tuple[str, str]]:
    """(grade_id, exception name) for every cell of an executed notebook that raised."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append((nbmeta(cell).get("grade_id", "?"), out.get("ename")))
    return found


def load_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
