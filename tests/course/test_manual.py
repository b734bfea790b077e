"""``mlearn manual build``: the offline site and the PDF, checked in a real browser with the network blocked."""

from __future__ import annotations

import functools
import html as html_lib
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from mlearn.manual.static import figure_html

pytestmark = pytest.mark.slow

EXPECTED_PAGES = 13  # home, ten modules, glossary, datasets


def _local_refs(text: str) -> list[str]:
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    return [html_lib.unescape(r) for r in re.findall(r'(?:href|src)="([^"]+)"', text)]


def test_site_pages_assets_and_no_cdn(manual_site):
    out = manual_site.out
    assert len(manual_site.pages) == EXPECTED_PAGES
    assert (
        (out / "index.html").exists()
        and (out / "glossaire.html").exists()
        and (out / "donnees.html").exists()
    )
    assert (out / "assets" / "plotly.min.js").stat().st_size > 3_000_000
    assert (out / "assets" / "topojson" / "world_110m.json").exists()
    assert len(list(out.rglob("plotly*.js"))) == 1, "plotly.js is shipped once"
    for page in manual_site.pages:
        text = page.html_path.read_text(encoding="utf-8")
        refs = _local_refs(text)
        assert not [r for r in refs if re.match(r"(https?:)?//", r)], f"{page.href} references the network"
        assert "require.js" not in text and "mathjax" not in text.lower()
        assert "application/vnd.jupyter.widget-view+json" not in text


def test_internal_links_resolve(manual_site):
    out = manual_site.out
    ids = {}
    for path in out.glob("*.html"):
        ids[path.name] = {unquote(i) for i in re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))}
    checked = 0
    for path in out.glob("*.html"):
        for ref in _local_refs(path.read_text(encoding="utf-8")):
            if ref.startswith(("mailto:", "javascript:")):
                continue
            target, _, anchor = ref.partition("#")
            target = target or path.name
            assert (out / unquote(target)).exists(), f"{path.name}: broken link {ref}"
            if anchor and target.endswith(".html"):
                assert unquote(anchor) in ids[target], f"{path.name}: missing anchor {ref}"
            checked += 1
    assert checked > 100
    assert 'href="01-pourquoi-les-donnees-comptent.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_datasets_page_lists_licences(manual_site):
    from mlearn import data

    text = (manual_site.out / "donnees.html").read_text(encoding="utf-8")
    for name in data.names():
        meta = data.describe(name)
        assert f"<code>{name}</code>" in text
        licence = meta.get("licence_name") or meta.get("licence")
        if licence:
            assert html_lib.escape(str(licence)) in text


def test_pdf_has_pages(manual_site):
    pdf = manual_site.pdf
    assert pdf and pdf.exists()
    blob = pdf.read_bytes()
    assert blob.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", blob))
    assert pages >= 40, pages


@pytest.fixture(scope="module")
def served_site(manual_site):
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(manual_site.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_pages_load_offline_with_figures_drawn(served_site, manual_site, offline_page, artifacts_dir):
    page = offline_page.page
    drawn = 0
    for item in manual_site.pages:
        page.goto(f"{served_site}/{item.href}", wait_until="load")
        graphs = page.locator(".plotly-graph-div")
        expected = graphs.count()
        if expected:
            page.wait_for_function(
                "n => document.querySelectorAll('.plotly-graph-div .main-svg').length >= n",
                arg=expected,
                timeout=30_000,
            )
            drawn += expected
        if item.href == "04-stocks-et-corridors.html":
            geo = page.locator("[data-explorer=diaspora_map] .geo path")
            assert geo.count() > 50, "the world base map (local topojson) was not drawn"
            page.screenshot(path=str(artifacts_dir / "manual-module04.png"))
    assert drawn >= 10
    assert offline_page.external_requests == []
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_search_finds_sections_offline(served_site, offline_page):
    page = offline_page.page
    page.goto(f"{served_site}/index.html", wait_until="load")
    page.fill("#mlearn-search-input", "solde migratoire")
    results = page.locator("#mlearn-search-results li a")
    results.first.wait_for(timeout=5_000)
    assert results.count() >= 2
    href = results.first.get_attribute("href")
    page.click("#mlearn-search-results li a >> nth=0")
    page.wait_for_load_state("load")
    assert urlparse(page.url).path.endswith(href.partition("#")[0])
    page.fill("#mlearn-search-input", "migrations reseau")  # accents folded: « réseau »
    page.fill("#mlearn-search-input", "zzzzqq")
    assert "Aucun résultat" in page.locator("#mlearn-search-results").inner_text()
    assert offline_page.external_requests == [] and offline_page.console_errors == []


def test_static_figure_html_has_no_plotlyjs_and_local_topojson():
    import plotly.graph_objects as go

    out = figure_html(go.Figure(go.Bar(x=["a"], y=[1])))
    assert "Plotly.newPlot" in out and "<script src" not in out
    assert '"topojsonURL": "assets/topojson/"' in out and "cdn" not in out.lower()


def test_cli_refuses_to_overwrite_a_foreign_folder(tmp_path):
    foreign = tmp_path / "mes-notes"
    foreign.mkdir()
    (foreign / "important.txt").write_text("à garder")
    proc = subprocess.run(
        [sys.executable, "-m", "mlearn.cli", "manual", "build", "--out", str(foreign), "--no-pdf"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "ne contient pas un manuel" in proc.stderr and "Traceback" not in proc.stderr
    assert (foreign / "important.txt").read_text() == "à garder"
    assert Path(foreign).exists()
