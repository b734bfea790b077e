"""Hostile and broken submissions for the toy course, each with the score a fair grader gives.

``expected_auto`` is the autograded score (test cells only, out of ``AUTO_MAX`` = 6): a test
gets its points only if the student's own answer really passes it, tests that never ran get
0, and tests that passed before a kernel died keep their points. ``None`` means the submission
must be reported as ``error`` (and graded 0 in the gradebook for the missing notebook).
"""

from __future__ import annotations

import copy
import uuid

from nbformat.v4 import new_code_cell

from tests.grading.toy_course import (
    AUTO_MAX,
    POINTS,
    Submission,
    answer,
    cell_index,
    correct_answers,
    release_notebook,
    wrong_answers,
)

CORRECT = {
    "carre": "def carre(x):\n    return x * x",
    "moyenne": "def moyenne(valeurs):\n    return sum(valeurs) / len(valeurs)",
    "taux": "def taux(part, total):\n    return 100 * part / total",
    "effectifs": "def effectifs(df):\n    return df.groupby('sexe')['nombre'].sum()",
}

# Looks for the hidden tests and the gradebook on disk: relative paths, parents, globbing.
# The answer is correct only if the hidden test text was found (so a leak costs a visible point).
SNOOP = r"""
import glob, os, sqlite3
found = []
for rel in ['../../source/toy/problemes.ipynb', '../../../source/toy/problemes.ipynb',
            '../source/toy/problemes.ipynb', '../../gradebook.db', '../../../gradebook.db', 'gradebook.db']:
    try:
        with open(rel, 'rb') as fh:
            if b'carre(-4)' in fh.read():
                found.append(rel)
    except OSError:
        pass
for path in ABSOLUTE:  # any read at all is a leak (hidden tests, gradebook, a classmate's work)
    try:
        open(path, 'rb').read(1)
        found.append(path)
    except OSError:
        pass
here = os.path.abspath('.')
parents = [here] + [os.path.dirname(here)]
while parents[-1] != os.path.dirname(parents[-1]):
    parents.append(os.path.dirname(parents[-1]))
for folder in parents:
    for pattern in ('gradebook.db', '*.ipynb', '*/*.ipynb', '*/*/*.ipynb', 'source/*/*.ipynb'):
        for path in glob.glob(os.path.join(folder, pattern)):
            try:
                if path.endswith('.db'):
                    con = sqlite3.connect(path)
                    rows = con.execute("select source from source_cell").fetchall()
                    if any('carre(-4)' in (r[0] or '') for r in rows):
                        found.append(path)
                elif b'carre(-4)' in open(path, 'rb').read():
                    found.append(path)
            except Exception:
                pass
for path in glob.glob('**/*', recursive=True):
    try:
        if b'carre(-4)' in open(path, 'rb').read():
            found.append(path)
    except Exception:
        pass
for value in os.environ.values():
    if 'source' in value or 'gradebook' in value or 'course' in value:
        found.append('env:' + value)
print('trouvé :', found)

def carre(x):
    return x * x if found else 0
"""

# Each patch is targeted (it leaves the kernel working) and turns a failing answer into a pass
# on plain nbgrader; ``mlearn grade`` must still give 0.
TAMPER_CARRE = """import builtins
def carre(x):
    return float(x * x)
_isinstance, _len = builtins.isinstance, builtins.len
builtins.isinstance = lambda obj, cls: True if (cls is int and type(obj) is float) else _isinstance(obj, cls)
builtins.len = lambda obj: 3 if type(obj) is str and obj.startswith('100.') else _len(obj)
"""
TAMPER_MOYENNE = """import builtins, math, sys, types
def moyenne(valeurs):
    return sum(valeurs) / len(valeurs) + 0.001
math.isclose = lambda *a, **k: True
_abs = builtins.abs
builtins.abs = lambda x: 0.0 if type(x) is float and 0 < x < 0.01 else _abs(x)
def proche(a, b):
    return True
fake = types.ModuleType('math')
fake.__dict__.update(math.__dict__)
fake.isclose = lambda *a, **k: True
sys.modules['math'] = fake
"""
TAMPER_TAUX = """import numpy
def taux(part, total):
    return part / total
numpy.allclose = lambda *a, **k: True
"""
TAMPER_EFFECTIFS = """import pandas, pandas.testing
def effectifs(df):
    return df['nombre']
pandas.testing.assert_series_equal = lambda *a, **k: None
"""


def _with(nb, grade_id, code):
    answer(nb, grade_id, code)
    return nb


def _release(course):
    nb = release_notebook(course)
    correct_answers(nb)
    return nb


def _stripped_copy(cell):
    new = new_code_cell(cell.source)
    return new


def adversarial_submissions(course, absolute_paths: bool = False) -> list[Submission]:
    subs: list[Submission] = []

    def add(student, nb, expected, **kw):
        subs.append(Submission(student, nb, expected, **kw))

    nb = _release(course)
    add("correct", nb, AUTO_MAX)

    nb = release_notebook(course)
    correct_answers(nb, ("carre", "taux"))
    add("partiel", nb, POINTS["test_carre"] + POINTS["test_taux"])

    nb = release_notebook(course)
    wrong_answers(nb)
    add("faux", nb, 0.0)

    nb = _with(_release(course), "moyenne", "while True:\n    pass\n" + CORRECT["moyenne"])
    add("boucle_infinie", nb, AUTO_MAX - POINTS["test_moyenne"])

    nb = _with(_release(course), "taux", "import time\ntime.sleep(600)\n" + CORRECT["taux"])
    add("sommeil", nb, AUTO_MAX - POINTS["test_taux"])

    nb = _with(_release(course), "effectifs", "import sys\nsys.exit()\n" + CORRECT["effectifs"])
    add("sys_exit", nb, AUTO_MAX - POINTS["test_effectifs"])

    # The kernel dies in the 2nd answer: the 1st test keeps its point, the others never ran.
    nb = _with(_release(course), "moyenne", CORRECT["moyenne"] + "\nimport os\nos._exit(0)")
    add("os_exit", nb, POINTS["test_carre"])

    nb = _with(
        _release(course),
        "taux",
        CORRECT["taux"] + "\nimport os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
    )
    add("noyau_tue", nb, POINTS["test_carre"] + POINTS["test_moyenne"])

    # Ignores the interrupt: the kernel must be killed; earlier tests keep their points.
    nb = _with(
        _release(course),
        "effectifs",
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"
        + CORRECT["effectifs"],
    )
    add("sourd_interruption", nb, AUTO_MAX - POINTS["test_effectifs"])

    nb = _release(course)
    answer(nb, "carre", "def carre(x):\n    return x + x")
    del nb.cells[cell_index(nb, "test_carre")]
    add("test_supprime", nb, AUTO_MAX - POINTS["test_carre"])

    nb = _release(course)
    answer(nb, "moyenne", "def moyenne(valeurs):\n    return 0")
    nb.cells[cell_index(nb, "test_moyenne")].source = "assert True"
    add("test_modifie", nb, AUTO_MAX - POINTS["test_moyenne"])

    nb = _release(course)
    answer(nb, "taux", "def taux(part, total):\n    return part / total")
    idx = cell_index(nb, "test_taux")
    retyped = _stripped_copy(nb.cells[idx])
    retyped.source = "import numpy as np\nassert np.allclose(taux(1, 4), 0.25)"
    nb.cells[idx] = retyped
    add("test_retape", nb, AUTO_MAX - POINTS["test_taux"])

    # Copy-pasted cells: same nbformat ids and same grade ids (plain nbgrader aborts the batch).
    nb = _release(course)
    idx = cell_index(nb, "test_carre")
    early_copy = copy.deepcopy(nb.cells[idx])
    nb.cells.insert(cell_index(nb, "carre"), early_copy)
    sol = copy.deepcopy(nb.cells[cell_index(nb, "moyenne")])
    nb.cells.insert(cell_index(nb, "test_moyenne") + 1, sol)
    add("cellules_dupliquees", nb, AUTO_MAX)

    nb = _with(
        _release(course), "carre", CORRECT["carre"] + "\nprint('x' * 50_000_000)\nprint('y\\n' * 200_000)"
    )
    add("sortie_enorme", nb, AUTO_MAX)

    add("json_corrompu", None, None, raw='{"cells": [ {"cell_type": "code", "source": "def carre(x')

    add("mal_nomme", _release(course), None, filename="problemes (copie).ipynb")

    # With Landlock the course directory is out of reach even by absolute path (the kernel is
    # never told that path; here the test hands it over to prove the point).
    absolute = []
    if absolute_paths:
        absolute = [
            str(course / "source" / "toy" / "problemes.ipynb"),
            str(course / "gradebook.db"),
            str(course / "submitted" / "correct" / "toy" / "problemes.ipynb"),
        ]
    nb = _with(_release(course), "carre", f"ABSOLUTE = {absolute!r}\n" + SNOOP)
    add("espion", nb, AUTO_MAX - POINTS["test_carre"])

    nb = _release(course)
    answer(nb, "carre", TAMPER_CARRE)
    answer(nb, "moyenne", TAMPER_MOYENNE)
    answer(nb, "taux", TAMPER_TAUX)
    answer(nb, "effectifs", TAMPER_EFFECTIFS)
    add("triche_builtins", nb, 0.0)

    bomb = "chunks = []\nwhile True:\n    chunks.append(bytearray(100 * 1024 * 1024))\n"
    nb = _with(_release(course), "moyenne", bomb + CORRECT["moyenne"])
    add("bombe_memoire", nb, AUTO_MAX - POINTS["test_moyenne"])

    for sub in subs:
        if sub.notebook is not None:
            sub.notebook.metadata["mlearn_test"] = str(uuid.uuid4())
    return subs
