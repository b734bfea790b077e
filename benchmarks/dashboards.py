"""Benchmark of the public dashboards (Voilà and static), in a real headless chromium on this machine.

Measures, in one run and on one server:
- time to interactive (TTI) of each dashboard vs a trivial one-cell notebook served by the same server
  (target: ratio ≤ 1.5); TTI = from navigation start to every figure drawn (plotly SVG with a size; with the
  kit's front end, its first drawing marked complete) and the controls present; for the trivial notebook, to its output shown;
- in-browser interaction latency: a dropdown changed → the figure's data changed and painted (p50/p95;
  target p95 ≤ 200 ms);
- static page TTI (``mlearn dashboards export``, served by a local HTTP server, and from file://);
- kernel memory per viewer (RSS of the kernels, psutil);
- 1/2/4/8 concurrent new viewers of one dashboard: median TTI (target at 8 ≤ 3× the single-viewer figure),
  with the packaged pool (``voila.json``) and with a pool sized to the burst (8), in chromium (whose pages
  run on the same 2 cores as the server) and, on the second server, with protocol viewers that fetch the
  page and every widget state without a browser (the server's share of a visit).

Usage: ``.venv/bin/python benchmarks/dashboards.py [--runs 5] [--quick]``. Prints the figures (and a JSON line);
results are recorded by hand in benchmarks/README.md, section « Tableaux de bord ».
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "widgets"))

from _stats import percentile  # noqa: E402
from _voila_client import visit  # noqa: E402

from mlearn.dashboards import server as srv  # noqa: E402
from mlearn.dashboards import static  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
TRIVIAL = "zz-trivial.ipynb"
# Kinds of bursts of simultaneous viewers: 8 chromium on the dashboard ("browsers"), protocol viewers only
# ("protocol"), 8 chromium on the trivial notebook ("trivial"), one chromium among protocol viewers
# ("mixed"), 8 chromium on a static page ("static").
BURSTS = ("browsers", "protocol", "trivial", "mixed", "static")
POOL = srv.load_config()["VoilaConfiguration"].get("default_pool_size", 1)  # preheated kernels per notebook
BENCH_OVERRIDES: dict = {"MappingKernelManager": {"cull_idle_timeout": 20, "cull_interval": 5}}

READY_JS = """(n) => {
    const gds = document.querySelectorAll('.js-plotly-plot');
    if (gds.length < n) return false;
    for (const gd of gds) {
        // the kit's front end marks a figure once its first drawing is complete
        if (gd.classList.contains('mlearn-figure') && gd.dataset.mlearnDrawn !== 'true') return false;
        const s = gd.querySelector('.main-svg');
        if (!s) return false;
        const b = s.getBoundingClientRect();
        if (!(b.width > 0 && b.height > 0 && (gd.data || []).length > 0)) return false;
    }
    if (n > 0 && !document.querySelector('select, .widget-toggle-button, input[type=range]')) return false;
    return performance.now();
}"""
TRIVIAL_JS = """() => { const out = document.querySelector('#rendered_cells');
    if (!out || out.style.display === 'none') return false;
    return out.innerText.includes('tableau trivial') ? performance.now() : false; }"""
STATIC_READY_JS = """(n) => !!document.body && document.body.getAttribute('data-mlearn-ready') === 'true' &&
    document.querySelectorAll('.js-plotly-plot .main-svg').length >= n ? performance.now() : false"""

# Change the first dropdown of the page and wait until figure 0's data changed and a frame was painted.
# One control change in panel ``k`` (its first dropdown, else a toggle button it does not show as active),
# timed until the panel's figure holds new data and the next frame is painted. The panel is the explorer's box
# in Voilà, the <section> of a static page.
INTERACT_JS = """async (k) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[k];
    if (!gd) return -1;
    const panel = gd.closest('.widget-vbox, section.mlearn-panel') || document;
    const select = panel.querySelector('select');
    const snap = () => JSON.stringify((gd.data || []).map(t => [t.x, t.y, t.z, t.locations, t.lat, t.lon]));
    const before = snap();
    const t0 = performance.now();
    if (select) {
        select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
        select.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
        const button = panel.querySelector('button.widget-toggle-button:not(.mod-active)');
        if (!button) return -1;
        button.click();
    }
    while (snap() === before) {
        await new Promise(r => requestAnimationFrame(r));
        if (performance.now() - t0 > 10000) return -1;
    }
    await new Promise(r => requestAnimationFrame(r));
    return performance.now() - t0;
}"""


def make_root() -> Path:
    """A copy of course/dashboards plus the trivial notebook (never added to the public folder)."""
    import nbformat

    root = Path(tempfile.mkdtemp(prefix="mlearn-bench-dash-"))
    for nb in srv.dashboards_dir().glob("*.ipynb"):
        shutil.copy(nb, root / nb.name)
    trivial = nbformat.v4.new_notebook()
    trivial.cells = [nbformat.v4.new_code_cell("print('tableau trivial')")]
    trivial.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(trivial, root / TRIVIAL)
    return root


def panels_of(name: str) -> int:
    if name == TRIVIAL:
        return 0
    return sum(1 for b in static.read_dashboard(srv.dashboards_dir() / name).blocks if b[0] == "panel")


async def wait_pool(server, expected: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(server.kernel_processes()) >= expected:
            await asyncio.sleep(1.0)  # let the last kernel finish executing its notebook
            return
        await asyncio.sleep(0.5)


async def wait_refill(server, before: set, timeout: float = 30) -> None:
    """Wait until a kernel that was not among ``before`` (pids) runs: the pool's replacement for a visitor."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if {p.pid for p in server.kernel_processes()} - before:
            return
        await asyncio.sleep(0.1)


async def wait_quiet(server, timeout: float = 300, threshold: float = 0.15) -> None:
    """Wait until the server and its kernels use < ``threshold`` of a core over 1 s (pools preheated)."""
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        procs = [psutil.Process(server.process.pid), *server.kernel_processes()]

        def cpu(procs=procs) -> float:
            total = 0.0
            for proc in procs:
                try:
                    times = proc.cpu_times()
                    total += times.user + times.system
                except psutil.NoSuchProcess:
                    pass
            return total

        before = cpu()
        await asyncio.sleep(1.0)
        if cpu() - before < threshold:
            return


async def open_viewer(browser, url: str, name: str, interact: int = 0) -> dict:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = await context.new_page()
    external, errors = [], []

    async def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if r.request.url.startswith(("data:", "blob:", "file:")) or host.split(":")[0] in (
            "127.0.0.1",
            "localhost",
        ):
            await r.continue_()
        else:
            external.append(r.request.url)
            await r.abort()

    await page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    result = {"name": name, "error": None, "latencies": []}
    try:
        await page.goto(url, wait_until="commit", timeout=180_000)
        if name == TRIVIAL:
            handle = await page.wait_for_function(TRIVIAL_JS, timeout=180_000, polling=50)
        elif url.startswith("file:") or "/voila/" not in url:
            handle = await page.wait_for_function(
                STATIC_READY_JS, arg=panels_of(name), timeout=60_000, polling=50
            )
        else:
            handle = await page.wait_for_function(READY_JS, arg=panels_of(name), timeout=180_000, polling=50)
        result["tti_ms"] = await handle.json_value()
        panels = max(1, panels_of(name))
        for i in range(interact):  # the panels of the page in turn
            latency = await page.evaluate(INTERACT_JS, i % panels)
            result["latencies"].append(latency)
            result.setdefault("by_panel", {}).setdefault(i % panels, []).append(latency)
            await asyncio.sleep(0.15)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports failures, it does not stop
        result["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    result["external"], result["console_errors"] = external, errors
    await page.close(run_before_unload=True)  # Voilà shuts the kernel down on beforeunload
    await asyncio.sleep(0.3)
    await context.close()
    return result


def kernel_memory(procs) -> dict:
    """RSS and USS (memory of that process only, shared libraries not counted) of kernels, in MB."""
    rss, uss = [], []
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except Exception:  # noqa: BLE001 - a kernel may stop meanwhile
            continue
        rss.append(round(info.rss / 2**20))
        uss.append(round(info.uss / 2**20))
    return {"rss_mb": sorted(rss), "uss_mb": sorted(uss)}


async def bench_voila(
    browser,
    runs,
    notebooks,
    report,
    pool8=True,
    widget_file=True,
    concurrent=True,
    tti_runs=True,
    bursts=BURSTS,
    pool8_only=False,
    mixed=(5, (1, 2, 4, 8)),
) -> None:
    root = make_root()
    names = notebooks + [TRIVIAL]
    report["widget_module"] = "served file" if widget_file else "inline (plotly default)"
    server = srv.VoilaServer(root, overrides=BENCH_OVERRIDES, widget_file=widget_file)
    t0 = time.monotonic()
    server.start(timeout=240)
    await wait_pool(server, POOL * len(names))
    report["server_start_s"] = round(time.monotonic() - t0, 1)
    try:
        tti = {n: [] for n in names}
        latencies = {n: [] for n in notebooks}
        by_panel: dict = {n: {} for n in notebooks}
        problems = []
        for run in range(runs if tti_runs else 0):
            # Interleaved, so that machine noise hits every notebook alike, and rotated, so that no notebook
            # always comes right after the same one.
            shift = run % len(names)
            for name in names[shift:] + names[:shift]:
                # each visitor arrives at a quiet server: pools refilled and their notebooks run
                await wait_pool(server, POOL * len(names))
                await wait_quiet(server)
                before = {p.pid for p in server.kernel_processes()}
                res = await open_viewer(browser, server.url + f"voila/render/{name}", name,
                                        interact=0 if name == TRIVIAL else (20 if run == 0 else 0))  # fmt: skip
                # The kernel this visitor took is replaced a few seconds later: wait for it, so that the
                # replacement's start and notebook run fall before the next visit, not into it.
                await wait_refill(server, before)
                if res["error"] or res["external"] or res["console_errors"]:
                    problems.append(res)
                if "tti_ms" in res:
                    tti[name].append(res["tti_ms"])
                if name in latencies:
                    latencies[name] += [x for x in res["latencies"] if x >= 0]
                    for k, values in res.get("by_panel", {}).items():
                        by_panel[name].setdefault(k, []).extend(x for x in values if x >= 0)
        trivial = statistics.median(tti[TRIVIAL]) if tti[TRIVIAL] else None
        report["voila_tti_ms"] = {n: {"median": round(statistics.median(v)), "max": round(max(v))}
                                  for n, v in tti.items() if v}  # fmt: skip
        report["voila_tti_ratio"] = {n: round(statistics.median(v) / trivial, 2)
                                     for n, v in tti.items() if v and trivial}  # fmt: skip
        report["interaction_ms"] = {n: {"p50": round(percentile(v, 0.5)), "p95": round(percentile(v, 0.95)), "n": len(v)}
                                    for n, v in latencies.items() if v}  # fmt: skip
        report["interaction_ms_by_panel"] = {
            n: {k: {"p50": round(percentile(v, 0.5)), "p95": round(percentile(v, 0.95)), "n": len(v)}
                for k, v in panels.items() if v}
            for n, panels in by_panel.items() if len(panels) > 1
        }  # fmt: skip
        report["voila_problems"] = problems[:5]
        for key in (
            "voila_tti_ms",
            "voila_tti_ratio",
            "interaction_ms",
            "interaction_ms_by_panel",
            "voila_problems",
        ):
            print(key, json.dumps(report[key], ensure_ascii=False), flush=True)
        if not concurrent:
            return

        # Memory per viewer: one viewer per dashboard, kernels measured while the pages are open.
        await wait_pool(server, POOL * len(names))
        before = {p.pid for p in server.kernel_processes()}
        contexts = []
        for name in notebooks if tti_runs else ():
            context = await browser.new_context()
            page = await context.new_page()
            await page.goto(server.url + f"voila/render/{name}", wait_until="commit")
            await page.wait_for_function(READY_JS, arg=panels_of(name), timeout=180_000, polling=100)
            contexts.append(context)
        await asyncio.sleep(2)
        if contexts:
            viewers = [p for p in server.kernel_processes() if p.pid in before]
            report["viewer_kernel_memory"] = kernel_memory(viewers)
        for context in contexts:
            await context.close()

        # Concurrent new viewers on the first (map) dashboard.
        target = notebooks[0]
        report["concurrency_dashboard"] = target
        if "browsers" in bursts and not pool8_only:
            report["concurrency_default_pool"] = await concurrency(browser, server, target)
        if "mixed" in bursts and not pool8_only:
            report["mixed_default_pool"] = await mixed_concurrency(browser, server, target, *mixed)
    finally:
        server.stop()
    if not concurrent:
        shutil.rmtree(root, ignore_errors=True)
        return

    if not pool8:
        shutil.rmtree(root, ignore_errors=True)
        return
    # Same burst with a pool sized to it (8 preheated kernels for that dashboard and for the trivial one).
    overrides = {
        **BENCH_OVERRIDES,
        "VoilaKernelManager": {
            **BENCH_OVERRIDES.get("VoilaKernelManager", {}),
            "kernel_pools_config": {
                "default": {"pool_size": POOL},
                target: {"pool_size": 8},
                TRIVIAL: {"pool_size": 8},
            },
        },
    }
    server = srv.VoilaServer(root, overrides=overrides, widget_file=widget_file)
    server.start(timeout=300)
    try:
        pooled = POOL * (len(names) - 2) + 16
        await wait_pool(server, pooled, timeout=300)
        await wait_quiet(server)
        report["pool8_kernel_memory"] = kernel_memory(server.kernel_processes())
        if "browsers" in bursts:
            report["concurrency_pool8"] = await concurrency(browser, server, target)
        if "protocol" in bursts:
            report["server_side_pool8"] = await concurrency(None, server, target)
        if "trivial" in bursts:
            # The same burst on the trivial notebook: the floor set by 8 browsers sharing the 2 cores.
            report["trivial_concurrency_pool8"] = await concurrency(browser, server, TRIVIAL)
        if "mixed" in bursts:
            report["mixed_pool8"] = await mixed_concurrency(browser, server, target, *mixed)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def kernel_pids(server) -> set[int]:
    return {proc.pid for proc in server.kernel_processes()}


async def wait_burst_over(server, before: set[int], taken: int, timeout: float = 90) -> None:
    """After ``taken`` visits that each took a pooled kernel out of ``before``: wait until those kernels are
    shut down (page closed, or culled) and the pools hold as many kernels as before, then until the new
    kernels have finished preheating (machine quiet)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = kernel_pids(server)
        # Voilà sometimes keeps one kernel more or less in a pool for a while: one of slack.
        if len(now & before) <= len(before) - taken and len(now) >= len(before) - 1:
            break
        await asyncio.sleep(0.5)
    await wait_quiet(server)


async def concurrency(browser, server, target, singles: int = 3) -> dict:
    """Median TTI of n simultaneous new viewers of ``target`` (n = 1, 2, 4, 8), each burst started with the
    pool refilled and the machine quiet; the single-viewer figure is the median of ``singles`` visits.

    ``browser`` None: protocol viewers (``_voila_client.visit``: page + websocket + every widget state, no
    browser), i.e. the server's own share of the time to interactive.
    """
    out = {}
    for n in (1, 2, 4, 8):
        tti, errors = [], 0
        for _ in range(singles if n == 1 else 1):
            await wait_quiet(server)
            before = kernel_pids(server)
            if browser is None:
                results = await asyncio.gather(
                    *[visit(server.url, target) for _ in range(n)], return_exceptions=True
                )
                tti += [r["states_ms"] for r in results if isinstance(r, dict)]
                errors += sum(1 for r in results if not isinstance(r, dict))
            else:
                results = await asyncio.gather(
                    *[open_viewer(browser, server.url + f"voila/render/{target}", target) for _ in range(n)]
                )
                tti += [r["tti_ms"] for r in results if "tti_ms" in r and not r["error"]]
                errors += sum(1 for r in results if r["error"] or r["console_errors"] or r["external"])
            await wait_burst_over(server, before, n)
        print(f"  {target} x{n}: {sorted(round(t) for t in tti)} ms, errors {errors}", flush=True)
        out[n] = {"median_ms": round(statistics.median(tti)) if tti else None,
                  "max_ms": round(max(tti)) if tti else None, "errors": errors}  # fmt: skip
    return with_ratios(out)


def with_ratios(out: dict) -> dict:
    base = out[1]["median_ms"]
    for n in out:
        if isinstance(n, int) and base and out[n]["median_ms"]:
            out[n]["ratio"] = round(out[n]["median_ms"] / base, 2)
    return out


async def browser_assets(browser, url: str) -> list[str]:
    """The same-origin files a new chromium viewer loads with ``url`` (scripts, styles, widget module, map
    layers): everything but the page itself and the kernel's own API (websocket, shutdown)."""
    context = await browser.new_context()
    page = await context.new_page()
    seen: list[str] = []
    page.on("request", lambda r: r.method == "GET" and r.url != url and "/api/" not in r.url
            and r.url.startswith(url.split("/voila/")[0]) and r.url not in seen and seen.append(r.url))  # fmt: skip
    await page.goto(url, wait_until="commit")
    name = url.rsplit("/", 1)[1]
    await page.wait_for_function(READY_JS, arg=panels_of(name), timeout=180_000, polling=100)
    await asyncio.sleep(1.0)
    await page.close(run_before_unload=True)
    await context.close()
    return seen


async def mixed_concurrency(browser, server, target, reps: int = 5, sizes=(1, 2, 4, 8)) -> dict:
    """n simultaneous new viewers (n = 1, 2, 4, 8) where one is a real chromium, whose TTI is measured, and
    n − 1 are protocol viewers that ask the server for everything a new browser asks (page, every static
    file, websocket, every widget state): what a visitor sees when n − 1 others arrive at the same moment
    and each browser runs on its own machine. The measured chromium still shares the server's 2 cores.
    ``reps`` bursts per n (each with the pools refilled and the machine quiet); median of the chromium TTIs.
    """
    url = server.url + f"voila/render/{target}"
    await wait_quiet(server)
    before = kernel_pids(server)
    assets = await browser_assets(browser, url)
    await wait_burst_over(server, before, 1)
    out = {"assets": len(assets)}
    for n in sizes:
        tti, others, errors, asset_kb = [], [], 0, 0
        for _ in range(reps):
            await wait_quiet(server)
            before = kernel_pids(server)
            results = await asyncio.gather(
                open_viewer(browser, url, target),
                *[visit(server.url, target, assets=assets) for _ in range(n - 1)],
                return_exceptions=True,
            )
            real, protocol = results[0], results[1:]
            if isinstance(real, dict) and "tti_ms" in real and not real["error"]:
                tti.append(real["tti_ms"])
            errors += int(not isinstance(real, dict) or bool(real["error"] or real["console_errors"]
                                                                or real["external"]))  # fmt: skip
            others += [r["states_ms"] for r in protocol if isinstance(r, dict)]
            asset_kb = max([asset_kb] + [r["asset_bytes"] // 1024 for r in protocol if isinstance(r, dict)])
            errors += sum(1 for r in protocol if not isinstance(r, dict))
            await wait_burst_over(server, before, n)
        print(f"  mixed {target} x{n}: chromium {sorted(round(t) for t in tti)} ms, "
              f"protocol median {round(statistics.median(others)) if others else '-'} ms, errors {errors}",
              flush=True)  # fmt: skip
        out[n] = {"median_ms": round(statistics.median(tti)) if tti else None,
                  "max_ms": round(max(tti)) if tti else None, "errors": errors,
                  "protocol_median_ms": round(statistics.median(others)) if others else None,
                  "protocol_asset_kb": asset_kb}  # fmt: skip
    return with_ratios(out)


async def static_burst(browser, base: str, name: str, singles: int = 3, bursts: int = 2) -> dict:
    """1 and 8 simultaneous chromium viewers of one static page (no kernel, a plain file server): what 8
    browsers on these 2 cores cost by themselves, whatever the server."""
    out = {"page": name}
    for n in (1, 8):
        tti, errors = [], 0
        for _ in range(singles if n == 1 else bursts):
            await asyncio.sleep(2.0)
            results = await asyncio.gather(
                *[open_viewer(browser, base + name, name.replace(".html", ".ipynb")) for _ in range(n)]
            )
            tti += [r["tti_ms"] for r in results if "tti_ms" in r and not r["error"]]
            errors += sum(1 for r in results if r["error"] or r["console_errors"] or r["external"])
        print(f"  static {name} x{n}: {sorted(round(t) for t in tti)} ms, errors {errors}", flush=True)
        out[n] = {"median_ms": round(statistics.median(tti)) if tti else None, "errors": errors}
    return with_ratios(out)


async def bench_static(browser, runs: int, report: dict, burst: bool = True) -> None:
    out = Path(tempfile.mkdtemp(prefix="mlearn-bench-static-"))
    t0 = time.monotonic()
    site = static.export_site(out)
    report["static_export_s"] = round(time.monotonic() - t0, 1)
    report["static_page_kb"] = {p["file"]: round(p["bytes"] / 1024) for p in site["pages"]}
    report["static_plotly_js_kb"] = round((out / "plotly.min.js").stat().st_size / 1024)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", srv.any_free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        for mode, base in (
            ("http", f"http://127.0.0.1:{httpd.server_address[1]}/"),
            ("file", out.as_uri() + "/"),
        ):
            times, lat = {}, []
            for _ in range(runs):
                for page in site["pages"]:
                    name = page["file"]
                    res = await open_viewer(browser, base + name, name.replace(".html", ".ipynb"),
                                            interact=10 if mode == "http" else 0)  # fmt: skip
                    if "tti_ms" in res:
                        times.setdefault(name, []).append(res["tti_ms"])
                    else:
                        report.setdefault("static_problems", []).append(
                            {k: res[k] for k in ("name", "error")}
                        )
                    lat += [x for x in res["latencies"] if x >= 0]
            report[f"static_tti_ms_{mode}"] = {n: round(statistics.median(v)) for n, v in times.items()}
            if mode == "http" and burst:
                files = [p["file"] for p in site["pages"]]
                report["static_concurrency"] = await static_burst(
                    browser, base, "diasporas.html" if "diasporas.html" in files else files[0]
                )
            if lat:
                report["static_interaction_ms"] = {
                    "p50": round(percentile(lat, 0.5)),
                    "p95": round(percentile(lat, 0.95)),
                }
    finally:
        httpd.shutdown()
        shutil.rmtree(out, ignore_errors=True)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pool8", action="store_true", help="skip the burst with a pool of 8 kernels")
    parser.add_argument("--only-pool8", action="store_true", help="bursts with the pool of 8 kernels only")
    parser.add_argument("--mixed-reps", type=int, default=5, help="bursts per size for the mixed viewers")
    parser.add_argument("--mixed-sizes", default="1,2,4,8", help="burst sizes for the mixed viewers")
    parser.add_argument("--skip-static", action="store_true", help="skip the static pages")
    parser.add_argument("--skip-voila", action="store_true", help="skip the Voilà server (static pages only)")
    parser.add_argument("--skip-concurrency", action="store_true", help="skip memory and concurrent viewers")
    parser.add_argument(
        "--skip-tti", action="store_true", help="skip the single-viewer TTI, interaction, memory"
    )
    parser.add_argument("--bursts", default=",".join(BURSTS),
                        help=f"kinds of simultaneous-viewer bursts, comma-separated among {','.join(BURSTS)}")  # fmt: skip
    parser.add_argument(
        "--inline-widget",
        action="store_true",
        help="let each FigureWidget carry its module (plotly's default) instead of the served file",
    )
    parser.add_argument("--config", action="append", default=[], metavar="CLASS.TRAIT=VALUE",
                        help="a server setting for this run, e.g. VoilaKernelManager.fill_delay=20 or "
                             "DashboardKernelManager.refill_max_wait=0 (repeatable; JSON values)")  # fmt: skip
    args = parser.parse_args()
    for item in args.config:
        key, _, value = item.partition("=")
        section, _, trait = key.partition(".")
        if not (section and trait and value):
            parser.error(f"--config {item!r}: expected CLASS.TRAIT=VALUE")
        BENCH_OVERRIDES.setdefault(section, {})[trait] = json.loads(value)
    report_config = {"config": args.config} if args.config else {}
    bursts = {b.strip() for b in args.bursts.split(",") if b.strip()}
    if bursts - set(BURSTS):
        parser.error(f"--bursts: unknown {sorted(bursts - set(BURSTS))}, expected among {BURSTS}")
    from playwright.async_api import async_playwright

    notebooks = sorted(p.name for p in srv.dashboards_dir().glob("*.ipynb"))
    notebooks.sort(key=lambda n: n != "diasporas.ipynb")
    report: dict = {"runs": args.runs, **report_config,
                    "load_average_at_start": [round(x, 1) for x in os.getloadavg()]}  # fmt: skip
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        if not args.skip_static:
            await bench_static(
                browser, args.runs if not args.skip_tti else 0, report, burst="static" in bursts
            )
        if not args.skip_voila:
            await bench_voila(
                browser,
                args.runs,
                notebooks,
                report,
                pool8=not args.no_pool8,
                widget_file=not args.inline_widget,
                concurrent=not args.skip_concurrency,
                tti_runs=not args.skip_tti,
                bursts=bursts,
                pool8_only=args.only_pool8,
                mixed=(args.mixed_reps, tuple(int(n) for n in args.mixed_sizes.split(","))),
            )
        await browser.close()
    report["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(report, ensure_ascii=False, indent=1))
    print("JSON", json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
