"""The static site in a real browser, from ``file://`` and from a local HTTP server: no request leaves the
site, no console error, every figure drawn, a control changes the figure, the CSV link follows it; the English
pages (``*.en.html``) likewise from ``file://``."""

from __future__ import annotations

import nbformat
import pytest

from mlearn.dashboards import panels, static

from ..conftest import OfflinePage
from .conftest import DASHBOARDS, NOTEBOOKS, expected_panels, figure_data, wait_figures

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [n.replace(".ipynb", ".html") for n in NOTEBOOKS]


@pytest.fixture(scope="module")
def page(chromium):
    offline = OfflinePage(chromium)
    yield offline
    offline.close()


def _base(mode, static_site, static_http) -> str:
    out, _report = static_site
    return out.as_uri() + "/" if mode == "file" else static_http


def _change(pw, index: int) -> None:
    panel = pw.locator(".mlearn-panel").nth(index)
    select = panel.locator("select[data-control]")
    if select.count():
        first = select.first
        n = first.locator("option").count()
        current = int(first.input_value())
        first.select_option(value=str((current + 1) % n))
        return
    slider = panel.locator("input[type=range][data-control]").first
    top = int(slider.get_attribute("max"))
    value = int(slider.input_value())
    slider.fill(str(0 if value == top else top))


@pytest.mark.parametrize("mode", ["file", "http"])
def test_static_index(static_site, static_http, page, mode):
    page.external_requests.clear()
    page.console_errors.clear()
    page.page.goto(_base(mode, static_site, static_http) + "index.html", wait_until="load")
    hrefs = page.page.locator(".mlearn-dashboards a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    assert sorted(hrefs) == sorted(PAGES)
    assert page.external_requests == [] and page.console_errors == []


@pytest.mark.parametrize("mode", ["file", "http"])
@pytest.mark.parametrize("name", PAGES)
def test_static_dashboard(static_site, static_http, page, artifacts_dir, mode, name):
    pw = page.page
    page.external_requests.clear()
    page.console_errors.clear()
    pw.goto(_base(mode, static_site, static_http) + name, wait_until="load")
    pw.wait_for_selector("body[data-mlearn-ready=true]", timeout=30_000)
    count = len(expected_panels(name.replace(".html", ".ipynb")))
    sizes = wait_figures(pw, count, timeout_ms=30_000)
    assert len(sizes) == count and all(s["width"] > 100 and s["height"] > 100 for s in sizes), sizes
    folder = artifacts_dir / "dashboards"
    folder.mkdir(parents=True, exist_ok=True)
    pw.screenshot(path=str(folder / f"static-{mode}-{name.replace('.html', '')}.png"), full_page=True)
    for index in range(count):
        before = figure_data(pw, index)
        link = pw.locator(".mlearn-panel").nth(index).locator("a.mlearn-download")
        csv_before = link.get_attribute("href")
        _change(pw, index)
        pw.wait_for_function(
            "([i, before]) => { const gd = document.querySelectorAll('.js-plotly-plot')[i];"
            " return JSON.stringify((gd.data || []).map(t => [t.x, t.y, t.z, t.locations, t.lat, t.lon,"
            " t.link && t.link.value])) !== before; }",
            arg=[index, before],
            timeout=10_000,
        )
        pw.wait_for_function(
            "([i, before]) => document.querySelectorAll('.mlearn-panel')[i]"
            ".querySelector('a.mlearn-download').getAttribute('href') !== before",
            arg=[index, csv_before],
            timeout=10_000,
        )
        # The CSV link holds the figure's values and the source line.
        csv_text = pw.evaluate(
            "async (i) => { const a = document.querySelectorAll('.mlearn-panel')[i]"
            ".querySelector('a.mlearn-download'); const r = await fetch(a.href); return await r.text(); }",
            index,
        )
        assert csv_text.startswith("# Source") and "serie,categorie,valeur" in csv_text
        assert len(csv_text.splitlines()) > 2
    assert page.external_requests == [], page.external_requests
    assert page.console_errors == [], page.console_errors


def _english_title(notebook: str) -> str:
    cells = nbformat.read(DASHBOARDS / notebook, as_version=4).cells
    first = next(c for c in cells if c.cell_type == "markdown").metadata["mlearn"]["en"]
    return next(line[2:].strip() for line in first.splitlines() if line.startswith("# "))


def _expected_english_titles(notebook: str) -> list[str]:
    """Title of each figure's first view, built here with the English figure views (not read from the page)."""
    titles = []
    for _kind, name, fixed, _lang in [
        b for b in static.read_dashboard(DASHBOARDS / notebook).blocks if b[0] == "panel"
    ]:
        view = panels.view(name, "en")
        state = dict(view.defaults(), **{k: v for k, v in fixed.items() if not isinstance(v, list)})
        titles.append(view.figure(**state).layout.title.text)
    return titles


@pytest.mark.parametrize("name", PAGES)
def test_static_english_page_offline(static_site, page, artifacts_dir, name):
    """From file://: English page, figures drawn with English titles, a control changes the figure, no console
    error and nothing fetched from outside; its « Français » link leads to the French twin."""
    out, _report = static_site
    pw = page.page
    page.external_requests.clear()
    page.console_errors.clear()
    notebook = name.replace(".html", ".ipynb")
    pw.goto((out / name.replace(".html", ".en.html")).as_uri(), wait_until="load")
    pw.wait_for_selector("body[data-mlearn-ready=true]", timeout=30_000)
    assert pw.locator("html").get_attribute("lang") == "en"
    assert pw.locator("h1").first.inner_text().strip() == _english_title(notebook)
    count = len(expected_panels(notebook))
    sizes = wait_figures(pw, count, timeout_ms=30_000)
    assert len(sizes) == count and all(s["width"] > 100 and s["height"] > 100 for s in sizes), sizes
    titles = pw.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => gd.layout.title.text)"
    )
    assert titles == _expected_english_titles(notebook)
    text = pw.locator("body").inner_text()
    assert "Download the data (CSV)" in text and "Sources and licences" in text and "Télécharger" not in text
    folder = artifacts_dir / "dashboards"
    folder.mkdir(parents=True, exist_ok=True)
    pw.screenshot(path=str(folder / f"static-en-{name.replace('.html', '')}.png"), full_page=True)
    before = figure_data(pw, 0)
    _change(pw, 0)
    pw.wait_for_function(
        "([i, before]) => { const gd = document.querySelectorAll('.js-plotly-plot')[i];"
        " return JSON.stringify((gd.data || []).map(t => [t.x, t.y, t.z, t.locations, t.lat, t.lon,"
        " t.link && t.link.value])) !== before; }",
        arg=[0, before],
        timeout=10_000,
    )
    assert page.external_requests == [], page.external_requests
    assert page.console_errors == [], page.console_errors
    pw.locator("a.mlearn-lang[hreflang=fr]").click()
    pw.wait_for_url(f"**/{name}")
    assert pw.locator("html").get_attribute("lang") == "fr"


def test_static_english_index_offline(static_site, page):
    out, _report = static_site
    page.external_requests.clear()
    page.console_errors.clear()
    page.page.goto((out / "index.html").as_uri(), wait_until="load")
    page.page.locator("a.mlearn-lang[hreflang=en]").click()
    page.page.wait_for_url("**/index.en.html")
    assert page.page.locator("html").get_attribute("lang") == "en"
    links = page.page.locator(".mlearn-dashboards a")
    found = [
        (links.nth(i).get_attribute("href"), links.nth(i).inner_text().strip()) for i in range(links.count())
    ]
    assert found == [
        (n.replace(".html", ".en.html"), _english_title(n.replace(".html", ".ipynb"))) for n in PAGES
    ]
    assert page.external_requests == [] and page.console_errors == []


MAP_DRAWN_JS = """() => { const gd = document.querySelectorAll('.mlearn-panel .js-plotly-plot')[0];
    const types = (gd.data || []).map(t => t.type);
    const filled = (gd.data || []).filter(t => t.type === 'choropleth' && t.visible !== false)
        .reduce((n, t) => n + ((t.locations || []).length), 0);
    return {types, filled, countries: gd.querySelectorAll('.choroplethlocation').length,
            points: gd.querySelectorAll('.scattergeo .point').length}; }"""


def test_static_diaspora_map_draws_countries_in_every_state(static_site, page):
    """Rate and share states draw a choropleth whose polygons are a layer reference (``geojson_ref``): the
    site's preload script must register that layer, or the map is silently empty."""
    out, _report = static_site
    page.external_requests.clear()
    page.console_errors.clear()
    page.page.goto((out / "diasporas.html").as_uri(), wait_until="load")
    wait_figures(page.page, len(expected_panels("diasporas.ipynb")))
    panel = page.page.locator(".mlearn-panel").nth(0)
    seen_choropleth = False
    for k in range(panel.locator("select[data-control]").count()):
        select = panel.locator("select[data-control]").nth(k)
        for value in select.locator("option").evaluate_all("os => os.map(o => o.value)"):
            select.select_option(value=value)
            page.page.wait_for_timeout(150)
            state = page.page.evaluate(MAP_DRAWN_JS)
            if state["filled"] > 20:  # a choropleth state (rates, shares): its countries are drawn
                seen_choropleth = True
                assert state["countries"] >= state["filled"] * 0.9, (k, value, state)
            else:  # counts: proportional symbols
                assert state["points"] > 0, (k, value, state)
    assert seen_choropleth, "the diaspora map has a choropleth state (per 1 000 inhabitants)"
    assert page.external_requests == [] and page.console_errors == []
