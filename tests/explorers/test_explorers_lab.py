"""Every explorer in a real JupyterLab (real server, kernel and chromium), displayed as the course does.

A notebook in the course's pattern (``from mlearn import explorers`` then one ``explorers.<name>()`` per cell)
ends with a long-running cell: each explorer must be drawn (title and data in its plotly graph) while that cell
still keeps the kernel busy (a FigureWidget could stay blank until the kernel was idle again). Also checked: the
year sliders have a usable track, every figure's source caption fits inside its figure, nothing is asked from
another host. Screenshots: ``test-artifacts/explorers/lab_<name>.png``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import nbformat
import pytest
import requests

from mlearn.ports import any_free_port
from tests.explorers.test_explorers_shell import NAMES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BUSY_SECONDS = 240  # the last cell: longer than drawing every explorer on a loaded 2-core machine

# For every plotly graph of the notebook, in cell order: how many traces hold data, the title, whether the
# source caption fits inside the figure.
GRAPHS = """
() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell')).map((cell, i) => {
  const g = cell.querySelector('.js-plotly-plot');
  if (!g || !g.data || !g._fullLayout) return {cell: i, drawn: false};
  const filled = g.data.filter(t => ['x', 'y', 'z', 'lat', 'locations'].some(k => t[k] && t[k].length)).length;
  const svg = g.querySelector('.main-svg').getBoundingClientRect();
  const source = Array.from(g.querySelectorAll('.annotation-text')).find(a => a.textContent.startsWith('Source'));
  const box = source ? source.getBoundingClientRect() : null;
  return {
    cell: i, drawn: filled > 0, filled, title: (g.layout.title && g.layout.title.text) || '',
    caption: !!box, fits: !!box && box.right <= svg.right + 1 && box.bottom <= svg.bottom + 1,
    overflow: box ? [Math.round(box.right - svg.right), Math.round(box.bottom - svg.bottom)] : null,
  };
})
"""
TRACKS = """
() => Array.from(document.querySelectorAll('.jp-Notebook .widget-slider .slider-container'))
  .filter(e => e.offsetParent !== null).map(e => Math.round(e.getBoundingClientRect().width))
"""


def _notebook(path):
    nb = nbformat.v4.new_notebook()
    cells = ["from mlearn import explorers"]
    cells += [f"explorers.{name}()" for name in NAMES]
    cells.append(f"import time\n\ntime.sleep({BUSY_SECONDS})  # long-running code after the explorers")
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def lab(tmp_path_factory, project_root):
    root = tmp_path_factory.mktemp("lab-explorers")
    _notebook(root / "explorers.ipynb")
    port = any_free_port()
    env = {
        **os.environ,
        "MLEARN_DATA_DIR": str(project_root / "data"),
        "JUPYTER_CONFIG_DIR": str(root / ".jupyter"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces"),
    }
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--port-retries=0",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={root}", "--IdentityProvider.token=",
        "--ServerApp.password=", "--LabApp.news_url=None", "--LabApp.check_for_updates_class="
        "jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(root / "lab.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if requests.get(f"{url}/api/status", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(root / 'lab.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _run_all(page):
    """Run ▸ Run All Cells, retried while the kernel is still starting (the click is then ignored)."""
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    first = page.locator(".jp-Notebook .jp-Cell").first.locator(".jp-InputPrompt")
    for _attempt in range(6):
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        deadline = time.time() + 20
        while time.time() < deadline:
            if first.inner_text().strip() != "[ ]:":
                return
            page.wait_for_timeout(500)
    pytest.fail("Run All Cells never started the notebook")


def test_every_explorer_draws_in_jupyterlab_while_the_kernel_is_busy(lab, offline_page, artifacts_dir):
    page = offline_page.page
    page.set_viewport_size({"width": 1280, "height": 1500})  # the tallest explorer fits in its screenshot
    page.goto(f"{lab}/lab/tree/explorers.ipynb?reset", timeout=120_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    _run_all(page)
    cells = page.locator(".jp-Notebook .jp-Cell")
    last = cells.nth(len(NAMES) + 1)
    shots = artifacts_dir / "explorers"
    shots.mkdir(parents=True, exist_ok=True)
    start = time.time()
    graphs = {}
    for i, name in enumerate(NAMES, start=1):
        cell = cells.nth(i)
        deadline = time.time() + 150
        while time.time() < deadline:
            cell.scroll_into_view_if_needed()  # as a student scrolls to it
            graphs = {g["cell"]: g for g in page.evaluate(GRAPHS)}
            if graphs.get(i, {}).get("drawn"):
                break
            page.wait_for_timeout(1000)
        page.wait_for_timeout(500)
        cell.screenshot(path=str(shots / f"lab_{name}.png"))
        graph = graphs.get(i, {})
        assert graph.get("drawn"), f"{name}: figure still blank after {time.time() - start:.0f} s: {graph}"
        assert len(graph["title"]) > 20 and graph["caption"], (name, graph)
        assert graph["fits"], f"{name}: source caption cut by {graph['overflow']} px (right, bottom)"
    # every figure was drawn while the long cell was still running
    assert last.locator(".jp-InputPrompt").inner_text().strip() == "[*]:", "kernel no longer busy"
    tracks = page.evaluate(TRACKS)
    assert tracks and min(tracks) >= 180, f"slider tracks too short: {tracks} px"
    assert not [u for u in offline_page.external_requests if "plot.ly" in u or "topojson" in u]
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Interrupt Kernel").first.click()
