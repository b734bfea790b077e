"""``mlearn grade`` against hostile submissions, checked through nbgrader's own readers.

One toy course (real ``nbgrader generate_assignment``) receives every adversarial submission of
:mod:`tests.grading.adversarial`; one ``mlearn grade`` run grades them all. Each expected score
is the one a fair grader gives, read back with nbgrader's ``Gradebook`` API and ``nbgrader
export``. Ordinary submissions are also graded by plain ``nbgrader autograde`` for comparison.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.grading.adversarial import CORRECT, adversarial_submissions
from tests.grading.toy_course import (
    ASSIGNMENT,
    AUTO_MAX,
    MAX_SCORE,
    NOTEBOOK,
    Submission,
    cell_index,
    correct_answers,
    export_scores,
    gradebook_scores,
    make_course,
    ordinary_submissions,
    release_notebook,
    run_nbgrader,
    write_submission,
)

pytestmark = pytest.mark.slow
MLEARN = [sys.executable, "-m", "mlearn.cli"]


def mlearn_grade(course: Path, *extra: str, timeout=400) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MLEARN, "grade", ASSIGNMENT, "--course-dir", str(course), *extra],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=course.parent,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_course(tmp_path_factory.mktemp("toy") / "course")


@pytest.fixture(scope="module")
def batch(template, tmp_path_factory):
    course = tmp_path_factory.mktemp("adv") / "course"
    shutil.copytree(template, course)
    from mlearn.grading.sandbox import landlock_supported

    subs = adversarial_submissions(course, absolute_paths=landlock_supported())
    for sub in subs:
        write_submission(course, sub)
    proc = mlearn_grade(course, "--jobs", "2", "--timeout", "4", "--memory", "1536")
    return course, {s.student: s for s in subs}, proc


def test_batch_completes_and_reports_errors(batch):
    course, subs, proc = batch
    assert proc.returncode == 1, proc.stderr[-3000:]
    flagged = {m.group(1) for m in re.finditer(r"^(\S+) : error — ", proc.stderr, re.M)}
    assert flagged == {s for s, sub in subs.items() if sub.expected_auto is None}
    # every other student appears in the summary table with a score
    for student in subs:
        assert student in proc.stdout
    assert "Étudiant" in proc.stdout and "Problèmes" in proc.stdout


@pytest.mark.parametrize(
    "student",
    [
        "correct",
        "partiel",
        "faux",
        "boucle_infinie",
        "sommeil",
        "sys_exit",
        "os_exit",
        "noyau_tue",
        "sourd_interruption",
        "test_supprime",
        "test_modifie",
        "test_retape",
        "cellules_dupliquees",
        "sortie_enorme",
        "espion",
        "triche_builtins",
        "bombe_memoire",
    ],
)
def test_fair_score_in_gradebook(batch, student):
    course, subs, proc = batch
    scores = gradebook_scores(course)
    assert scores[student]["auto"] == pytest.approx(subs[student].expected_auto), (
        student,
        scores[student]["grades"],
        proc.stdout[-2000:],
    )
    assert scores[student]["max"] == pytest.approx(MAX_SCORE)
    assert (course / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file()


def test_unreadable_and_misnamed_get_zero_and_no_autograded_copy(batch):
    course, subs, _ = batch
    scores = gradebook_scores(course)
    for student in ("json_corrompu", "mal_nomme"):
        assert not (course / "autograded" / student / ASSIGNMENT).exists()
        assert scores[student]["auto"] == 0


def test_export_and_csv_agree_with_gradebook(batch):
    course, subs, _ = batch
    scores = gradebook_scores(course)
    exported = export_scores(course)
    for student in subs:
        assert exported[student] == pytest.approx(scores[student]["score"]), student
    with open(course / "autograded" / f"{ASSIGNMENT}-grades.csv", newline="") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    assert set(rows) == set(subs)
    for student, sub in subs.items():
        if sub.expected_auto is None:
            assert rows[student]["status"] == "error"
        else:
            assert float(rows[student]["score"]) == pytest.approx(scores[student]["score"])


def test_huge_output_is_truncated(batch):
    course, _, _ = batch
    out = course / "autograded" / "sortie_enorme" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    assert out.stat().st_size < 500_000
    assert "tronquée" in out.read_text() or "truncated" in out.read_text()


def test_hidden_tests_not_reachable_from_the_kernel(batch):
    course, _, _ = batch
    nb = json.loads((course / "autograded" / "espion" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_text())
    printed = "".join(
        "".join(o.get("text", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
    )
    assert "trouvé : []" in printed, printed[:2000]


def test_guard_markers_never_reach_the_autograded_notebook(batch):
    course, subs, _ = batch
    for student in subs:
        path = course / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        if path.exists():
            assert "mlearn-grade:" not in path.read_text()


def test_rerun_is_idempotent(batch):
    course, subs, _ = batch
    before = gradebook_scores(course)
    proc = mlearn_grade(course, "--jobs", "2", "--timeout", "3")
    assert gradebook_scores(course) == before
    assert "déjà corrigée" in proc.stdout


def test_same_scores_as_plain_nbgrader_on_ordinary_work(template, tmp_path):
    """Plain ``nbgrader autograde`` and ``mlearn grade`` agree on ordinary work; the builtins
    tampering that fools plain nbgrader does not fool ``mlearn grade``."""
    subs = ordinary_submissions(template, 3)
    tamper = next(s for s in adversarial_submissions(template) if s.student == "triche_builtins")
    courses = {}
    for name in ("plain", "mlearn"):
        course = tmp_path / name
        shutil.copytree(template, course)
        for sub in [*subs, tamper]:
            write_submission(course, sub)
        courses[name] = course
    run_nbgrader(courses["plain"], "autograde", ASSIGNMENT, "--Execute.timeout=10")
    proc = mlearn_grade(courses["mlearn"], "--jobs", "2", "--timeout", "10")
    assert proc.returncode == 0, proc.stderr[-3000:]
    plain, ours = gradebook_scores(courses["plain"]), gradebook_scores(courses["mlearn"])
    for sub in subs:
        assert ours[sub.student]["grades"] == plain[sub.student]["grades"], sub.student
        assert ours[sub.student]["auto"] == pytest.approx(sub.expected_auto)
    assert plain["triche_builtins"]["auto"] == AUTO_MAX  # the tampering works on plain nbgrader...
    assert ours["triche_builtins"]["auto"] == 0  # ...not on mlearn grade


def test_kill_9_then_rerun_gives_a_consistent_gradebook(template, tmp_path):
    import psutil

    course = tmp_path / "course"
    shutil.copytree(template, course)
    subs = ordinary_submissions(course, 4)
    # graded last and slow (3 s, within the time limit): the batch is surely still running at the kill
    slow = release_notebook(course)
    correct_answers(slow)
    slow.cells[cell_index(slow, "carre")].source = "import time\ntime.sleep(3)\n" + CORRECT["carre"]
    subs.append(Submission("zz_lent", slow, AUTO_MAX))
    for sub in subs:
        write_submission(course, sub)
    proc = subprocess.Popen(
        [*MLEARN, "grade", ASSIGNMENT, "--course-dir", str(course), "--jobs", "2", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    autograded = course / "autograded"
    import time

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        done = [p for p in autograded.glob(f"*/{ASSIGNMENT}") if p.is_dir()] if autograded.exists() else []
        if done:
            break
        time.sleep(0.05)
    assert done, "no submission graded before the deadline"
    family = psutil.Process(proc.pid).children(recursive=True)
    assert any("mlearn.grading.sandbox" in " ".join(p.cmdline()) for p in family)
    os.kill(proc.pid, 9)
    proc.wait()
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert not alive, [p.cmdline() for p in alive]
    rerun = mlearn_grade(course, "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    scores = gradebook_scores(course)
    assert set(scores) == {s.student for s in subs}
    for sub in subs:
        assert scores[sub.student]["auto"] == pytest.approx(sub.expected_auto), sub.student
        assert (autograded / sub.student / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file()
