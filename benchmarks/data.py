"""Benchmark of the data layer (issue 3): ``mlearn data build`` time, ``load`` cold/warm per dataset, import time.

- build: wall time of ``mlearn data build --raw … --out <tmp>`` in a subprocess (target ≤ 60 s on 2 cores);
- load cold: first ``mlearn.data.load(name)`` in a process where pandas/pyarrow are already imported (cache
  emptied between runs: file read + sha256 + Parquet decode + copy), target ≤ 300 ms; plus the same in a fresh
  interpreter, pandas/pyarrow imports included;
- load warm: later calls (cached table, a copy returned), target ≤ 20 ms;
- ``import mlearn`` and ``import mlearn.data`` in a fresh interpreter, minus the bare interpreter (target ≤ 0.2 s).

Prints p50/p95/max and the ratio p95/target. Usage:
``.venv/bin/python benchmarks/data.py [--runs 7] [--warm 50] [--no-build] [--raw PATH]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _stats import percentile

TARGETS = {"build_s": 60.0, "cold_ms": 300.0, "warm_ms": 20.0, "import_s": 0.2}


def fresh(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def timed_import(mod: str) -> float:
    """Seconds spent in ``import mod`` inside a fresh interpreter (interpreter start-up excluded)."""
    code = f"import time; t = time.perf_counter(); import {mod}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return float(out.strip())


def import_times(runs: int) -> dict[str, list[float]]:
    return {mod: [timed_import(mod) for _ in range(runs)] for mod in ("mlearn", "mlearn.data")}


def build_time(raw: Path | None) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "mlearn.cli", "data", "build", "--out", str(Path(tmp) / "data")]
        if raw:
            cmd += ["--raw", str(raw)]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        return time.perf_counter() - start


def load_times(runs: int, warm_runs: int) -> list[tuple[str, list[float], list[float]]]:
    import pandas  # noqa: F401 - imported up front: "cold" measures the data layer, not pandas' import
    import pyarrow.parquet  # noqa: F401

    import mlearn.data as md

    rows = []
    for name in md.names():
        cold = []
        for _ in range(runs):
            md._TABLES.clear()
            start = time.perf_counter()
            md.load(name)
            cold.append((time.perf_counter() - start) * 1000)
        warm = []
        for _ in range(warm_runs):
            start = time.perf_counter()
            md.load(name)
            warm.append((time.perf_counter() - start) * 1000)
        rows.append((name, cold, warm))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warm", type=int, default=50)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--raw", type=Path, default=None)
    args = ap.parse_args(argv)

    if not args.no_build:
        b = build_time(args.raw)
        print(
            f"mlearn data build : {b:6.1f} s   (cible {TARGETS['build_s']:.0f} s, ratio {b / TARGETS['build_s']:.2f})"
        )
    for mod, ts in import_times(args.runs).items():
        p50, p95 = percentile(ts, 0.5) * 1000, percentile(ts, 0.95) * 1000
        print(f"import {mod:<12}: p50 {p50:5.0f} ms, p95 {p95:5.0f} ms (cible 200 ms, ratio {p95 / 200:.2f})")
    fresh_cold = statistics.median(
        fresh("import mlearn.data as md; md.load('migrant_stock')") - fresh("pass") for _ in range(3)
    )
    print(
        f"load('migrant_stock') dans un interpréteur neuf (imports pandas/pyarrow compris) : {fresh_cold * 1000:.0f} ms"
    )
    print()
    print(f"{'jeu de données':<28} {'froid p50':>9} {'p95':>7} {'max':>7} {'ratio':>6} | {'chaud p50':>9} {'p95':>6} "
          f"{'max':>6} {'ratio':>6}")  # fmt: skip
    worst_cold = worst_warm = 0.0
    for name, cold, warm in load_times(args.runs, args.warm):
        c95, w95 = percentile(cold, 0.95), percentile(warm, 0.95)
        worst_cold, worst_warm = max(worst_cold, c95), max(worst_warm, w95)
        print(
            f"{name:<28} {percentile(cold, 0.5):8.1f}ms {c95:6.1f} {max(cold):7.1f} {c95 / TARGETS['cold_ms']:6.2f} | "
            f"{percentile(warm, 0.5):8.2f}ms {w95:6.2f} {max(warm):6.2f} {w95 / TARGETS['warm_ms']:6.2f}"
        )
    print(f"\npire p95 : froid {worst_cold:.1f} ms (cible 300), chaud {worst_warm:.2f} ms (cible 20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
