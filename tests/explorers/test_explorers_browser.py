"""Each explorer's figure rendered in a real chromium from a static offline page, with a screenshot.

Screenshots go to ``test-artifacts/explorers/<name>.png`` (to read the French labels by eye). Pages are written
with ``include_plotlyjs="directory"``; map pages through ``mlearn.geo.write_html`` (the kit's one offline topojson
setting). No request may leave the machine and the browser console must stay clean.
"""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from tests.explorers.test_explorers_shell import NAMES

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def pages(tmp_path_factory, explorer_cache):
    import mlearn.explorers as E
    from mlearn import geo

    folder = tmp_path_factory.mktemp("explorer-pages")
    out = {}
    for name in NAMES:
        exp = explorer_cache.get(name) or E.catalog()[name]()
        fig = go.Figure(exp.figure.to_dict())
        path = folder / f"{name}.html"
        if exp.view.has_map:
            geo.write_html(fig, path)
        else:
            fig.write_html(path, include_plotlyjs="directory")
        out[name] = (path, exp.view.has_map)
    return out


@pytest.fixture(scope="module")
def shared_page(chromium):
    """One offline page for the files of every explorer (same routing and console checks as ``offline_page``)."""
    from tests.conftest import OfflinePage

    page = OfflinePage(chromium)
    yield page
    page.close()


@pytest.mark.parametrize("name", NAMES)
def test_explorer_renders_offline(name, pages, shared_page, artifacts_dir):
    path, has_map = pages[name]
    offline_page = shared_page
    offline_page.external_requests.clear()
    offline_page.console_errors.clear()
    page = offline_page.page
    page.goto(path.as_uri())
    page.wait_for_selector(".main-svg", timeout=30_000)
    if has_map:
        page.wait_for_function(
            "document.querySelectorAll('.geolayer path, .geo path').length > 20", timeout=30_000
        )
    page.wait_for_timeout(300)
    # the figure's own margins hold its labels: plotly did not have to grow them and draw it a second time
    margins, drawn = page.evaluate(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " return [gd.layout.margin, gd._fullLayout._size]; }"
    )
    assert {k: drawn[k] for k in "lrtb"} == {k: margins[k] for k in "lrtb"}, (margins, drawn)
    text = page.inner_text("body")
    assert "Source" in text and "calculs M-LEARN" in text
    assert page.locator(".gtitle").count() >= 1
    shots = artifacts_dir / "explorers"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert offline_page.external_requests == []
    assert offline_page.console_errors == []
