"""A tiny nbgrader course for the grading tests and the grading benchmark.

The source notebook is written with nbgrader's own cell metadata, then the real
``nbgrader generate_assignment`` builds the release and the gradebook in a temporary course
directory. Submissions are crafted programmatically from the release notebook: each one says
which answers it fills in and what extra cells it adds, and carries the score a fair grader
must give.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ASSIGNMENT = "toy"
NOTEBOOK = "problemes"
VENV_BIN = Path(sys.executable).parent

# Points of each autograded test cell, and the manually graded answer.
POINTS = {"test_carre": 1.0, "test_moyenne": 2.0, "test_taux": 1.0, "test_effectifs": 2.0}
MANUAL_POINTS = 1.0
AUTO_MAX = sum(POINTS.values())
MAX_SCORE = AUTO_MAX + MANUAL_POINTS


def _meta(grade_id, *, grade=False, solution=False, locked=False, points=None, task=False):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": task,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _code(source, **kw):
    return new_code_cell(source, metadata=_meta(**kw))


def _md(source, **kw):
    return new_markdown_cell(source, metadata=_meta(**kw))


SOLUTIONS = {
    "carre": "def carre(x):\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION",
    "moyenne": (
        "def moyenne(valeurs):\n    ### BEGIN SOLUTION\n    return sum(valeurs) / len(valeurs)\n    ### END SOLUTION"
    ),
    "taux": "def taux(part, total):\n    ### BEGIN SOLUTION\n    return 100 * part / total\n    ### END SOLUTION",
    "effectifs": (
        "def effectifs(df):\n    ### BEGIN SOLUTION\n"
        "    return df.groupby('sexe')['nombre'].sum()\n    ### END SOLUTION"
    ),
}

TESTS = {
    "test_carre": (
        "assert carre(3) == 9\nassert proche(carre(1.5), 2.25)\n"
        "### BEGIN HIDDEN TESTS\nassert carre(-4) == 16\nassert isinstance(carre(2), int)\n"
        "assert len(str(carre(10))) == 3\n### END HIDDEN TESTS"
    ),
    "test_moyenne": (
        "assert math.isclose(moyenne([1, 2, 3]), 2)\n"
        "### BEGIN HIDDEN TESTS\nassert abs(moyenne([1, 2]) - 1.5) < 1e-9\n"
        "assert proche(moyenne([5]), 5)\n### END HIDDEN TESTS"
    ),
    "test_taux": (
        "import numpy as np\nassert np.allclose(taux(1, 4), 25.0)\n"
        "### BEGIN HIDDEN TESTS\nassert np.allclose(taux(3, 3), 100.0)\n### END HIDDEN TESTS"
    ),
    "test_effectifs": (
        "import pandas as pd\nimport pandas.testing\n"
        "df = pd.DataFrame({'sexe': ['F', 'M', 'F'], 'nombre': [1, 2, 3]})\n"
        "pandas.testing.assert_series_equal(effectifs(df), "
        "pd.Series({'F': 4, 'M': 2}, name='nombre').rename_axis('sexe'))\n"
        "### BEGIN HIDDEN TESTS\n"
        "df2 = pd.DataFrame({'sexe': ['M'], 'nombre': [7]})\n"
        "pandas.testing.assert_series_equal(effectifs(df2), "
        "pd.Series({'M': 7}, name='nombre').rename_axis('sexe'))\n### END HIDDEN TESTS"
    ),
}

HELPER = "import math\n\n\ndef proche(a, b):\n    return abs(a - b) < 1e-9"


def source_notebook():
    cells = [
        _md("# Exercices jouets\n\nQuatre fonctions à écrire.", grade_id="intro", locked=True),
        _code(HELPER, grade_id="outils", locked=True),
        _code(SOLUTIONS["carre"], grade_id="carre", solution=True),
        _code(
            TESTS["test_carre"], grade_id="test_carre", grade=True, locked=True, points=POINTS["test_carre"]
        ),
        _code(SOLUTIONS["moyenne"], grade_id="moyenne", solution=True),
        _code(
            TESTS["test_moyenne"],
            grade_id="test_moyenne",
            grade=True,
            locked=True,
            points=POINTS["test_moyenne"],
        ),
        _code(SOLUTIONS["taux"], grade_id="taux", solution=True),
        _code(TESTS["test_taux"], grade_id="test_taux", grade=True, locked=True, points=POINTS["test_taux"]),
        _code(SOLUTIONS["effectifs"], grade_id="effectifs", solution=True),
        _code(
            TESTS["test_effectifs"],
            grade_id="test_effectifs",
            grade=True,
            locked=True,
            points=POINTS["test_effectifs"],
        ),
        _md(
            "Expliquez en deux phrases pourquoi un stock n'est pas un flux.\n\nYOUR ANSWER HERE",
            grade_id="interpretation",
            grade=True,
            solution=True,
            points=MANUAL_POINTS,
        ),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


CONFIG = """c = get_config()
c.CourseDirectory.course_id = "toy_course"
"""


def run_nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONWARNINGS": "ignore",
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return subprocess.run(
        [str(VENV_BIN / "nbgrader"), *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )


def make_course(course: Path) -> Path:
    """Create the source notebook and run the real ``nbgrader generate_assignment``."""
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(CONFIG)
    src = course / "source" / ASSIGNMENT
    src.mkdir(parents=True, exist_ok=True)
    nbformat.write(source_notebook(), src / f"{NOTEBOOK}.ipynb")
    (src / "donnees.csv").write_text("sexe,nombre\nF,4\nM,2\n")
    run_nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    return course


def release_notebook(course: Path):
    return nbformat.read(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)


def cell_index(nb, grade_id: str) -> int:
    for i, cell in enumerate(nb.cells):
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return i
    raise KeyError(grade_id)


def answer(nb, grade_id: str, code: str) -> None:
    nb.cells[cell_index(nb, grade_id)].source = code


def correct_answers(nb, which=("carre", "moyenne", "taux", "effectifs")) -> None:
    for name in which:
        code = SOLUTIONS[name].replace("    ### BEGIN SOLUTION\n", "").replace("\n    ### END SOLUTION", "")
        answer(nb, name, code)


def wrong_answers(nb) -> None:
    answer(nb, "carre", "def carre(x):\n    return x + x")
    answer(nb, "moyenne", "def moyenne(valeurs):\n    return 0")
    answer(nb, "taux", "def taux(part, total):\n    return part / total")
    answer(nb, "effectifs", "def effectifs(df):\n    return df['nombre']")


@dataclass
class Submission:
    student: str
    notebook: object | None  # a NotebookNode, or raw text for corrupted files
    expected_auto: float | None  # autograded score a fair grader gives; None = reported as error
    filename: str = f"{NOTEBOOK}.ipynb"
    raw: str | None = None
    extra_files: dict = field(default_factory=dict)


def write_submission(
    course: Path, sub: Submission, timestamp: str = "2026-11-20 10:00:00.000000 UTC"
) -> Path:
    folder = course / "submitted" / sub.student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    if sub.raw is not None:
        (folder / sub.filename).write_text(sub.raw)
    else:
        nbformat.write(sub.notebook, folder / sub.filename)
    for name, text in sub.extra_files.items():
        (folder / name).write_text(text)
    (folder / "timestamp.txt").write_text(timestamp)
    return folder


def ordinary_submissions(course: Path, n: int) -> list[Submission]:
    """``n`` synthetic submissions cycling through correct, partial and failing work."""
    subs = []
    for i in range(n):
        nb = release_notebook(course)
        kind = i % 3
        if kind == 0:
            correct_answers(nb)
            expected = AUTO_MAX
        elif kind == 1:
            correct_answers(nb, ("carre", "taux"))
            expected = POINTS["test_carre"] + POINTS["test_taux"]
        else:
            wrong_answers(nb)
            expected = 0.0
        subs.append(Submission(f"etu{i:03d}", nb, expected))
    return subs


def gradebook_scores(course: Path, assignment: str = ASSIGNMENT) -> dict[str, dict]:
    """Scores read back through nbgrader's own ``Gradebook`` API."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="toy_course") as gb:
        for sub in gb.assignment_submissions(assignment):
            grades = [g for nb in sub.notebooks for g in nb.grades]
            out[sub.student_id] = {
                "auto": sum(g.auto_score or 0 for g in grades if g.cell.cell_type == "code"),
                "score": sub.score,
                "max": sub.max_score,
                "grades": {g.cell.name: g.auto_score for g in grades},
            }
    return out


def export_scores(course: Path) -> dict[str, float]:
    """Scores as ``nbgrader export`` writes them to CSV."""
    import csv

    out_csv = course / "export.csv"
    run_nbgrader(course, "export", "--to", str(out_csv))
    with open(out_csv, newline="") as fh:
        return {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(fh)}


def dump(nb) -> str:
    return json.dumps(nb)
