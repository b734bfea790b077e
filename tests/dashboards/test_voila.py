"""The Voilà server of ``course/dashboards/`` in a real browser: index, every dashboard offline (no request
outside the local server, no console error, every figure drawn, a control changes the figure), forbidden
URLs, and idle kernels culled back to the preheated pool."""

from __future__ import annotations

import time

import psutil
import pytest
import requests

from ..conftest import OfflinePage
from .conftest import DASHBOARDS, NOTEBOOKS, expected_panels, figure_data, wait_figures

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Paths that must never be reachable: the grading side of the kit, and the notebooks' sources.
FORBIDDEN = [
    "source/",
    "release/",
    "autograded/",
    "gradebook.db",
    "nbgrader_config.py",
    "voila/files/nbgrader_config.py",
    "voila/files/../nbgrader_config.py",
    "voila/files/..%2F..%2Fnbgrader_config.py",
    "voila/files/%2E%2E/%2E%2E/source/",
    "voila/files/../../source/",
    "voila/files/diasporas.ipynb",
    "voila/render/../../source/",
    "voila/render/..%2F..%2Fsource%2F",
    "voila/tree/..",
    "voila/tree/../../source",
    "voila/api/contents/../../source",
    "voila/api/contents/..%2F..%2Fnbgrader_config.py",
    "voila/files/.ipynb_checkpoints/",
    "tree/",
    "api/contents",
    "files/nbgrader_config.py",
    "lab",
]


@pytest.fixture(scope="module")
def page(chromium):
    """One offline page for the module (its lists are reset by each test)."""
    offline = OfflinePage(chromium)
    yield offline
    offline.close()


def _fresh(page):
    page.external_requests.clear()
    page.console_errors.clear()
    return page.page


def _change_control(pw_page, index: int) -> bool:
    """Change the first control of the panel holding figure ``index``: a dropdown, else a toggle button."""
    plot = pw_page.locator(".js-plotly-plot").nth(index)
    panel = plot.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][.//select or .//button][1]")
    selects = panel.locator("select")
    if selects.count():
        select = selects.first
        current = select.evaluate("s => s.selectedIndex")
        options = select.locator("option").count()
        select.select_option(index=(current + 1) % options)
        return True
    buttons = panel.locator("button.widget-toggle-button:not(.mod-active)")
    if buttons.count():
        buttons.first.click()
        return True
    return False


def test_index_lists_every_dashboard_in_french(voila_server, page):
    from mlearn.dashboards import static

    pw = _fresh(page)
    pw.goto(voila_server.url, wait_until="networkidle")
    assert pw.locator("html").get_attribute("lang") == "fr"
    links = pw.locator(".mlearn-dashboards a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [f"/voila/render/{name}" for name in NOTEBOOKS]
    for i, name in enumerate(NOTEBOOKS):  # the index titles are those of the notebooks
        assert links.nth(i).inner_text().strip() == static.read_dashboard(DASHBOARDS / name).title
    assert page.external_requests == [] and page.console_errors == []


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_dashboard_offline_figures_and_controls(voila_server, page, artifacts_dir, notebook):
    pw = _fresh(page)
    panels = expected_panels(notebook)
    pw.goto(voila_server.url + f"voila/render/{notebook}", wait_until="commit", timeout=180_000)
    sizes = wait_figures(pw, len(panels), timeout_ms=180_000)
    assert len(sizes) == len(panels)
    assert all(s["width"] > 100 and s["height"] > 100 for s in sizes), sizes
    html_text = pw.content()
    assert "from mlearn.dashboards" not in html_text  # sources stripped
    assert "Télécharger les données (CSV)" in html_text and "Sources et licences" in html_text
    assert "Sahara occidental" in html_text
    folder = artifacts_dir / "dashboards"
    folder.mkdir(parents=True, exist_ok=True)
    pw.screenshot(path=str(folder / f"voila-{notebook.replace('.ipynb', '')}.png"), full_page=True)
    for index in range(len(panels)):
        before = figure_data(pw, index)
        assert _change_control(pw, index), f"no control found for figure {index} of {notebook}"
        pw.wait_for_function(
            "([i, before]) => { const gd = document.querySelectorAll('.js-plotly-plot')[i];"
            " return JSON.stringify((gd.data || []).map(t => [t.x, t.y, t.z, t.locations, t.lat, t.lon,"
            " t.link && t.link.value])) !== before; }",
            arg=[index, before],
            timeout=60_000,
        )
    pw.screenshot(path=str(folder / f"voila-{notebook.replace('.ipynb', '')}-changed.png"), full_page=True)
    assert page.external_requests == [], page.external_requests
    assert page.console_errors == [], page.console_errors


def test_forbidden_urls_are_not_served(voila_server):
    served = requests.get(voila_server.url, timeout=10)
    assert served.status_code == 200
    for path in FORBIDDEN:
        response = requests.get(voila_server.url + path, timeout=10, allow_redirects=True)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert "nbgrader" not in response.text.lower() or response.status_code == 404, path


def test_topojson_and_template_assets_are_local(voila_server):
    ok = requests.get(voila_server.url + "voila/templates/mlearn/static/mlearn.css", timeout=10)
    assert ok.status_code == 200 and "mlearn" in ok.text


def test_idle_kernels_are_culled_back_to_the_pool(voila_server, chromium, page):
    pool = len(NOTEBOOKS)  # one preheated kernel per dashboard (default_pool_size = 1)
    page.page.goto("about:blank")  # the shared page leaves its dashboard (and its kernel)
    deadline = time.monotonic() + 60
    while len(voila_server.kernel_processes()) != pool and time.monotonic() < deadline:
        time.sleep(0.5)
    baseline = len(voila_server.kernel_processes())
    assert baseline == pool
    viewer = OfflinePage(chromium)
    try:
        notebook = NOTEBOOKS[0]
        viewer.page.goto(voila_server.url + f"voila/render/{notebook}", wait_until="commit", timeout=180_000)
        wait_figures(viewer.page, len(expected_panels(notebook)), timeout_ms=180_000)
        deadline = time.monotonic() + 30  # the pool refills behind the viewer
        while len(voila_server.kernel_processes()) < baseline + 1 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert len(voila_server.kernel_processes()) == baseline + 1
        rss = [k.memory_info().rss for k in voila_server.kernel_processes()]
        assert all(r > 0 for r in rss)
    finally:
        viewer.close()
    deadline = time.monotonic() + 45  # cull_idle_timeout 6 s, cull_interval 2 s in the test config
    while len(voila_server.kernel_processes()) > baseline and time.monotonic() < deadline:
        time.sleep(1)
    assert len(voila_server.kernel_processes()) == baseline
    assert all(p.status() != psutil.STATUS_ZOMBIE for p in voila_server.kernel_processes())
