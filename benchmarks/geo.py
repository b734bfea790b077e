"""Speed and size of the map layers (``mlearn.geo``): import time, ``countries()`` cold/warm, GeoJSON sizes.

Run: ``.venv/bin/python benchmarks/geo.py [--repeat N]``. Cold figures are measured in fresh subprocesses
(nothing cached, nothing imported); warm ones in this process after a first call. Prints p50/p95/max and the
ratio to each target.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from _stats import percentile

TARGETS = {"import": 0.2, "countries_cold": 1.5, "countries_warm": 0.02, "layer_bytes": 1_000_000}


def line(name: str, values: list[float], target: float, unit: str = "ms", scale: float = 1000.0) -> str:
    p50, p95, top = statistics.median(values) * scale, percentile(values, 0.95) * scale, max(values) * scale
    return (
        f"{name:<28} p50 {p50:8.1f} {unit}  p95 {p95:8.1f} {unit}  max {top:8.1f} {unit}"
        f"  target {target * scale:7.1f} {unit}  p95/target {p95 / (target * scale):5.2f}"
    )


def in_subprocess(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


IMPORT_CODE = "import time; t = time.perf_counter(); import mlearn.geo; print(time.perf_counter() - t)"
COLD_CODE = "import time, mlearn.geo as g; t = time.perf_counter(); g.countries('{res}'); print(time.perf_counter() - t)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per cold measure")
    args = parser.parse_args()

    import os

    import mlearn.geo as geo

    print(f"# mlearn.geo benchmark (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    imports = [in_subprocess(IMPORT_CODE) for _ in range(args.repeat)]
    print(line("import mlearn.geo", imports, TARGETS["import"]))
    for res in ("50m", "110m"):
        cold = [in_subprocess(COLD_CODE.replace("{res}", res)) for _ in range(args.repeat)]
        print(line(f"countries('{res}') cold", cold, TARGETS["countries_cold"]))
        geo.countries(res)
        warm = []
        for _ in range(50):
            t = time.perf_counter()
            geo.countries(res)
            warm.append(time.perf_counter() - t)
        print(line(f"countries('{res}') warm", warm, TARGETS["countries_warm"]))
    for res in ("50m", "110m"):
        warm = []
        for _ in range(20):
            t = time.perf_counter()
            geo.geojson(res)
            warm.append(time.perf_counter() - t)
        print(line(f"geojson('{res}') warm", warm, TARGETS["countries_warm"] * 5))

    import plotly.graph_objects as go

    go.FigureWidget()  # plotly's one-time validator warm-up is not ours to measure
    codes = list(geo.countries()["iso3"])
    for label, ref in (
        ("inline 50m GeoJSON", geo.geojson("50m")),
        ("geojson_ref('50m')", geo.geojson_ref("50m")),
    ):
        times = []
        for _ in range(5):
            t = time.perf_counter()
            fig = go.Figure(
                go.Choropleth(geojson=ref, locations=codes, z=list(range(len(codes))), featureidkey="id")
            )
            widget = geo.offline_widget(fig)
            times.append(time.perf_counter() - t)
        state = len(json.dumps(widget.get_state()["_widget_data"]))
        print(line(f"offline_widget, {label}", times, 0.3) + f"  widget data {state:,d} B")

    print("\n# layer sizes (bytes; target ≤ 1 MB per map layer)")
    sizes = {}
    for path in sorted(p for p in geo.topojson_path().parents[1].rglob("*json") if p.is_file()):
        sizes[path.relative_to(geo.topojson_path().parents[2]).as_posix()] = path.stat().st_size
    gdf = geo.countries()
    region = list(gdf.cx[-30:60, -5:75]["iso3"])
    sizes["(Africa+Europe+Middle East subset of 50m)"] = len(
        json.dumps(geo.geojson(iso3=region), separators=(",", ":"))
    )
    for name, size in sizes.items():
        print(f"{name:<44} {size:>10,d}  ratio {size / TARGETS['layer_bytes']:.2f}")
    print(f"{'total data/geo':<44} {sum(v for k, v in sizes.items() if not k.startswith('(')):>10,d}")


if __name__ == "__main__":
    main()
