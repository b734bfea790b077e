"""Fixtures of the dashboard tests: one real Voilà server and one static export per session, a local HTTP
server for the static site, and helpers that wait for plotly figures in a real page."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from mlearn.dashboards import server as srv
from mlearn.dashboards import static

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = ROOT / "course" / "dashboards"
NOTEBOOKS = sorted(p.name for p in DASHBOARDS.glob("*.ipynb"))

# Short culling so that the culling test can watch it; pooled kernels are never culled by Voilà. One
# preheated kernel per dashboard keeps the test server light (the packaged configuration has more).
TEST_POOL = 1
TEST_OVERRIDES = {
    "MappingKernelManager": {"cull_idle_timeout": 6, "cull_interval": 2},
    "VoilaConfiguration": {"default_pool_size": TEST_POOL},
}


def expected_panels(notebook: str) -> list[str]:
    """The figure panels a dashboard shows, read from its ``show(...)`` calls."""
    return [b[1] for b in static.read_dashboard(DASHBOARDS / notebook).blocks if b[0] == "panel"]


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    server = srv.VoilaServer(DASHBOARDS, overrides=TEST_OVERRIDES)
    try:
        server.start(timeout=240, log_to=log)
    except Exception:
        print(log.read_text(errors="replace")[-5000:] if log.exists() else "(no log)")
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def static_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("static-site")
    report = static.export_site(out)
    return out, report


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def static_http(static_site):
    out, _report = static_site
    handler = functools.partial(_QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", srv.any_free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


# -- in-page helpers ---------------------------------------------------------------------------------------
FIGURES_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
    const svg = gd.querySelector('.main-svg');
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {width: box.width, height: box.height, traces: (gd.data || []).length};
})"""

DATA_JS = """(index) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[index];
    return JSON.stringify((gd.data || []).map(t => [t.x, t.y, t.z, t.locations, t.lat, t.lon,
                                                    t.link && t.link.value]));
}"""


# Installed before a page loads (``add_init_script``): records every plotly relayout of the page's figures in
# ``window.__relayouts`` (a figure resized after its first drawing is one).
RELAYOUTS_JS = """
if (!window.__relayouts) {
  window.__relayouts = [];
  const watched = new WeakSet();
  (function watch() {
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
      if (gd.on && !watched.has(gd)) {
        watched.add(gd);
        gd.on('plotly_relayout', (e) => window.__relayouts.push(JSON.stringify(e)));
      }
    }
    requestAnimationFrame(watch);
  })();
}
"""


def wait_figures(page, count: int, timeout_ms: int = 60_000) -> list[dict]:
    """Wait until ``count`` plotly figures are drawn with a visible SVG (on the kit's pages, live or static:
    their first drawing marked complete); return their sizes."""
    page.wait_for_function(
        """(n) => { const gds = document.querySelectorAll('.js-plotly-plot');
                   if (gds.length < n) return false;
                   return Array.from(gds).every(gd => {
                       if (gd.classList.contains('mlearn-figure') && gd.dataset.mlearnDrawn !== 'true') return false;
                       const s = gd.querySelector('.main-svg');
                       if (!s) return false; const b = s.getBoundingClientRect();
                       return b.width > 0 && b.height > 0 && (gd.data || []).length > 0; }); }""",
        arg=count,
        timeout=timeout_ms,
    )
    return page.evaluate(FIGURES_JS)


def figure_data(page, index: int) -> str:
    return page.evaluate(DATA_JS, index)


def dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1)
