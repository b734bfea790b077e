"""The Voilà server of ``course/dashboards/`` in a real browser: index, every dashboard offline (no request
outside the local server, no console error, every figure drawn, a control changes the figure), forbidden
URLs, and idle kernels culled back to the preheated pool."""

from __future__ import annotations

import http.client
import time
import urllib.parse

import nbformat
import psutil
import pytest
import requests

from mlearn.dashboards import server as srv

from ..conftest import OfflinePage
from .conftest import (
    DASHBOARDS,
    NOTEBOOKS,
    RELAYOUTS_JS,
    TEST_POOL,
    expected_panels,
    figure_data,
    wait_figures,
)

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
    # the notebooks through the contents API (Voilà answers 200 with their metadata without mlearn.dashboards.guard)
    "voila/api/contents/diasporas.ipynb",
    "voila/api/contents/diasporas.ipynb?content=1",
    "voila/api/contents/diasporas.ipynb?type=notebook&format=json&content=1",
    "voila/api/contents/diasporas.ipynb?type=file&format=text",
    "voila/api/contents/diasporas%2Eipynb",
    "voila/api/contents/./diasporas.ipynb",
    "voila/api/contents/README.md?format=text",
    "voila/api/contents/.ipynb_checkpoints",
    "voila/api/contents/%2E%2E",
    "voila/api/contents/%2E%2E%2Fsource",
    "voila/api/contents/%2E%2E/%2E%2E/source/",
    "api/contents/diasporas.ipynb?content=1",
    "files/diasporas.ipynb",
    "voila/files/diasporas.ipynb?download=1",
    "voila/files/%64iasporas.ipynb",
    "voila/static/../diasporas.ipynb",
    "voila/static/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/nbgrader_config.py",
]


@pytest.fixture(scope="module")
def page(chromium):
    """One offline page for the module (its lists are reset by each test)."""
    offline = OfflinePage(chromium)
    offline.page.add_init_script(RELAYOUTS_JS)
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
    # each figure drawn once, at its width in the page (not at plotly's default width, then resized)
    pw.wait_for_timeout(300)
    drawn = pw.evaluate(
        "() => [Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".map(gd => [gd._fullLayout.width, gd.clientWidth]), window.__relayouts]"
    )
    assert all(abs(layout_width - width) < 1 for layout_width, width in drawn[0]) and drawn[1] == [], drawn
    html_text = pw.content()
    code = _code_cells(DASHBOARDS / notebook)
    assert code and not [line for line in code if line in html_text]  # sources stripped
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


def _raw_get(server, path: str, hops: int = 3) -> tuple[int, str]:
    """GET ``/path`` sent byte for byte (requests/urllib3 would resolve ``..`` and ``.`` first), following
    same-server redirects (Voilà's render route redirects a non-notebook path, e.g. to ``/source/``)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        status, body = response.status, response.read().decode("utf-8", "replace")
        location = response.getheader("Location") or ""
    finally:
        connection.close()
    if status in (301, 302, 303, 307, 308) and hops:
        target = urllib.parse.urlsplit(urllib.parse.urljoin(server.url + path, location))
        assert target.port in (None, server.port), location  # never sends the visitor elsewhere
        return _raw_get(
            server, target.path.lstrip("/") + (f"?{target.query}" if target.query else ""), hops - 1
        )
    return status, body


def _code_cells(notebook) -> list[str]:
    cells = nbformat.read(notebook, as_version=4).cells
    return [c.source.strip() for c in cells if c.cell_type == "code" and c.source.strip()]


def test_forbidden_urls_are_not_served(voila_server):
    served = requests.get(voila_server.url, timeout=10)
    assert served.status_code == 200
    for path in FORBIDDEN:
        response = requests.get(voila_server.url + path, timeout=10, allow_redirects=True)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert "nbgrader" not in response.text.lower() or response.status_code == 404, path
        status, body = _raw_get(voila_server, path)
        assert status in (403, 404), (path, status, body[:200])


def test_contents_api_lists_names_and_types_only(voila_server):
    response = requests.get(voila_server.url + "voila/api/contents", timeout=10)
    assert response.status_code == 200
    listing = response.json()
    assert listing["type"] == "directory"
    entries = listing["content"]
    expected = sorted(
        [p.name for p in DASHBOARDS.iterdir() if p.suffix == ".ipynb" or p.is_dir()],
    )
    expected = [name for name in expected if not name.startswith(".")]
    assert [e["name"] for e in entries] == expected
    for entry in entries:
        assert entry["content"] is None and "size" not in entry and "hash" not in entry, entry
        assert entry["type"] == ("notebook" if entry["name"].endswith(".ipynb") else "directory")


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_no_response_carries_the_code_of_a_dashboard(voila_server, notebook):
    code = _code_cells(DASHBOARDS / notebook)
    assert code
    quoted = notebook.replace(".", "%2E")
    attempts = [
        f"voila/api/contents/{notebook}",
        f"voila/api/contents/{notebook}?content=1",
        f"voila/api/contents/{notebook}?content=1&format=text&type=file",
        f"voila/api/contents/{notebook}?format=base64&type=file",
        f"voila/api/contents/{quoted}?content=1",
        f"voila/api/contents/.//{notebook}",
        f"api/contents/{notebook}?content=1",
        f"files/{notebook}",
        f"voila/files/{notebook}",
        f"voila/files/{quoted}",
        f"voila/files/./{notebook}",
        f"voila/static/../{notebook}",
        f"voila/static/%2E%2E/{notebook}",
        f"voila/render/../{notebook}",
        f"voila/tree/{notebook}",
        f"voila/templates/mlearn/static/%2E%2E/%2E%2E/{notebook}",
        f"voila/api/contents/%2E%2E/dashboards/{notebook}?content=1",
        f"voila/files/%2E%2E/dashboards/{notebook}",
    ]
    for path in attempts:
        status, body = _raw_get(voila_server, path)
        assert status != 200 or path.startswith("voila/tree"), (path, status)
        leaked = [line for line in code if line in body]
        assert not leaked, (path, status, leaked)


@pytest.fixture(scope="module")
def tmp_voila(tmp_path_factory):
    """A small served folder with a subfolder and a hidden checkpoint, no preheated kernel (starts fast)."""
    root = tmp_path_factory.mktemp("served")
    secret = "SECRET_CODE_4711 = 'le code ne doit pas sortir'"
    cell = nbformat.v4.new_code_cell(secret)
    for relative in (
        "tableau.ipynb",
        "sous-dossier/autre.ipynb",
        ".ipynb_checkpoints/tableau-checkpoint.ipynb",
    ):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), target)
    (root / "sous-dossier" / "notes.txt").write_text(secret, encoding="utf-8")
    overrides = {"VoilaConfiguration": {"preheat_kernel": False}}
    server = srv.VoilaServer(root, overrides=overrides, widget_file=False)
    server.start(timeout=60, log_to=tmp_path_factory.mktemp("served-log") / "voila.log")
    yield server, secret
    server.stop()


def test_subfolders_list_without_content_and_hide_notebooks(tmp_voila):
    server, secret = tmp_voila
    root = requests.get(server.url + "voila/api/contents", timeout=10).json()
    assert [(e["name"], e["type"]) for e in root["content"]] == [
        ("sous-dossier", "directory"),
        ("tableau.ipynb", "notebook"),
    ]
    sub = requests.get(server.url + "voila/api/contents/sous-dossier?content=1", timeout=10)
    assert sub.status_code == 200
    assert [(e["name"], e["type"]) for e in sub.json()["content"]] == [("autre.ipynb", "notebook")]
    assert secret not in sub.text
    for path in [
        "voila/api/contents/tableau.ipynb",
        "voila/api/contents/tableau.ipynb?content=1",
        "voila/api/contents/sous-dossier/autre.ipynb?content=1",
        "voila/api/contents/sous-dossier/autre.ipynb?type=file&format=text",
        "voila/api/contents/sous-dossier%2Fautre.ipynb?content=1",
        "voila/api/contents/sous-dossier/notes.txt?format=text",
        "voila/api/contents/sous-dossier/../tableau.ipynb",
        "voila/api/contents/sous-dossier/%2E%2E/tableau.ipynb",
        "voila/api/contents/.ipynb_checkpoints",
        "voila/api/contents/.ipynb_checkpoints/tableau-checkpoint.ipynb",
        "voila/files/sous-dossier/autre.ipynb",
        "voila/files/sous-dossier/notes.txt",
        "voila/files/.ipynb_checkpoints/tableau-checkpoint.ipynb",
        "api/contents/sous-dossier/autre.ipynb",
        "files/sous-dossier/autre.ipynb",
    ]:
        status, body = _raw_get(server, path)
        assert status in (403, 404), (path, status)
        assert "SECRET_CODE_4711" not in body, path


def test_topojson_and_template_assets_are_local(voila_server):
    ok = requests.get(voila_server.url + "voila/templates/mlearn/static/mlearn.css", timeout=10)
    assert ok.status_code == 200 and "mlearn" in ok.text


def test_widget_module_is_kept_by_browsers_without_revalidation(voila_server):
    """The 1.9 MB figure module has its content hash in its name: a returning visitor must not fetch it again."""
    assert voila_server.widget_url and "?v=" in voila_server.widget_url
    response = requests.get(voila_server.widget_url, timeout=30)
    assert response.status_code == 200 and len(response.content) > 500_000
    max_age = int(response.headers["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600, response.headers["Cache-Control"]


def _kernel_alive(server, kernel_id: str) -> bool:
    alive = False
    for proc in server.kernel_processes():
        try:
            alive = alive or any(kernel_id in part for part in proc.cmdline())
        except psutil.Error:
            pass
    return alive


def test_a_visitor_arriving_by_a_direct_link_hands_the_kernel_back_on_leaving(voila_server, chromium):
    """No index page first, so no cookie from Voilà's own templates: the page itself must set ``_xsrf``, or
    the beforeunload POST that shuts the kernel down is refused (403) and the kernel waits to be culled."""
    notebook = "refugies-asile.ipynb"
    context = chromium.new_context()
    try:
        pw = context.new_page()
        refused = []
        pw.on(
            "response",
            lambda r: "/voila/api/shutdown/" in r.url and r.status >= 400 and refused.append(r.status),
        )
        pw.goto(voila_server.url + f"voila/render/{notebook}", wait_until="commit", timeout=180_000)
        wait_figures(pw, len(expected_panels(notebook)), timeout_ms=180_000)
        kernel_id = pw.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        assert "_xsrf" in {cookie["name"] for cookie in context.cookies()}
        assert _kernel_alive(voila_server, kernel_id)
        pw.goto("about:blank")
        deadline = time.monotonic() + 4  # the tests' culling (TEST_OVERRIDES) cannot act before 6 s idle
        while _kernel_alive(voila_server, kernel_id) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _kernel_alive(voila_server, kernel_id) and refused == []
    finally:
        context.close()


MAP_STATE_JS = """() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
    const filled = (gd.data || []).filter(t => t.type === 'choropleth' && t.visible !== false)
        .reduce((n, t) => n + ((t.locations || []).length), 0);
    return {filled, countries: gd.querySelectorAll('.choroplethlocation').length}; }"""


def test_diaspora_map_rate_state_draws_its_countries(voila_server, page):
    """The rate map's polygons are a layer reference (mlearn.figures.GEOJSON_REFS) that the served widget
    module must register: without it plotly.js draws an empty map, silently."""
    pw = page.page
    pw.goto(voila_server.url + "voila/render/diasporas.ipynb", wait_until="commit", timeout=180_000)
    wait_figures(pw, len(expected_panels("diasporas.ipynb")), timeout_ms=180_000)
    pw.get_by_role("button", name="Pour 1 000 habitants").first.click()
    pw.wait_for_function("(js) => eval(js)().filled > 20", arg=f"({MAP_STATE_JS})", timeout=30_000)
    pw.wait_for_timeout(300)
    state = pw.evaluate(MAP_STATE_JS)
    assert state["countries"] >= 0.9 * state["filled"], state
    assert page.console_errors == []


SAME_TITLES_JS = """(expected) => JSON.stringify(Array.from(document.querySelectorAll('.js-plotly-plot'))
    .map(gd => (gd.layout && gd.layout.title && gd.layout.title.text) || null)) === JSON.stringify(expected)"""


def _headings(notebook) -> dict[str, str]:
    """The page title (first heading of the first markdown cell) in French and in English (cell metadata)."""
    cell = next(
        c for c in nbformat.read(DASHBOARDS / notebook, as_version=4).cells if c.cell_type == "markdown"
    )
    first = {lang: text.lstrip("# ").splitlines()[0].strip()
             for lang, text in (("fr", cell.source), ("en", cell.metadata["mlearn"]["en"]))}  # fmt: skip
    return first


def test_page_language_switch_turns_text_and_charts_to_english_and_back(voila_server, page, artifacts_dir):
    from mlearn.dashboards.live import make_explorer

    notebook = "diasporas.ipynb"
    panels = expected_panels(notebook)
    titles = {
        lang: [make_explorer(name, lang).figure.layout.title.text for name in panels] for lang in ("fr", "en")
    }
    assert titles["fr"] != titles["en"]
    heading = _headings(notebook)
    pw = _fresh(page)
    pw.goto(voila_server.url + f"voila/render/{notebook}?lang=en", wait_until="commit", timeout=180_000)
    wait_figures(pw, len(panels), timeout_ms=180_000)
    pw.wait_for_function(SAME_TITLES_JS, arg=titles["en"], timeout=60_000)
    assert pw.locator("html").get_attribute("lang") == "en"
    assert pw.get_by_role("heading", name=heading["en"], exact=True).is_visible()
    assert not pw.get_by_role("heading", name=heading["fr"], exact=True).is_visible()
    assert (
        pw.get_by_text("Note on maps").is_visible() and not pw.get_by_text("Note sur les cartes").is_visible()
    )
    assert pw.get_by_text("Sources and licences").first.is_visible()
    folder = artifacts_dir / "dashboards"
    folder.mkdir(parents=True, exist_ok=True)
    pw.screenshot(path=str(folder / "voila-diasporas-en.png"), full_page=True)

    pw.locator(".mlearn-langbar button", has_text="Français").click()
    pw.wait_for_function(SAME_TITLES_JS, arg=titles["fr"], timeout=60_000)
    assert "lang=en" not in pw.url and pw.locator("html").get_attribute("lang") == "fr"
    assert pw.get_by_role("heading", name=heading["fr"], exact=True).is_visible()
    assert not pw.get_by_role("heading", name=heading["en"], exact=True).is_visible()
    assert (
        pw.get_by_text("Note sur les cartes").is_visible() and not pw.get_by_text("Note on maps").is_visible()
    )
    assert page.external_requests == [] and page.console_errors == [], (
        page.external_requests,
        page.console_errors,
    )


def test_idle_kernels_are_culled_back_to_the_pool(voila_server, chromium, page):
    pool = TEST_POOL * len(NOTEBOOKS)  # preheated kernels
    page.page.goto("about:blank")  # the shared page leaves its dashboard (and its kernel)
    # The pools refill `fill_delay` seconds after a visitor took a kernel: the count must hold still longer
    # than that, or an earlier test's refill lands after the baseline.
    settle = srv.load_config()["VoilaKernelManager"].get("fill_delay", 0) + 2
    deadline, stable_since = time.monotonic() + 90, None
    while time.monotonic() < deadline:
        if len(voila_server.kernel_processes()) != pool:
            stable_since = None
        elif stable_since is None:
            stable_since = time.monotonic()
        elif time.monotonic() - stable_since > settle:
            break
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
        # the refill went through the kit's gate (mlearn.dashboards.kernels: waits for quiet processors)
        assert "Pool refill: waited" in voila_server.log_path.read_text(errors="replace")
        rss = [k.memory_info().rss for k in voila_server.kernel_processes()]
        assert all(r > 0 for r in rss)
    finally:
        viewer.close()
    deadline = time.monotonic() + 45  # cull_idle_timeout 6 s, cull_interval 2 s in the test config
    while len(voila_server.kernel_processes()) > baseline and time.monotonic() < deadline:
        time.sleep(1)
    assert len(voila_server.kernel_processes()) == baseline
    assert all(p.status() != psutil.STATUS_ZOMBIE for p in voila_server.kernel_processes())
