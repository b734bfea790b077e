"""Course and manual speed: self-check latency, course execution (2 kernels at a time), manual build.

Usage: ``.venv/bin/python benchmarks/course.py [--skip-notebooks] [--no-pdf]``. Prints p50/p95/max and the
ratio to each budget: a self-check answers in ≤ 50 ms; the whole course executes in ≤ 300 s on 2 cores; the
manual (site + PDF) builds from executed notebooks in ≤ 120 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _stats import percentile


def line(name, values, budget, unit="ms"):
    p50, p95, worst = statistics.median(values), percentile(values, 0.95), max(values)
    print(f"{name:<46} p50 {p50:9.2f} {unit}  p95 {p95:9.2f} {unit}  max {worst:9.2f} {unit}  "
          f"budget {budget:g} {unit}  ratio p95/budget {p95 / budget:5.2f}")  # fmt: skip


def bench_checks():
    from mlearn.checks import ____, all_questions

    questions = all_questions()
    for q in questions.values():  # references computed once, as in a notebook session
        _ = q.expected
    timings = []
    for _ in range(20):
        for q in questions.values():
            for answer in (q.reference_answer(), ____, None, float("nan"), "texte", 12345.6):
                start = time.perf_counter()
                q.evaluate(answer)
                timings.append(1000 * (time.perf_counter() - start))
    line(f"self-check evaluate ({len(questions)} questions × 6 × 20)", timings, 50)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-notebooks", action="store_true")
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    bench_checks()
    if args.skip_notebooks:
        return
    from mlearn.manual.build import build_manual
    from mlearn.manual.execute import course_notebooks, execute_all

    start = time.perf_counter()
    runs = execute_all(course_notebooks(), static=True, workers=2)
    wall = time.perf_counter() - start
    failed = [r.path.name for r in runs if r.error]
    line("one notebook, fresh kernel (12 notebooks)", [r.seconds for r in runs], 60, "s")
    print(f"{'whole course, 2 workers (wall clock)':<46} {wall:9.1f} s  budget 300 s  ratio {wall / 300:5.2f}"
          + (f"  FAILED: {failed}" if failed else ""))  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = build_manual(Path(tmp) / "site", executed=runs, pdf=not args.no_pdf)
        build = time.perf_counter() - start
        size = sum(p.stat().st_size for p in result.out.rglob("*") if p.is_file()) / 2**20
    print(f"{'manual from executed notebooks (site + PDF)':<46} {build:9.1f} s  budget 120 s  ratio {build / 120:5.2f}"
          f"  ({len(result.pages)} pages, {size:.1f} MiB)")  # fmt: skip


if __name__ == "__main__":
    main()
