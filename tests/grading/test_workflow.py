"""The instructor's workflow end to end, with the real nbgrader on a temporary course and exchange:
register students from a CSV, generate and release an assignment, three students fetch, answer (full,
partial, empty) and submit, collect, autograde with ``mlearn grade``, grade the written answer through the
formgrader's REST API on a real Jupyter server, generate / release / fetch HTML feedback, export the grades
to CSV. A browser test opens the formgrader and the JupyterLab assignment list on the same server.

The steps are those of docs/instructor-guide.md. ``MLEARN_WORKFLOW_GRADER=nbgrader`` swaps ``mlearn grade``
for ``nbgrader autograde`` (only to debug the workflow itself; the test suite uses ``mlearn grade``).
"""

from __future__ import annotations

import csv
import html as htmllib
import os
import re
import secrets
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import requests

from tests.grading.assignments_course import (
    BIN,
    HIDDEN_BLOCK,
    SOURCE,
    course_env,
    fill_answers,
    is_manual,
    is_test,
    make_course,
    nbmeta,
    notebook_path,
    points,
    run,
    write_notebook,
)

ASSIGNMENT = "a01_pourquoi_les_donnees"
COURSE_ID = "mlearn"
STUDENTS = [  # id, first name, last name, email — the CSV an instructor exports from the registrar
    ("amina.benali", "Amina", "Benali", "amina.benali@univ.example"),
    ("youssef.trabelsi", "Youssef", "Trabelsi", "youssef.trabelsi@univ.example"),
    ("salma.idrissi", "Salma", "Idrissi", "salma.idrissi@univ.example"),
]
FULL, PARTIAL, EMPTY = (s[0] for s in STUDENTS)
PARTIAL_CORRECT = {"q1_reponse", "q3_reponse"}  # the partial student gets questions 1 and 3 right,
PARTIAL_WRONG = {  # a proportion instead of a percentage (fails every test of Q2), a well-formed wrong set (Q4)
    "q2_reponse": "part_immigres_MAR_2024 = 0.0029",
    "q4_reponse": 'affirmations_non_soutenues = {"A"}',
}
PARTIAL_PASSES = {"q1_visible", "q1_cache", "q3_visible", "q3_cache", "q4_visible"}  # so these tests pass
MANUAL_SCORES = {FULL: 4.0, PARTIAL: 2.0}  # what the instructor gives the written answers in the formgrader
COMMENT = "Bonne lecture du dénominateur ; citez aussi la date de référence (mi-2024)."
PORTS = range(9400, 9420)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 9400-9419")


def _student_run(base: Path, student: str, exchange: Path, args: list[str]) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` as a student: own HOME (own nbgrader cache), own working folder."""
    home = base / "students" / student
    work = home / "travail"
    work.mkdir(parents=True, exist_ok=True)
    env = course_env(base, exchange, HOME=str(home), USER=student, LOGNAME=student)
    env.pop("JUPYTER_CONFIG_DIR", None)
    env.pop("JUPYTER_DATA_DIR", None)
    common = [
        f"--Exchange.root={exchange}",
        f"--CourseDirectory.course_id={COURSE_ID}",
        f"--student={student}",
    ]
    return run(["nbgrader", *args, *common], work, env)


def _students_run(base: Path, exchange: Path, args: list[str], students=(FULL, PARTIAL, EMPTY)) -> None:
    """The same student command for several students at once (they work in parallel in a real class)."""
    with ThreadPoolExecutor(max_workers=len(students)) as pool:
        list(pool.map(lambda student: _student_run(base, student, exchange, args), students))


@pytest.fixture(scope="module")
def workflow(tmp_path_factory):
    """Steps 1–7: a course where three students submitted and the instructor collected and autograded."""
    base = tmp_path_factory.mktemp("workflow")
    course, exchange = make_course(base, [ASSIGNMENT])
    env = course_env(course, exchange)
    source = nbformat.read(str(notebook_path(SOURCE, ASSIGNMENT)), as_version=4)

    # 1. register the students from a CSV
    roster = base / "etudiants.csv"
    with roster.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "first_name", "last_name", "email"])
        w.writerows(STUDENTS)
    run(["nbgrader", "db", "student", "import", str(roster)], course, env)
    with _gradebook(course) as gb:
        assert {(s.id, s.first_name, s.last_name, s.email) for s in gb.students} == set(STUDENTS)

    # 2. generate and release
    run(["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], course, env)
    run(["nbgrader", "release_assignment", ASSIGNMENT, "--force"], course, env)
    assert (exchange / COURSE_ID / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()

    # 3. each student fetches, answers and submits
    _students_run(base, exchange, ["fetch_assignment", ASSIGNMENT])
    for student in (FULL, PARTIAL, EMPTY):
        path = notebook_path(base / "students" / student / "travail", ASSIGNMENT)
        assert path.is_file()
        released = nbformat.read(str(path), as_version=4)
        assert "BEGIN SOLUTION" not in path.read_text(encoding="utf-8")
        if student == FULL:
            answered = fill_answers(
                released,
                source,
                correct={nbmeta(c)["grade_id"] for c in source.cells if nbmeta(c).get("solution")},
                written="Les immigrés représentent 0,29 % de la population du Maroc (UN DESA, mi-2024)...",
            )
            write_notebook(answered, path)
        elif student == PARTIAL:
            answered = fill_answers(
                released,
                source,
                correct=PARTIAL_CORRECT,
                wrong={
                    "q2_reponse": "part_immigres_MAR_2024 = 0.0029",
                    "q4_reponse": 'affirmations_non_soutenues = {"A"}',
                },
                written="Peu d'immigrés au Maroc.",
            )
            write_notebook(answered, path)
    _students_run(base, exchange, ["submit", ASSIGNMENT])
    inbound = list((exchange / COURSE_ID / "inbound").iterdir())
    assert len(inbound) == 3

    # 4. collect
    run(["nbgrader", "collect", ASSIGNMENT], course, env)
    for student in (FULL, PARTIAL, EMPTY):
        assert notebook_path(course / "submitted" / student, ASSIGNMENT).is_file()

    # 5. autograde
    grader = os.environ.get("MLEARN_WORKFLOW_GRADER", "mlearn")
    if grader == "nbgrader":
        graded = run(["nbgrader", "autograde", ASSIGNMENT, "--force"], course, env, timeout=600)
    else:
        graded = run(
            ["mlearn", "grade", ASSIGNMENT, "--course-dir", str(course), "--jobs", "2"],
            base,
            env,
            timeout=600,
        )
    for student in (FULL, PARTIAL, EMPTY):
        assert notebook_path(course / "autograded" / student, ASSIGNMENT).is_file()

    auto_max = points(source, is_test)
    manual_max = points(source, is_manual)
    partial_auto = sum(
        float(nbmeta(c)["points"]) for c in source.cells if nbmeta(c)["grade_id"] in PARTIAL_PASSES
    )
    return {
        "base": base,
        "course": course,
        "exchange": exchange,
        "env": env,
        "grader": grader,
        "grade_output": graded.stdout + graded.stderr,
        "auto_max": auto_max,
        "manual_max": manual_max,
        "expected_auto": {FULL: auto_max, PARTIAL: partial_auto, EMPTY: 0.0},
    }


@pytest.fixture(scope="module")
def server(workflow):
    """A real Jupyter server (JupyterLab + nbgrader extensions) on the course folder, token-protected."""
    port, token = _free_port(), secrets.token_hex(16)
    course = workflow["course"]
    log = (workflow["base"] / "jupyter.log").open("w")
    cmd = [
        str(BIN / "jupyter"), "lab", "--no-browser", f"--port={port}", "--port-retries=0",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={course}", f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    env = dict(workflow["env"], HOME=str(workflow["base"] / "instructor-home"))
    Path(env["HOME"]).mkdir(exist_ok=True)
    proc = subprocess.Popen(
        cmd, cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    import requests

    url = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.headers["Authorization"] = f"token {token}"
    deadline = time.time() + 60
    while True:
        try:
            if session.get(f"{url}/formgrader/api/status", timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            raise AssertionError(
                "jupyter lab did not start:\n" + (workflow["base"] / "jupyter.log").read_text()[-3000:]
            )
        time.sleep(0.5)
    yield {"url": url, "token": token, "session": session, "proc": proc}
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    log.close()


def _gradebook(course):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID)


@pytest.mark.slow
def test_instructor_workflow_end_to_end(workflow, server):
    course, exchange, env = workflow["course"], workflow["exchange"], workflow["env"]
    expected_auto = workflow["expected_auto"]

    # autograde reached the gradebook for every student
    with _gradebook(course) as gb:
        for student, auto in expected_auto.items():
            sub = gb.find_submission(ASSIGNMENT, student)
            assert (sub.code_score, sub.max_code_score) == (auto, workflow["auto_max"]), student
    if workflow["grader"] == "mlearn":
        lines = workflow["grade_output"].splitlines()
        for student in (FULL, PARTIAL, EMPTY):  # one summary line per student, none reported as an error
            mine = [line for line in lines if student in line]
            assert mine and not [line for line in mine if "error" in line.lower()], mine

    # 6. manual grading through the formgrader REST API (token-authenticated)
    api, s = f"{server['url']}/formgrader/api", server["session"]
    assert s.get(f"{api}/assignments", timeout=30).json()[0]["name"] == ASSIGNMENT
    anonymous = requests.get(f"{api}/assignments", allow_redirects=False, timeout=30)
    assert anonymous.status_code in (302, 403), "the formgrader API refuses callers without the token"
    submissions = s.get(f"{api}/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}", timeout=30).json()
    by_student = {sub["student"]: sub for sub in submissions}
    assert set(by_student) == {FULL, PARTIAL, EMPTY}
    written_id = next(
        nbmeta(c)["grade_id"]
        for c in nbformat.read(str(notebook_path(SOURCE, ASSIGNMENT)), 4).cells
        if is_manual(c)
    )
    for student, score in MANUAL_SCORES.items():
        sub_id = by_student[student]["id"]
        grades = s.get(f"{api}/grades", params={"submission_id": sub_id}, timeout=30).json()
        written = next(g for g in grades if g["name"] == written_id)
        assert written["needs_manual_grade"] is True and written["auto_score"] is None
        r = s.put(f"{api}/grade/{written['id']}", json={"manual_score": score}, timeout=30)
        assert r.status_code == 200, r.text
        assert r.json()["manual_score"] == score and r.json()["needs_manual_grade"] is False
        comments = s.get(f"{api}/comments", params={"submission_id": sub_id}, timeout=30).json()
        comment = next(c for c in comments if c["name"] == written_id)
        r = s.put(f"{api}/comment/{comment['id']}", json={"manual_comment": COMMENT}, timeout=30)
        assert r.status_code == 200 and r.json()["manual_comment"] == COMMENT
    # the empty submission's untouched written answer was scored 0 by the autograder, nothing left to grade
    grades = s.get(f"{api}/grades", params={"submission_id": by_student[EMPTY]["id"]}, timeout=30).json()
    assert next(g for g in grades if g["name"] == written_id)["auto_score"] == 0
    status = {
        sub["student"]: sub
        for sub in s.get(f"{api}/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}", timeout=30).json()
    }
    assert not any(sub["needs_manual_grade"] for sub in status.values())

    # 7. feedback: generate (HTML), release, each student fetches their own
    source = nbformat.read(str(notebook_path(SOURCE, ASSIGNMENT)), as_version=4)
    hidden_code = {
        line.strip()
        for c in source.cells
        for block in HIDDEN_BLOCK.findall(c.source)
        for line in block.splitlines()
        if line.strip().startswith("assert")
    }
    assert hidden_code
    run(["nbgrader", "generate_feedback", ASSIGNMENT, "--force"], course, env)
    run(["nbgrader", "release_feedback", ASSIGNMENT], course, env)
    _students_run(workflow["base"], exchange, ["fetch_feedback", ASSIGNMENT])
    for student in (FULL, PARTIAL, EMPTY):
        fetched = list(
            (workflow["base"] / "students" / student / "travail" / ASSIGNMENT / "feedback").glob("*/*.html")
        )
        assert len(fetched) == 1, student
        html = fetched[0].read_text(encoding="utf-8")
        total = expected_auto[student] + MANUAL_SCORES.get(student, 0.0)
        max_total = workflow["auto_max"] + workflow["manual_max"]
        assert re.search(r"Score: ([0-9.]+) / ([0-9.]+)", html).groups() == (
            f"{total:.1f}",
            f"{max_total:.1f}",
        )
        text = htmllib.unescape(re.sub(r"<[^>]+>", "", html))
        assert (COMMENT in text) == (student in MANUAL_SCORES)
        # the hidden tests' code stays private (the assignment can be reused), their results are shown
        assert "HIDDEN TESTS" not in text and not [line for line in hidden_code if line in text]
        assert "Test 1.b" in text and "Test 1.a" in text

    # 8. export to CSV and check every score, automatic + manual
    csv_path = course / "notes.csv"
    run(["nbgrader", "export", "--to", str(csv_path)], course, env)
    rows = {r["student_id"]: r for r in csv.DictReader(csv_path.open(encoding="utf-8"))}
    assert set(rows) == {FULL, PARTIAL, EMPTY}
    for student, auto in expected_auto.items():
        row = rows[student]
        assert row["assignment"] == ASSIGNMENT
        assert float(row["score"]) == auto + MANUAL_SCORES.get(student, 0.0), student
        assert float(row["max_score"]) == workflow["auto_max"] + workflow["manual_max"]
    assert rows[FULL]["first_name"] == "Amina" and rows[PARTIAL]["last_name"] == "Trabelsi"


@pytest.mark.slow
@pytest.mark.browser
def test_formgrader_and_assignment_list_open_in_jupyterlab(workflow, server, offline_page, artifacts_dir):
    page = offline_page.page
    base = server["url"]
    page.goto(f"{base}/formgrader?token={server['token']}", wait_until="domcontentloaded")
    page.wait_for_selector(f"text={ASSIGNMENT}", timeout=60_000)
    page.screenshot(path=str(artifacts_dir / "grading-formgrader.png"), full_page=True)

    page.goto(f"{base}/lab?token={server['token']}", wait_until="domcontentloaded")
    page.wait_for_selector("#jp-main-dock-panel", timeout=90_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
    panel = page.locator(
        "#nbgrader-assignment-list, .nbgrader-assignment-list, [id*='assignment_list']"
    ).first
    panel.wait_for(timeout=60_000)
    page.wait_for_selector(f"text={ASSIGNMENT}", timeout=60_000)
    page.screenshot(path=str(artifacts_dir / "grading-assignment-list.png"))

    # the formgrader inside JupyterLab (Nbgrader › Formgrader opens it in a main-area tab)
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel").filter(has_text=re.compile(r"^Formgrader$")).click()
    frame = page.frame_locator("iframe").first
    frame.locator(f"text={ASSIGNMENT}").first.wait_for(timeout=60_000)
    assert frame.locator("text=Manage Assignments").count() >= 1
    page.screenshot(path=str(artifacts_dir / "grading-formgrader-in-lab.png"))
    assert offline_page.external_requests == []
