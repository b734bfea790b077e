"""Classroom sizing on this machine: time to log in and start a JupyterLab, memory per student.

Starts a real classroom (``mlearn classroom up`` in a temp folder, SQLite gradebook, no dashboards service:
the dashboards have their own benchmark), logs N students in through the hub's login form, starts their
servers all at once, then measures per student (all processes of that Linux user, i.e. server + kernels):

- memory of the idle JupyterLab server (RSS and USS);
- memory once a kernel has loaded the course's largest table and built a plotly figure (what a lecture
  notebook does);

and the hub + proxy; then the grading round of a real problem set (``a01``): release, fetch and submit (answers
from the solutions), collect, and ``mlearn grade --jobs 2`` in the instructor's kernel, timed. Prints
p50/p95/max and the memory for 100 students. Needs root (Linux users).
``.venv/bin/python benchmarks/classroom.py [--students 5]``; the classroom is removed at the end.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _stats import percentile  # noqa: E402

from tests.classroom.classroom_client import HubUser, answer, nbgrader_meta, question_of  # noqa: E402

ASSIGNMENT = "a01_pourquoi_les_donnees"

WORKLOAD = (
    "import mlearn.data as d, plotly.express as px\n"
    "df = d.load('migrant_stock')\n"
    "top = df.groupby(df.columns[0]).size().reset_index(name='n').head(30)\n"
    "fig = px.bar(top, x=top.columns[0], y='n')\n"
    "print(len(df), len(fig.to_json()))"
)


def memory_of_uid(uid: int) -> tuple[float, float]:
    rss = uss = 0
    for proc in psutil.process_iter(["uids"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real == uid:
                info = proc.memory_full_info()
                rss += info.rss
                uss += info.uss
        except psutil.Error:
            continue
    return rss / 2**20, uss / 2**20


def memory_of_pids(pids) -> float:
    total = 0
    for pid in pids:
        try:
            total += psutil.Process(pid).memory_full_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def line(label, values, unit, fmt="{:.0f}"):
    p50, p95, top = percentile(values, 0.5), percentile(values, 0.95), max(values)
    print(
        f"{label:<48} p50 {fmt.format(p50):>7} {unit}  p95 {fmt.format(p95):>7} {unit}  max {fmt.format(top):>7} {unit}"
    )
    return p50, p95, top


def main() -> int:
    import pwd

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5)
    parser.add_argument("--port", type=int, default=9760)
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("Ce banc crée des utilisateurs Linux : lancez-le en root.", file=sys.stderr)
        return 2
    state = Path(tempfile.mkdtemp(prefix="mlearn-classroom-bench-", dir="/tmp"))
    state.chmod(0o755)
    tag = "b" + os.urandom(2).hex()
    users_csv = state / "users.csv"
    with users_csv.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["username", "role"])
        writer.writerows(
            [[f"{tag}e{i}", "student"] for i in range(1, args.students + 1)] + [[f"{tag}prof", "instructor"]]
        )
    mlearn = [sys.executable, "-m", "mlearn.cli", "classroom"]
    folder = state / "c"
    try:
        t0 = time.perf_counter()
        subprocess.run(
            [*mlearn, "up", "--dir", str(folder), "--port", str(args.port), "--users-file", str(users_csv), "--no-dashboards"],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        up_seconds = time.perf_counter() - t0
        passwords = {r["username"]: r["password"] for r in csv.DictReader((folder / "comptes.csv").open())}
        url = f"http://127.0.0.1:{args.port}/"
        students = [n for n in passwords if n != f"{tag}prof"]

        def login(name):
            start = time.perf_counter()
            user = HubUser(url, name, passwords[name]).login()
            return user, time.perf_counter() - start

        with concurrent.futures.ThreadPoolExecutor(len(students)) as pool:
            logged = list(pool.map(login, students))

        def start(user):
            began = time.perf_counter()
            user.start(timeout=600)
            return time.perf_counter() - began

        with concurrent.futures.ThreadPoolExecutor(len(students)) as pool:
            start_times = list(pool.map(start, [u for u, _ in logged]))
        time.sleep(5)
        uids = {n: pwd.getpwnam(n).pw_uid for n in students}
        idle = [memory_of_uid(uid) for uid in uids.values()]
        run_times = []
        for user, _ in logged:
            began = time.perf_counter()
            out = user.run_code(WORKLOAD, timeout=300, keep_kernel=True)
            run_times.append(time.perf_counter() - began)
            assert out["error"] is None, out
        time.sleep(3)
        busy = [memory_of_uid(uid) for uid in uids.values()]
        pids = json.loads((folder / "run" / "pids.json").read_text())
        core = memory_of_pids([pids["hub"], pids["proxy"]])

        # Grading round on the real assignment, through the same APIs as people use.
        import nbformat

        prof = HubUser(url, f"{tag}prof", passwords[f"{tag}prof"]).login().start(timeout=600)
        for step in ("assign", "release"):
            assert prof.api("POST", f"formgrader/api/assignment/{ASSIGNMENT}/{step}").json()["success"]
        source_nb = nbformat.read(ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
        questions = sorted({question_of(nbgrader_meta(c)["grade_id"]) for c in source_nb.cells
                            if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")})  # fmt: skip
        nb_path = f"mlearn/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        for k, (user, _) in enumerate(logged):
            user.assignments("fetch", course_id="mlearn", assignment_id=ASSIGNMENT)
            done = questions[: k % (len(questions) + 1)]
            user.put_notebook(
                nb_path, answer(user.get_notebook(nb_path), source_nb, done, "Réponse rédigée.")
            )
            assert user.assignments("submit", course_id="mlearn", assignment_id=ASSIGNMENT)["success"]
        assert prof.api("POST", f"formgrader/api/assignment/{ASSIGNMENT}/collect").json()["success"]
        began = time.perf_counter()
        graded = prof.run_code(
            "import subprocess\n"
            f"p = subprocess.run(['mlearn', 'grade', '{ASSIGNMENT}', '--course-dir', 'mlearn', '--jobs', '2', '--quiet'],"
            " capture_output=True, text=True)\nprint(p.returncode)",
            timeout=900,
        )
        grade_seconds = time.perf_counter() - began
        assert graded["stdout"].strip() == "0", graded

        load = os.getloadavg()[0]
        print(
            f"Classe de {len(students)} étudiants — `classroom up` {up_seconds:.1f} s, charge moyenne {load:.1f}"
        )
        line("connexion (formulaire + jeton)", [t for _, t in logged], "s", "{:.2f}")
        line(f"démarrage JupyterLab ({len(students)} à la fois)", start_times, "s", "{:.1f}")
        line("1er calcul (import, load('migrant_stock'), figure)", run_times, "s", "{:.1f}")
        line("mémoire serveur inactif (RSS)", [r for r, _ in idle], "Mo")
        line("mémoire serveur inactif (USS)", [u for _, u in idle], "Mo")
        busy_rss = line("mémoire serveur + noyau de cours (RSS)", [r for r, _ in busy], "Mo")
        busy_uss = line("mémoire serveur + noyau de cours (USS)", [u for _, u in busy], "Mo")
        print(f"{'hub + proxy (RSS)':<48} {core:.0f} Mo")
        print(f"{'mlearn grade --jobs 2 (a01, dans le noyau enseignant)':<48} {grade_seconds:.1f} s pour "
              f"{len(students)} copies, soit {grade_seconds / len(students):.1f} s/copie")  # fmt: skip
        per100 = 100 * busy_rss[1] / 1024 + core / 1024
        print(f"Pour 100 étudiants actifs (p95 RSS, un noyau chacun) : {per100:.1f} Go "
              f"(USS p95 : {100 * busy_uss[1] / 1024 + core / 1024:.1f} Go)")  # fmt: skip
    finally:
        subprocess.run([*mlearn, "down", "--dir", str(folder), "--purge"], timeout=300)
        users_csv.unlink(missing_ok=True)
        try:
            state.rmdir()
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
