"""Fast checks of the grading building blocks (no kernel, no course directory)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from mlearn.grading import Result


def _meta(grade_id, **kw):
    base = {"grade": False, "solution": False, "locked": False, "schema_version": 3, "task": False}
    base.update(kw)
    base["grade_id"] = grade_id
    return {"nbgrader": base}


def _notebook_with_copy_pasted_cells():
    test = new_code_cell("assert f() == 1", metadata=_meta("t1", grade=True, locked=True, points=1.0))
    answer = new_code_cell("def f():\n    return 1", metadata=_meta("a1", solution=True))
    nb = new_notebook(cells=[answer, test])
    dup_answer = nbformat.from_dict(dict(answer))
    dup_test = nbformat.from_dict(dict(test))
    dup_test["id"] = test["id"]
    nb.cells = [dup_test, answer, test, dup_answer]
    return nb


def test_plain_deduplicate_ids_aborts_but_repair_does_not():
    from nbgrader.nbgraderformat import SchemaTooOldError
    from nbgrader.preprocessors import CheckCellMetadata, DeduplicateIds

    from mlearn.grading.preprocessors import RepairDuplicateIds

    plain = _notebook_with_copy_pasted_cells()
    plain, _ = DeduplicateIds().preprocess(plain, {})
    with pytest.raises(SchemaTooOldError):
        CheckCellMetadata().preprocess(plain, {})

    nb = _notebook_with_copy_pasted_cells()
    nb, _ = RepairDuplicateIds().preprocess(nb, {})
    CheckCellMetadata().preprocess(nb, {})
    ids = [c.get("id") for c in nb.cells]
    assert len(set(ids)) == len(ids)
    grade_ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    # as nbgrader: the last occurrence keeps the grade id, the copies become plain cells
    assert grade_ids == [None, None, "t1", "a1"]


def test_limit_output_size_truncates_but_keeps_stderr():
    from mlearn.grading.preprocessors import LimitOutputSize

    cell = new_code_cell("print('x' * 50_000_000)")
    cell.outputs = [
        new_output("stream", name="stdout", text="x" * 5_000_000),
        new_output("stream", name="stderr", text="E" * 100_000),
        new_output("execute_result", data={"text/plain": "y" * 300_000, "text/html": "<b>" * 100_000}),
    ]
    nb = new_notebook(cells=[cell])
    nb, _ = LimitOutputSize(max_chars=1000).preprocess(nb, {})
    outs = nb.cells[0].outputs
    assert len(outs[0].text) < 1100 and "tronquée" in outs[0].text
    assert outs[1].name == "stderr" and len(outs[1].text) < 1100
    assert "text/html" not in outs[2].data and len(outs[2].data["text/plain"]) < 1100


def test_import_is_cheap():
    code = "import sys, mlearn.grading; print(any(m.startswith(('nbgrader', 'nbclient', 'jupyter_client')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_summary_table_and_csv(tmp_path):
    import csv

    from mlearn.cli.grade import summary_table
    from mlearn.grading.engine import write_csv

    results = [
        Result("ali", 5.5, 7.0, 1.25, "graded", []),
        Result("zoe", None, 7.0, 0.0, "error", ["carnet illisible"]),
    ]
    table = summary_table(results)
    assert "5,5" in table and "error" in table and "carnet illisible" in table
    path = write_csv(results, tmp_path / "notes.csv")
    rows = list(csv.DictReader(open(path, newline="")))
    assert rows[0]["score"] == "5.5" and rows[1]["status"] == "error" and rows[1]["score"] == ""


GUARD_SCRIPT = textwrap.dedent(
    """
    import json
    from IPython.core.interactiveshell import InteractiveShell
    from mlearn.grading.guard import install, test_marker, locked_marker

    shell = InteractiveShell.instance()
    GUARD = {guard}
    nonce = "0123456789abcdef0123456789abcdef"
    if GUARD:
        install(shell, nonce)
    mark = test_marker(nonce) if GUARD else ""
    lock = locked_marker(nonce) if GUARD else ""

    def run(src):
        return shell.run_cell(src).success

    run("import math\\ndef proche(a, b):\\n    return abs(a - b) < 1e-9" + lock)
    run('''
    import builtins, math, sys, types
    import numpy, pandas, pandas.testing
    _abs, _isinstance, _len = builtins.abs, builtins.isinstance, builtins.len
    builtins.abs = lambda x: 0
    builtins.isinstance = lambda o, c: True if c is int and type(o) is float else _isinstance(o, c)
    builtins.len = lambda o: 3 if type(o) is str and o.startswith('100.') else _len(o)
    math.isclose = lambda *a, **k: True
    numpy.allclose = lambda *a, **k: True
    pandas.testing.assert_series_equal = lambda *a, **k: None
    def proche(a, b):
        return True
    fake = types.ModuleType('math'); fake.__dict__.update(math.__dict__); fake.isclose = lambda *a, **k: True
    sys.modules['math'] = fake
    __builtins__ = {{'abs': lambda x: 0}}
    ''')
    tests = {{
        "abs": "assert abs(-3) == 3",
        "isinstance": "assert not isinstance(4.0, int)",
        "len": "assert len('100.0') == 5",
        "math.isclose": "import math\\nassert not math.isclose(1.0, 2.0)",
        "numpy.allclose": "import numpy as np\\nassert not np.allclose(1.0, 2.0)",
        "pandas.testing": (
            "import pandas as pd, pandas.testing\\n"
            "try:\\n    pandas.testing.assert_series_equal(pd.Series([1]), pd.Series([2]))\\n"
            "except AssertionError:\\n    pass\\nelse:\\n    raise RuntimeError('tampered')"
        ),
        "helper": "assert not proche(1, 2)",
    }}
    print(json.dumps({{name: run(src + mark) for name, src in tests.items()}}))
    """
)


@pytest.mark.slow
def test_guard_restores_what_tests_rely_on():
    """With the guard every honest test passes; without it, every tampering fools the test."""
    import json

    procs = {
        guard: subprocess.Popen(
            [sys.executable, "-c", GUARD_SCRIPT.format(guard=guard)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for guard in (True, False)
    }
    passed = {}
    for guard, proc in procs.items():
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err[-2000:]
        passed[guard] = json.loads(out.strip().splitlines()[-1])
    assert all(passed[True].values()), passed[True]
    assert not any(passed[False].values()), passed[False]


@pytest.mark.slow
def test_cli_errors_are_one_french_line(tmp_path):
    missing = subprocess.run(
        [sys.executable, "-m", "mlearn.cli", "grade", "toy", "--course-dir", str(tmp_path / "absent")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 2 and missing.stderr.startswith("Erreur : Dossier de cours introuvable")
    assert "Traceback" not in missing.stderr


def test_landlock_hides_the_course_directory(tmp_path):
    from mlearn.grading.sandbox import landlock_supported

    if not landlock_supported():
        pytest.skip("Landlock absent de ce noyau Linux / not available on this kernel")
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    (course / "source" / "secret.ipynb").write_text("carre(-4)")
    work = tmp_path / "work"
    work.mkdir()
    code = textwrap.dedent(
        f"""
        import os
        from mlearn.grading.sandbox import landlock
        os.chdir({str(work)!r})
        assert landlock({str(work)!r}, [{str(course)!r}])
        try:
            open({str(course / "source" / "secret.ipynb")!r}).read()
            print("LEAK")
        except PermissionError:
            print("denied")
        open("note.txt", "w").write("ok")
        import json, numpy
        print(open("note.txt").read(), json.dumps([int(numpy.int64(3))]))
        """
    )
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["denied", "ok", "[3]"]
