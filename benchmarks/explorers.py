"""Benchmark of the explorers (issue 4): import time, build time after data load, control-change latency.

For each explorer: build time (data already loaded and cached by ``mlearn.data``) — first build in the process
(includes the view's lookup tables) and a second build (view shared, widgets only) — then ≥ 200 random control
changes made through the widgets' ``.value`` (as clicks), each timed server-side from the change to the end of
the figure's ``batch_update`` (wall time, and the process CPU time to see through a loaded machine). Prints
p50/p95/max in ms and the ratio to the targets
(build ≤ 300 ms, change p95 ≤ 30 ms and max ≤ 150 ms, ``import mlearn.explorers`` ≤ 1.5 s).

With ``--browser N``: also N control changes per explorer redrawn by plotly.js in chromium (the messages the
FigureWidget sends, replayed with ``Plotly.update`` as its front end does, map layers preloaded as in the
widget's module), timed from the update to the next painted frame: the in-browser part of a click.

Usage: ``.venv/bin/python benchmarks/explorers.py [--changes 200] [--seed 1] [--only NAME ...] [--browser 40]
[--plotly-js kit|full]`` (``kit``: the dashboards' partial plotly.js, the default; ``full``: plotly.py's, as in
JupyterLab).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time

import numpy as np

TARGETS = {"import_s": 1.5, "build_ms": 300.0, "p95_ms": 30.0, "max_ms": 150.0}
DATASETS = (
    "migrant_stock", "migrant_stock_2020_edition", "refugees", "asylum_first_time_eu", "asylum_decisions",
    "border_detections", "missing_migrants", "indicators", "countries",
)  # fmt: skip


def import_time(runs: int = 5) -> float:
    """Median time of ``import mlearn.explorers`` measured inside fresh interpreters (cold module import)."""
    code = "import time; t = time.perf_counter(); import mlearn.explorers; print(time.perf_counter() - t)"
    runs_s = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
              for _ in range(runs)]  # fmt: skip
    return float(np.median(runs_s))


def random_value(widget, rng: random.Random):
    import ipywidgets as W

    if isinstance(widget, W.Checkbox):
        return not widget.value
    if isinstance(widget, W.IntRangeSlider):
        lo = rng.randint(widget.min, widget.max)
        return (lo, rng.randint(lo, widget.max))
    if isinstance(widget, W.IntSlider):
        return rng.randint(widget.min, widget.max)
    values = [o[1] if isinstance(o, tuple) else o for o in widget.options]
    return rng.choice(values)


REPLAY = """
async ([init, msgs]) => {
  const fix = v => Array.isArray(v) ? v.map(fix)
    : (v && typeof v === 'object') ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]))
    : (v === '_undefined_' ? undefined : v);
  const el = document.getElementById('g');
  await Plotly.newPlot(el, init.data, init.layout);
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const times = [];
  for (const m of msgs.map(fix)) {
    const t = performance.now();
    await Plotly.update(el, m.style_data, m.layout_data, m.style_traces);
    await frame();
    times.push(performance.now() - t);
  }
  return times;
}
"""


def browser_redraws(exp, rng: random.Random, n: int, page) -> list[float]:
    """Replay ``n`` random control changes of ``exp`` in chromium; ms per redraw."""
    import json

    from plotly.serializers import _py_to_js
    from plotly.utils import PlotlyJSONEncoder

    from mlearn.explorers.base import sync_widget_state

    fig = exp.figure
    sync_widget_state(fig)
    init = json.loads(
        json.dumps({"data": fig._widget_data, "layout": fig._widget_layout}, cls=PlotlyJSONEncoder)
    )
    msgs: list = []

    def record(change):
        if change["new"] is not None:
            msgs.append(json.loads(json.dumps(_py_to_js(change["new"], None), cls=PlotlyJSONEncoder)))

    fig.observe(record, names="_py2js_update")
    try:
        controls = list(exp.controls.values())
        while len(msgs) < n:
            widget = rng.choice(controls)
            value = random_value(widget, rng)
            if value != widget.value:
                widget.value = value
    finally:
        fig.unobserve(record, names="_py2js_update")
    return page.evaluate(REPLAY, [init, msgs[:n]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--browser", type=int, default=0, help="changes redrawn in chromium per explorer")
    parser.add_argument(
        "--plotly-js",
        choices=("kit", "full"),
        default="kit",
        help="kit: the dashboards' partial plotly.js (built by `make js`); full: plotly.py's own",
    )
    args = parser.parse_args()

    imp = import_time()
    print(f"import mlearn.explorers : {imp * 1000:.0f} ms (cible ≤ {TARGETS['import_s'] * 1000:.0f} ms, "
          f"ratio {imp / TARGETS['import_s']:.2f})")  # fmt: skip

    import mlearn.explorers as E
    from mlearn import data

    start = time.perf_counter()
    for name in DATASETS:
        data.load(name)
    print(f"chargement des données (une fois) : {1000 * (time.perf_counter() - start):.0f} ms")
    start = time.perf_counter()
    import plotly.graph_objects as go  # noqa: F401  - one-time: plotly's widget machinery

    go.FigureWidget()
    print(
        f"première FigureWidget (import du widget plotly, une fois) : {1000 * (time.perf_counter() - start):.0f} ms"
    )

    rng = random.Random(args.seed)
    names = args.only or list(E.catalog())
    header = (f"{'explorateur':<18} {'build ms':>9} {'build2':>7} {'n':>4} {'p50 ms':>7} {'p95 ms':>7} "
              f"{'max ms':>7} {'cpu p95':>8}  ratios build2/p95/max")  # fmt: skip
    print(header)
    print("-" * len(header))
    worst = {"build": 0.0, "p95": 0.0, "max": 0.0}
    for name in names:
        start = time.perf_counter()
        E.catalog()[name]()  # first build in the process: also precomputes the view's lookup tables
        build_ms = 1000 * (time.perf_counter() - start)
        start = time.perf_counter()
        exp = E.catalog()[name]()  # a second explorer of the same kind (view shared): widgets only
        build2_ms = 1000 * (time.perf_counter() - start)
        controls = list(exp.controls.items())
        times, cpu = [], []
        for _ in range(args.changes):
            _control, widget = rng.choice(controls)
            value = random_value(widget, rng)
            if value == widget.value:
                continue
            start, start_cpu = time.perf_counter(), time.process_time()
            widget.value = value  # triggers the explorer's observer: patch + batch_update
            times.append(1000 * (time.perf_counter() - start))
            cpu.append(1000 * (time.process_time() - start_cpu))
            assert exp.status.value == "", exp.status.value
        t = np.array(times)
        p50, p95, mx = np.percentile(t, 50), np.percentile(t, 95), t.max()
        cpu95 = np.percentile(cpu, 95)
        ratios = (build2_ms / TARGETS["build_ms"], p95 / TARGETS["p95_ms"], mx / TARGETS["max_ms"])
        worst = {k: max(worst[k], r) for k, r in zip(worst, ratios, strict=True)}
        print(f"{name:<18} {build_ms:>9.0f} {build2_ms:>7.0f} {len(t):>4} {p50:>7.1f} {p95:>7.1f} {mx:>7.1f} "
              f"{cpu95:>8.1f}  {ratios[0]:.2f} / {ratios[1]:.2f} / {ratios[2]:.2f}")  # fmt: skip
    if args.browser:
        browser_section(names, args.browser, args.seed, args.plotly_js)
    print(f"charge machine (load average 1/5/15 min) : {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"pires ratios (≤ 1 = cible tenue) : build {worst['build']:.2f}, p95 {worst['p95']:.2f}, "
          f"max {worst['max']:.2f}")  # fmt: skip


def browser_section(names: list[str], n: int, seed: int, which: str = "kit") -> None:
    from pathlib import Path

    import plotly
    from playwright.sync_api import sync_playwright

    import mlearn.explorers as E
    import mlearn.figures as F
    from mlearn import geo
    from mlearn.dashboards.static import PARTIAL_PLOTLY_JS

    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    plotly_js = PARTIAL_PLOTLY_JS if which == "kit" else full
    rng = random.Random(seed)
    print(
        f"\nnavigateur (chromium, {n} changements rejoués avec Plotly.update, jusqu'à l'image suivante ; "
        f"plotly.js {'partiel du kit' if which == 'kit' else 'complet'})"
    )
    print(f"{'explorateur':<18} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for name in names:
            page = browser.new_page(viewport={"width": 1000, "height": 1100})
            page.set_content(
                "<html><head><meta charset='utf-8'></head><body><div id='g'></div></body></html>"
            )
            page.add_script_tag(content=geo.preload_script(F.GEOJSON_REFS))  # as the widget's module does
            page.add_script_tag(path=str(plotly_js))
            t = np.array(browser_redraws(E.catalog()[name](), rng, n, page))
            print(f"{name:<18} {np.percentile(t, 50):>7.0f} {np.percentile(t, 95):>7.0f} {t.max():>7.0f}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
