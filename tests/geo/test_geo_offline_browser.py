"""Maps render with no network, in a real chromium: a static page written by ``mlearn.geo.write_html`` (served
by a localhost http.server, and opened from ``file://``), a negative control (plotly's default page tries the
CDN and draws nothing), and an offline FigureWidget in a real Voilà server."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

import mlearn.geo as geo

CHORO = "path.choroplethlocation"


def _map_figure(iso3=None):
    import plotly.graph_objects as go

    fc = geo.geojson(iso3=iso3)
    codes = [f["id"] for f in fc["features"] if f["id"] != "ESH"]  # ESH not reported: hatched, never filled
    fig = go.Figure(
        go.Choropleth(
            geojson=fc, locations=codes, z=list(range(len(codes))), featureidkey="id", colorscale="Blues"
        )
    )
    fig.update_geos(**geo.geo_layout("world"))
    geo.add_western_sahara(fig, note=False)
    fig.update_layout(width=1100, height=600, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig, len(codes)


@pytest.fixture(scope="module")
def static_site(tmp_path_factory):
    """Two pages in one folder: ours (offline) and plotly's default (negative control)."""
    folder = tmp_path_factory.mktemp("static-map")
    fig, n = _map_figure()
    geo.write_html(fig, folder / "map.html")
    fig.write_html(folder / "default.html", include_plotlyjs="directory")  # no topojson config at all
    import plotly.graph_objects as go

    iso = go.Figure(
        go.Choropleth(locations=["MAR", "ESH", "FRA", "NOR", "XKX"], z=[1, 2, 3, 4, 5])
    )  # no geojson
    iso.update_geos(**geo.geo_layout("north_africa_europe"))
    geo.write_html(iso, folder / "iso3.html")
    return folder, n


@pytest.fixture(scope="module")
def http_root(static_site):
    folder, _ = static_site
    server = _serve(folder)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _drawn_map(page, expected: int) -> dict:
    page.wait_for_function(f"document.querySelectorAll('{CHORO}').length >= {expected}", timeout=20_000)
    return page.evaluate(
        """() => {
            const box = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
            const locs = {};
            document.querySelectorAll('path.choroplethlocation').forEach(e => { locs[e.__data__.loc] = box(e); });
            const layer = n => document.querySelector('.geolayer .layer.' + n + ' path');
            return {locs, frame: box(document.querySelector('.geolayer .layer.bg rect')),
                    land: (layer('land').getAttribute('d') || '').length,
                    ocean: (layer('ocean').getAttribute('d') || '').length};
        }"""
    )


def _assert_map_ok(state: dict, offline_page, expected: int):
    assert offline_page.external_requests == []
    assert offline_page.console_errors == []
    assert len(state["locs"]) == expected > 50
    # Polygons wound the way d3-geo wants: no country covers the whole frame.
    frame_w, frame_h = state["frame"]
    mar_w, mar_h = state["locs"]["MAR"]
    assert 0 < mar_w < 0.1 * frame_w and 0 < mar_h < 0.1 * frame_h
    # The base layers come from our topojson (they are empty if plotly got no topojson).
    assert state["land"] > 1000 and state["ocean"] > 1000


@pytest.mark.slow
@pytest.mark.browser
def test_static_page_over_localhost_is_offline(offline_page, http_root, static_site, artifacts_dir):
    _, n = static_site
    offline_page.page.goto(f"{http_root}/map.html")
    state = _drawn_map(offline_page.page, n)
    _assert_map_ok(state, offline_page, n)
    offline_page.page.screenshot(path=str(artifacts_dir / "geo-static-map.png"))


@pytest.mark.slow
@pytest.mark.browser
def test_static_page_from_file_url_is_offline(offline_page, static_site):
    folder, n = static_site
    offline_page.page.goto((folder / "map.html").as_uri())
    _assert_map_ok(_drawn_map(offline_page.page, n), offline_page, n)


@pytest.mark.slow
@pytest.mark.browser
def test_locationmode_iso3_uses_our_topojson(offline_page, http_root):
    """Without any GeoJSON, plotly's ISO-3 mode draws from our topojson's ``countries`` (ids = ISO3), with
    the course convention (ESH is its own polygon, XKX is Kosovo)."""
    offline_page.page.goto(f"{http_root}/iso3.html")
    state = _drawn_map(offline_page.page, 5)
    assert sorted(state["locs"]) == ["ESH", "FRA", "MAR", "NOR", "XKX"]
    assert offline_page.external_requests == [] and offline_page.console_errors == []


@pytest.mark.slow
@pytest.mark.browser
def test_negative_control_default_plotly_page_needs_the_cdn(offline_page, http_root):
    """Without our setting, plotly.js asks its CDN for the topojson and the map never appears."""
    offline_page.page.goto(f"{http_root}/default.html")
    offline_page.page.wait_for_timeout(2500)
    assert any("cdn.plot.ly" in url and "world_110m.json" in url for url in offline_page.external_requests)
    assert offline_page.page.locator(CHORO).count() == 0


@pytest.mark.slow
@pytest.mark.browser
def test_preload_parses_each_asset_on_first_read_only(offline_page):
    """The preload keeps each layer as JSON text until plotly.js reads it: nothing is built before, the first
    read parses it once (the same object afterwards), a write (plotly caching a fetched file) replaces it, and
    a second preload does not overwrite what the page already holds."""
    ref = geo.geojson_ref("world")
    script = geo.preload_script([ref])
    page = offline_page.page
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=script)
    state = page.evaluate(
        """(ref) => {
        const A = window.PlotlyGeoAssets, d = Object.getOwnPropertyDescriptor(A.topojson, 'world_110m');
        const before = typeof d.get === 'function' && !('value' in d);
        const keys = [Object.keys(A.topojson), Object.keys(A).filter((k) => k !== 'topojson')];
        const first = A.topojson.world_110m, again = A.topojson.world_110m;
        const after = 'value' in Object.getOwnPropertyDescriptor(A.topojson, 'world_110m');
        A[ref] = {type: 'FeatureCollection', features: []};
        return {before, after, keys, same: first === again, type: first.type,
                objects: Object.keys(first.objects), replaced: A[ref].features.length};
    }""",
        ref,
    )
    topo = json.loads(geo.topojson_path().read_text(encoding="utf-8"))
    assert state["before"] and state["after"] and state["same"]
    assert state["keys"] == [["world_110m"], [ref]]
    assert state["type"] == topo["type"] and state["objects"] == list(topo["objects"])
    assert state["replaced"] == 0
    page.add_script_tag(content=script)  # a second module on the page registers again: keeps the page's own
    assert page.evaluate("(ref) => window.PlotlyGeoAssets[ref].features.length", ref) == 0
    assert offline_page.console_errors == []


def test_widget_module_preloads_assets_without_any_url(offline_page, tmp_path):
    """What the offline FigureWidget relies on, in chromium: its front-end module (preload + plotly's widget
    bundle) is a valid ES module that registers the topojson and the referenced GeoJSON layer, after which
    plotly.js draws a map whose trace holds only a reference, with plotly's default config (CDN URL) and
    no request at all."""
    import plotly.graph_objects as go

    ref = geo.geojson_ref("50m")
    codes = [c for c in geo.countries()["iso3"] if c != "ESH"]
    widget = geo.offline_widget(
        go.Figure(go.Choropleth(geojson=ref, locations=codes, z=list(range(len(codes)))))
    )
    (tmp_path / "widget.js").write_text(widget._esm, encoding="utf-8")
    spec = {"data": [t.to_plotly_json() for t in widget.data], "layout": {"width": 900, "height": 500}}
    (tmp_path / "fig.json").write_text(json.dumps(spec), encoding="utf-8")
    import plotly

    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", tmp_path / "plotly.min.js")
    (tmp_path / "index.html").write_text(
        """<!doctype html><html><head><meta charset="utf-8"></head><body><div id="map"></div>
<script src="plotly.min.js"></script>
<script type="module">
  const mod = await import("./widget.js");
  window.moduleLoaded = typeof mod.default;
  const spec = await (await fetch("fig.json")).json();
  await Plotly.newPlot("map", spec.data, spec.layout);  // default config: topojsonURL is plotly's CDN
  window.drawn = true;
</script></body></html>""",
        encoding="utf-8",
    )
    server = _serve(tmp_path)
    try:
        page = offline_page.page
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        page.wait_for_function("window.drawn === true", timeout=30_000)
        assert page.evaluate("window.moduleLoaded") in ("function", "object")  # anywidget's default export
        assert page.evaluate("Object.keys(window.PlotlyGeoAssets.topojson)") == ["world_110m"]
        assert page.locator(CHORO).count() == len(codes)
        assert offline_page.external_requests == [] and offline_page.console_errors == []
        requested = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
        assert not [u for u in requested if "world_110m" in u or "mlearn-geo" in u]
    finally:
        server.shutdown()
        server.server_close()


def _free_port(start=9100, stop=9120) -> int:
    for port in range(start, stop):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 9100-9119")


NOTEBOOK_CODE = """
import plotly.graph_objects as go
import mlearn.geo as geo
codes = [c for c in geo.countries("110m")["iso3"] if c != "ESH"]
fig = go.Figure(go.Choropleth(geojson=geo.geojson_ref("110m"), locations=codes, z=list(range(len(codes))),
                              featureidkey="id"))
fig.update_geos(**geo.geo_layout("world"))
geo.add_western_sahara(fig, note=False)
widget = geo.offline_widget(fig)
widget
"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(
    os.environ.get("MLEARN_TEST_VOILA") != "1",
    reason="set MLEARN_TEST_VOILA=1: starts a Voilà server (3–4 min under a load of 12–17 here); the "
    "dashboards' own Voilà tests cover this path, test_widget_module_preloads_assets_without_any_url the mechanism",
)
def test_offline_figure_widget_in_voila(offline_page, tmp_path, project_root, artifacts_dir):
    """The FigureWidget path: a real Voilà server, no topojson request anywhere, the map drawn."""
    voila = Path(sys.executable).with_name("voila")
    if not voila.exists():
        pytest.skip("voila is not installed in this environment")
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(NOTEBOOK_CODE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (tmp_path / "map.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "MLEARN_DATA_DIR": str(project_root / "data")}
    env.pop("MLEARN_TOPOJSON_URL", None)
    proc = subprocess.Popen(
        [
            str(voila),
            "map.ipynb",
            f"--port={port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            "--show_tracebacks=True",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url + "api/status", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("voila exited: " + proc.stderr.read().decode(errors="replace")[-2000:])
                time.sleep(0.3)
        page = offline_page.page
        page.goto(url, timeout=60_000)
        n = len(geo.geojson("110m")["features"]) - 1
        try:
            page.wait_for_function(f"document.querySelectorAll('{CHORO}').length >= {n}", timeout=90_000)
        except Exception:
            page.screenshot(path=str(artifacts_dir / "geo-voila-widget-failure.png"))
            pytest.fail(f"map not drawn in Voilà; page says: {page.inner_text('body')[:300]!r}")
        page.screenshot(path=str(artifacts_dir / "geo-voila-widget.png"))
        # No topojson request at all, local or external: it travelled inside the widget's module.
        requested = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
        assert not [
            u for u in requested + offline_page.external_requests if "world_110m" in u or "cdn.plot.ly" in u
        ]
        # Voilà's own lab template may ask a CDN for its icon font (the dashboards' template removes it);
        # nothing else may leave the machine.
        assert [
            u for u in offline_page.external_requests if "font-awesome" not in u and "fontawesome" not in u
        ] == []
        assert page.locator(CHORO).count() >= n
        assert page.locator(".geolayer .layer.land path").get_attribute("d")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_write_html_layout(tmp_path):
    """The page and its assets: plotly.min.js and topojson/ beside it, preload script in <head>."""
    fig, _ = _map_figure(iso3=["MAR", "ESH", "TUN"])
    page = geo.write_html(fig, tmp_path / "sub" / "p.html")
    html = page.read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    assert '<script src="topojson/world_110m.js"></script>' in head
    assert '"topojsonURL": "topojson/"' in html and "cdn.plot.ly" not in html.replace(
        "https://cdn.plot.ly/un/", ""
    )
    assert (tmp_path / "sub/plotly.min.js").stat().st_size > 3_000_000
    copied = json.loads((tmp_path / "sub/topojson/world_110m.json").read_text(encoding="utf-8"))
    assert copied == json.loads(geo.topojson_path().read_text(encoding="utf-8"))
    assert (tmp_path / "sub/topojson/world_110m.js").read_text(encoding="utf-8") == geo.preload_script()
    assert geo.add_preload_tag(html) == html  # idempotent
    shutil.rmtree(tmp_path / "sub")
