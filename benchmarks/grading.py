"""Benchmark: ``mlearn grade`` vs plain ``nbgrader autograde`` on 40 synthetic submissions.

Same machine, same run, same toy assignment (``tests/grading/toy_course.py``, built with the
real ``nbgrader generate_assignment``): one third correct, one third partial, one third failing.
Each command runs end to end (start-up included) on its own fresh copy of the course. Prints
wall time, seconds per submission, throughput, peak memory of the whole process tree (kernels
included), p50/p95/max of the per-submission time reported by ``mlearn grade``, the throughput
ratio against plain nbgrader, and checks that every grade cell got the same score.

    .venv/bin/python benchmarks/grading.py [--n 40] [--jobs 1 2 4]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _stats import percentile  # noqa: E402

from tests.grading.toy_course import (  # noqa: E402
    ASSIGNMENT,
    VENV_BIN,
    gradebook_scores,
    make_course,
    ordinary_submissions,
    write_submission,
)


class PeakMemory:
    """Samples the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.1):
        import psutil

        self.root = psutil.Process(pid)
        self.peak = 0
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, subprocess.CompletedProcess]:
    env_path = f"{VENV_BIN}:/usr/bin:/bin"
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": env_path, "HOME": str(Path.home()), "LANG": "C.UTF-8"},
    )
    mem = PeakMemory(proc.pid)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    peak = mem.stop()
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
    return wall, peak, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _p(v) -> str:
    return f"{v:5.2f}" if v is not None else "    —"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--jobs", type=int, nargs="+", default=[2, 1, 4])
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results" / "grading.json"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="mlearn-bench-grading-"))
    try:
        template = make_course(work / "template")
        subs = ordinary_submissions(template, args.n)
        for sub in subs:
            write_submission(template, sub)
        expected = {s.student: s.expected_auto for s in subs}

        runs = {}
        course = work / "plain"
        shutil.copytree(template, course)
        wall, peak, proc = timed(
            [str(VENV_BIN / "nbgrader"), "autograde", ASSIGNMENT, f"--Execute.timeout={args.timeout}"], course
        )
        runs["nbgrader autograde"] = {
            "wall": wall,
            "peak": peak,
            "ok": proc.returncode == 0,
            "course": course,
        }

        for jobs in args.jobs:
            course = work / f"mlearn-j{jobs}"
            shutil.copytree(template, course)
            cmd = [
                str(VENV_BIN / "mlearn"),
                "grade",
                ASSIGNMENT,
                "--jobs",
                str(jobs),
                "--timeout",
                str(args.timeout),
            ]
            wall, peak, proc = timed([*cmd, "--quiet"], course)
            with open(course / "autograded" / f"{ASSIGNMENT}-grades.csv", newline="") as fh:
                per_sub = [float(r["seconds"]) for r in csv.DictReader(fh)]
            runs[f"mlearn grade --jobs {jobs}"] = {
                "wall": wall,
                "peak": peak,
                "ok": proc.returncode == 0,
                "course": course,
                "per_sub": per_sub,
            }

        plain_scores = gradebook_scores(runs["nbgrader autograde"]["course"])
        base = runs["nbgrader autograde"]["wall"]
        report = {"n": args.n, "runs": {}}
        print(
            f"\n{args.n} soumissions, tâche « {ASSIGNMENT} », {len(expected)} copies (1/3 justes, 1/3 partielles, 1/3 fausses)"
        )
        header = f"{'commande':28} {'total s':>8} {'s/copie':>8} {'copies/min':>10} {'ratio':>6} {'pic Mo':>7} {'p50':>5} {'p95':>5} {'max':>5} notes"
        print(header)
        print("-" * len(header))
        for name, run in runs.items():
            scores = gradebook_scores(run["course"])
            same = all(scores[s]["grades"] == plain_scores[s]["grades"] for s in expected)
            fair = all(abs(scores[s]["auto"] - expected[s]) < 1e-9 for s in expected)
            per = run.get("per_sub") or []
            row = {
                "wall_s": round(run["wall"], 2),
                "s_per_submission": round(run["wall"] / args.n, 3),
                "throughput_per_min": round(60 * args.n / run["wall"], 1),
                "ratio_vs_nbgrader": round(base / run["wall"], 2),
                "peak_mb": round(run["peak"] / 2**20),
                "p50": round(percentile(per, 0.5), 2) if per else None,
                "p95": round(percentile(per, 0.95), 2) if per else None,
                "max": round(max(per), 2) if per else None,
                "same_scores_as_nbgrader": same,
                "expected_scores": fair,
                "exit_ok": run["ok"],
            }
            report["runs"][name] = row
            print(
                f"{name:28} {row['wall_s']:8.1f} {row['s_per_submission']:8.2f} {row['throughput_per_min']:10.1f} "
                f"{row['ratio_vs_nbgrader']:6.2f} {row['peak_mb']:7d} {_p(row['p50'])} {_p(row['p95'])} {_p(row['max'])} "
                f"{'mêmes notes' if same else 'NOTES DIFFÉRENTES'}{'' if fair else ' (attendu non atteint)'}"
            )
        if statistics and len(args.jobs) > 0:
            ratio = report["runs"].get("mlearn grade --jobs 2", {}).get("ratio_vs_nbgrader")
            if ratio is not None:
                print(
                    f"\nratio débit mlearn grade --jobs 2 / nbgrader autograde : {ratio:.2f} (objectif ≥ 1,8)"
                )
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
        ok = all(r["same_scores_as_nbgrader"] and r["exit_ok"] for r in report["runs"].values())
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
