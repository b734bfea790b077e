"""End to end: a real multi-user classroom on this machine, driven like people would through HTTP.

One classroom (``mlearn classroom up`` with a PostgreSQL gradebook started by the command) for the whole
module: five students log in with their own passwords, fetch the assignment in their JupyterLab, answer from
stored answers (the solutions of ``source/``, a different number of questions each), submit; the instructor
releases, collects and grades with ``mlearn grade`` in a kernel running as the instructor, then releases the
feedback; each student gets only their own feedback and cannot read another's work, the instructor's
``source/`` or the gradebook. The same ``mlearn grade`` on a SQLite copy gives the same scores. Teardown
stops everything and deletes the Linux users (``mlearn classroom down --purge``).
"""

from __future__ import annotations

import concurrent.futures
import csv
import json
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import psutil
import pytest

from tests.classroom.classroom_client import HubUser, answer, expected_points, nbgrader_meta, question_of

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MLEARN = [sys.executable, "-m", "mlearn.cli"]
ASSIGNMENT = "a01_pourquoi_les_donnees"
COURSE = "mlearn"


def _need(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(why + " (bash scripts/classroom-setup.sh installs it)")
    pytest.skip(why)


def _free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_base(n_users: int) -> int:
    """A base port in this part's range (9700-9799) whose whole block is free."""
    for base in (9700, 9730, 9760):
        block = [*range(base, base + 5), *range(base + 10, base + 10 + n_users + 6)]
        if block[-1] <= 9799 and all(_free(p) for p in block):
            return base
    pytest.skip("no free block of ports in 9700-9799")


@pytest.fixture(scope="module")
def classroom(classroom_deps):
    _need(os.geteuid() == 0, "the classroom test creates Linux users: it needs root")

    tag = "c" + secrets.token_hex(2)
    students = [f"{tag}e{i}" for i in range(1, 6)]
    instructor = f"{tag}prof"
    state = Path(tempfile.mkdtemp(prefix="mlearn-classroom-", dir="/tmp"))
    state.chmod(0o755)
    users_csv = state.parent / f"{state.name}-users.csv"
    with users_csv.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["username", "role", "first_name", "last_name"])
        writer.writerows(
            [[s, "student", "Étudiant", s] for s in students] + [[instructor, "enseignant", "Prof", tag]]
        )
    base = _free_base(len(students) + 1)
    env = {k: v for k, v in os.environ.items() if k != "MLEARN_GRADEBOOK_URL"}
    up = subprocess.run(
        [*MLEARN, "classroom", "up", "--dir", str(state / "c"), "--port", str(base), "--users-file", str(users_csv),
         "--postgres", "--course-id", COURSE],
        capture_output=True, text=True, timeout=400, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        accounts = {
            r["username"]: r["password"] for r in csv.DictReader((state / "c" / "comptes.csv").open())
        }
        yield {
            "url": f"http://127.0.0.1:{base}/",
            "dir": state / "c",
            "students": students,
            "instructor": instructor,
            "passwords": accounts,
            "up_output": up.stdout,
            "settings": json.loads((state / "c" / "run" / "classroom.json").read_text()),
        }
    finally:
        subprocess.run(
            [*MLEARN, "classroom", "down", "--dir", str(state / "c"), "--purge"], timeout=300, cwd=ROOT
        )
        users_csv.unlink(missing_ok=True)
        shutil.rmtree(state, ignore_errors=True)
        for name in [*students, instructor]:
            subprocess.run(["userdel", "--force", "--remove", name], capture_output=True)  # belt and braces


@pytest.fixture(scope="module")
def people(classroom):
    """Everyone logged in through the hub's login form, with a running server (started in parallel)."""
    names = [classroom["instructor"], *classroom["students"]]
    users = {n: HubUser(classroom["url"], n, classroom["passwords"][n]).login() for n in names}
    with concurrent.futures.ThreadPoolExecutor(len(users)) as pool:
        list(pool.map(lambda u: u.start(timeout=240), users.values()))
    return users


def test_up_prints_the_url_and_one_password_per_account(classroom):
    out = classroom["up_output"]
    assert classroom["url"] in out
    for name, password in classroom["passwords"].items():
        assert re.search(rf"{name}\s+\S+\s+{re.escape(password)}", out)
    assert len(set(classroom["passwords"].values())) == len(classroom["passwords"])  # no shared password
    # Wrong password, unknown user: refused by the hub.
    with pytest.raises(PermissionError):
        HubUser(classroom["url"], classroom["students"][0], "pas-le-bon").login()
    with pytest.raises(PermissionError):
        HubUser(classroom["url"], "intrus", classroom["passwords"][classroom["students"][0]]).login()
    # Every account is a real Linux user with a private home.
    for name in classroom["passwords"]:
        home = Path(pwd.getpwnam(name).pw_dir)
        assert (
            home.is_dir()
            and (home.stat().st_mode & 0o777) == 0o700
            and home.stat().st_uid == pwd.getpwnam(name).pw_uid
        )


def test_each_server_runs_as_its_own_user_with_the_course(classroom, people):
    for name in classroom["students"]:
        out = people[name].run_code(
            "import getpass, os, mlearn; print(getpass.getuser(), sorted(os.listdir('cours'))[:3])"
        )
        assert out["error"] is None, out
        user, listing = out["stdout"].split(" ", 1)
        assert user == name
        assert "00-accueil.ipynb" in listing
    # Students have the assignment list but not the instructor's formgrader.
    student = people[classroom["students"][0]]
    assert student.api("GET", "formgrader/api/assignments").status_code == 404
    assert student.api("GET", "assignments", params={"course_id": ""}).status_code == 200
    assert people[classroom["instructor"]].api("GET", "formgrader/api/assignments").status_code == 200


def test_fetch_answer_submit_collect_grade_feedback(classroom, people):
    prof = people[classroom["instructor"]]
    students = classroom["students"]
    for step in ("assign", "release"):
        reply = prof.api("POST", f"formgrader/api/assignment/{ASSIGNMENT}/{step}")
        assert reply.status_code == 200 and reply.json()["success"], reply.text

    source_nb = nbformat.read(ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    questions = sorted(
        {
            question_of(nbgrader_meta(c)["grade_id"])
            for c in source_nb.cells
            if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")
        }
    )
    assert len(questions) >= 4
    marks, expected = {}, {}
    nb_path = f"{COURSE}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    for k, name in enumerate(students):
        user = people[name]
        listed = user.assignments(course_id="")["value"]
        assert any(a["assignment_id"] == ASSIGNMENT and a["status"] == "released" for a in listed)
        fetched = user.assignments("fetch", course_id=COURSE, assignment_id=ASSIGNMENT)["value"]
        assert any(a["status"] == "fetched" for a in fetched)
        marks[name] = f"repere-{secrets.token_hex(6)}"
        answered = questions[:k]  # 0, 1, 2, 3, 4 questions answered
        expected[name] = expected_points(source_nb, answered)
        notebook = answer(
            user.get_notebook(nb_path), source_nb, answered, f"Réponse de {name} : {marks[name]}"
        )
        if k == 0:
            # A curious student: their first answer cell prints what the grader's environment holds.
            cell = next(
                c for c in notebook["cells"] if c["cell_type"] == "code" and nbgrader_meta(c).get("solution")
            )
            cell["source"] = (
                'import os\nprint("ENV:", os.environ.get("MLEARN_GRADEBOOK_URL"))\n' + cell["source"]
            )
        user.put_notebook(nb_path, notebook)
        submitted = user.assignments("submit", course_id=COURSE, assignment_id=ASSIGNMENT)
        assert submitted["success"], submitted
    assert expected[students[0]] == 0 and len(set(expected.values())) == len(students)

    collected = prof.api("POST", f"formgrader/api/assignment/{ASSIGNMENT}/collect").json()
    assert collected["success"], collected
    for name in students:
        assert f"Collecting submission: {name} {ASSIGNMENT}" in collected["log"]

    # The instructor grades in their own JupyterLab (a kernel running as them), with the kit's command.
    graded = prof.run_code(
        "import subprocess\n"
        f"p = subprocess.run(['mlearn', 'grade', '{ASSIGNMENT}', '--course-dir', '{COURSE}', '--jobs', '2', '--quiet'],"
        " capture_output=True, text=True)\nprint(p.returncode)\nprint(p.stdout)\nprint(p.stderr)",
        timeout=400,
    )
    assert graded["error"] is None and graded["stdout"].startswith("0\n"), graded

    # The gradebook is the PostgreSQL database (no SQLite file), with the expected scores.
    from nbgrader.api import Gradebook

    url = classroom["settings"]["gradebook_url"]
    assert url.startswith("postgresql://")
    course_dir = Path(pwd.getpwnam(classroom["instructor"]).pw_dir) / COURSE
    assert not (course_dir / "gradebook.db").exists()
    with Gradebook(url, course_id=COURSE) as gb:
        pg_scores = {name: gb.find_submission(ASSIGNMENT, name).code_score for name in students}
    assert pg_scores == pytest.approx(expected), (pg_scores, expected)

    for step in ("generate_feedback", "release_feedback"):
        reply = prof.api("POST", f"formgrader/api/assignment/{ASSIGNMENT}/{step}").json()
        assert reply["success"], reply

    for name in students:
        user = people[name]
        user.assignments("fetch_feedback", course_id=COURSE, assignment_id=ASSIGNMENT)
        folder = user.api("GET", f"api/contents/{COURSE}/{ASSIGNMENT}/feedback").json()["content"]
        assert len(folder) == 1, folder
        html_path = f"{folder[0]['path']}/{ASSIGNMENT}.html"
        html = user.api("GET", f"api/contents/{html_path}", params={"content": 1}).json()["content"]
        assert marks[name] in html  # their own written answer
        assert not any(mark in html for other, mark in marks.items() if other != name)
        password = url.split("://", 1)[1].split("@")[0].split(":", 1)[1]
        assert password not in html  # grading ran the student's code without the instructor's secrets
        if name == students[0]:
            assert "ENV: None" in html
    classroom["pg_scores"] = pg_scores


def test_same_mlearn_grade_on_sqlite_gives_the_same_scores(classroom, people, tmp_path):
    pg_scores = classroom.get("pg_scores")
    if not pg_scores:
        pytest.skip("the workflow test did not run")
    course_dir = Path(pwd.getpwnam(classroom["instructor"]).pw_dir) / COURSE
    copy_dir = tmp_path / "course"
    copy_dir.mkdir()
    for part in ("nbgrader_config.py", "source", "submitted"):
        src = course_dir / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, copy_dir / part)
    env = {k: v for k, v in os.environ.items() if k != "MLEARN_GRADEBOOK_URL"}
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    subprocess.run(["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], cwd=copy_dir, env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    run = subprocess.run([*MLEARN, "grade", ASSIGNMENT, "--course-dir", str(copy_dir), "--jobs", "2", "--quiet"],
                         cwd=copy_dir, env=env, capture_output=True, text=True, timeout=400)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert (copy_dir / "gradebook.db").is_file()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{copy_dir / 'gradebook.db'}", course_id=COURSE) as gb:
        sqlite_scores = {name: gb.find_submission(ASSIGNMENT, name).code_score for name in pg_scores}
    assert sqlite_scores == pytest.approx(pg_scores)


def test_a_student_cannot_read_others_work_the_source_or_the_gradebook(classroom, people):
    me, other = classroom["students"][0], classroom["students"][1]
    prof_home = Path(pwd.getpwnam(classroom["instructor"]).pw_dir)
    other_home = Path(pwd.getpwnam(other).pw_dir)
    exchange = classroom["dir"] / "exchange" / COURSE
    targets = {
        "other_home": other_home / COURSE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        "source": prof_home / COURSE / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        "submitted": prof_home / COURSE / "submitted" / other / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        "config": prof_home / COURSE / "nbgrader_config.py",
        "hub_settings": classroom["dir"] / "run" / "classroom.json",
        "accounts": classroom["dir"] / "comptes.csv",
    }
    for path in targets.values():
        assert path.is_file(), path  # they exist: the denials below are permissions, not absence
    url = classroom["settings"]["gradebook_url"]
    no_password = re.sub(r"://([^:]+):[^@]+@", r"://\1@", url)
    code = (
        "import json, os\nresults = {}\n"
        f"for key, path in {json.dumps({k: str(v) for k, v in targets.items()})}.items():\n"
        "    try:\n        open(path).read(50); results[key] = 'READ'\n"
        "    except PermissionError:\n        results[key] = 'denied'\n"
        "for key, path in {'inbound': "
        + repr(str(exchange / "inbound"))
        + ", 'feedback': "
        + repr(str(exchange / "feedback"))
        + "}.items():\n"
        "    try:\n        os.listdir(path); results[key] = 'LISTED'\n"
        "    except PermissionError:\n        results[key] = 'denied'\n"
        "import psycopg\n"
        "for key, dsn in {'gradebook_no_password': "
        + repr(no_password.replace("postgresql+psycopg", "postgresql"))
        + ", 'gradebook_as_postgres': "
        + repr(re.sub(r"://[^@]+@", "://postgres@", url))
        + "}.items():\n"
        "    try:\n        psycopg.connect(dsn, connect_timeout=5).close(); results[key] = 'CONNECTED'\n"
        "    except psycopg.OperationalError:\n        results[key] = 'denied'\n"
        "print(json.dumps(results))"
    )
    out = people[me].run_code(code)
    assert out["error"] is None, out
    results = json.loads(out["stdout"])
    assert results == {key: "denied" for key in results}, results
    assert len(results) == len(targets) + 4
    # The contents API does not leave the student's home either.
    for path in (f"../{other}", f"../{classroom['instructor']}/{COURSE}/source"):
        assert people[me].api("GET", f"api/contents/{path}").status_code in (400, 403, 404)
    # Nor can a student use someone else's token-less URL.
    assert people[me].api("GET", f"../{other}/api/contents").status_code in (403, 404)


def test_dashboards_are_a_hub_service_behind_the_proxy(classroom):
    import time

    import requests

    token = (classroom["dir"] / "run" / "admin_token").read_text().strip()
    reply = requests.get(
        classroom["url"] + "hub/api/services", headers={"Authorization": f"token {token}"}, timeout=30
    )
    assert reply.status_code == 200 and "dashboards" in reply.json(), reply.text
    assert reply.json()["dashboards"]["prefix"] == "/services/dashboards/"
    # Voilà preheats one kernel per dashboard before it listens: allow it a couple of minutes.
    expected = sorted(p.stem for p in (ROOT / "course" / "dashboards").glob("*.ipynb"))
    deadline, page = time.monotonic() + 240, None
    while time.monotonic() < deadline:
        try:
            page = requests.get(classroom["url"] + "services/dashboards/", timeout=30)
        except requests.RequestException:  # the proxy can hold a request while Voilà is still preheating
            page = None
        if page is not None and page.status_code == 200 and "voila" in page.text.lower():
            break
        time.sleep(2)
    assert page is not None and page.status_code == 200, page and page.status_code
    assert all(name in page.text for name in expected), expected
    services = [
        p
        for p in psutil.process_iter(["username", "cmdline"])
        if "mlearn.classroom.dashboards_service" in " ".join(p.info["cmdline"] or [])
        or (
            "voila" in " ".join(p.info["cmdline"] or [])
            and str(ROOT / "course" / "dashboards") in " ".join(p.info["cmdline"] or [])
            and "services/dashboards" in " ".join(p.info["cmdline"] or [])
        )
    ]
    assert services and all(p.info["username"] != "root" for p in services)


@pytest.mark.browser
def test_browser_login_opens_jupyterlab_and_the_assignment_list(classroom, people, chromium, artifacts_dir):
    """A person's path: the hub's login page, their JupyterLab, Nbgrader > Assignment List (no formgrader)."""
    name = classroom["students"][2]
    page = chromium.new_page()
    try:
        page.goto(classroom["url"] + "hub/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", classroom["passwords"][name])
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url(re.compile(rf"/user/{name}/lab"), timeout=240_000)
        page.wait_for_selector("#jp-main-dock-panel", timeout=120_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        entries = [e for e in page.locator(".lm-Menu-itemLabel").all_inner_texts() if e.strip()]
        assert entries == ["Assignment List"], entries  # students get no formgrader / course list
        page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
        page.wait_for_selector(f"text={ASSIGNMENT}", timeout=60_000)
        page.screenshot(path=str(artifacts_dir / "classroom-assignment-list.png"))
        # Their own submission, with the feedback fetched earlier through the API.
        page.wait_for_selector("text=view feedback", timeout=60_000)
    finally:
        page.close()


def test_down_stops_everything_and_purge_removes_the_users(classroom, people):
    names = list(classroom["passwords"])
    uids = {pwd.getpwnam(n).pw_uid for n in names}
    assert any(p.info["uids"] and p.info["uids"].real in uids for p in psutil.process_iter(["uids"]))
    pids = json.loads((classroom["dir"] / "run" / "pids.json").read_text())
    first = subprocess.run(
        [*MLEARN, "classroom", "down", "--dir", str(classroom["dir"])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (
        first.returncode == 0
        and "hub" in first.stdout
        and "proxy" in first.stdout
        and "postgresql" in first.stdout
    )
    assert not any(p.info["uids"] and p.info["uids"].real in uids for p in psutil.process_iter(["uids"]))
    for key in ("hub", "proxy"):
        assert not psutil.pid_exists(pids[key]) or psutil.Process(pids[key]).status() == psutil.STATUS_ZOMBIE
    assert _free(int(classroom["url"].rsplit(":", 1)[1].strip("/")))
    again = subprocess.run(
        [*MLEARN, "classroom", "down", "--dir", str(classroom["dir"])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0 and "Rien à arrêter" in again.stdout
    purge = subprocess.run(
        [*MLEARN, "classroom", "down", "--dir", str(classroom["dir"]), "--purge"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert purge.returncode == 0, purge.stderr
    for name in names:
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
    assert not classroom["dir"].exists()
