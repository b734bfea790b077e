"""The live panel of a dashboard (kernel side): the CSV link holds the values shown, checked against the data
with pandas; the FR/EN switch rebuilds the explorer in English; nothing is written to disk."""

from __future__ import annotations

import base64
import csv
import html
import io
import re

import pytest

from mlearn import data
from mlearn.dashboards.live import LivePanel

pytestmark = pytest.mark.slow


def _csv_of(panel) -> list[list[str]]:
    href = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', panel.download.value).group(1)
    text = base64.b64decode(href).decode("utf-8")
    assert text.startswith("# Source\u202f: Nations Unies")  # French typography: narrow no-break space
    return list(csv.reader(io.StringIO(text.split("\n", 1)[1])))


def test_csv_link_follows_the_controls_and_matches_the_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    panel = LivePanel("corridors")
    stock = data.load("migrant_stock")

    def expected(origin: str, sex: str) -> list[int]:
        rows = stock[(stock.origin_iso3 == origin) & (stock.year == 2024) & (stock.sex == sex)]
        rows = rows[rows.destination_iso3 != origin]
        return [int(v) for v in rows.groupby("destination_iso3").migrants.sum().nlargest(10)]

    rows = _csv_of(panel)
    assert rows[0] == ["serie", "categorie", "valeur", "latitude", "longitude"]
    counts = [int(r[2]) for r in rows[1:11]]
    assert counts == expected("MAR", "total")
    assert rows[1][1] == "Espagne" and counts[0] == 1_088_408  # curriculum §4, verified figure
    panel.explorer.controls["pays"].value = "DZA"
    counts = [int(r[2]) for r in _csv_of(panel)[1:11]]
    assert counts == expected("DZA", "total")
    assert list(tmp_path.iterdir()) == []  # no user input stored, nothing written


def test_language_switch_rebuilds_the_panel_in_english():
    panel = LivePanel("corridors")
    old = panel.explorer
    title_fr = panel.explorer.figure.layout.title.text
    assert "Sources et licences" in panel.footer.value
    panel.language.value = "en"
    assert panel.explorer.lang == "en"
    assert panel.explorer.figure.layout.title.text != title_fr
    assert "People born" in panel.explorer.figure.layout.title.text
    assert "Sources and licences" in panel.footer.value
    assert "Download the data (CSV)" in panel.download.value
    assert panel.body.children == (panel.explorer.widget,)
    # the replaced explorer is closed, down to its figure and controls (no widget left behind per switch)
    assert old.figure.comm is None and all(c.comm is None for c in old.controls.values())
    assert panel.explorer.figure.comm is not None


def test_sources_block_gives_each_licence_in_the_page_language(project_root):
    import json

    from mlearn.dashboards import panels

    package = json.loads((project_root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    names = [
        "migrant_stock",
        "border_detections",
        "missing_migrants",
        "remittance_matrix_knomad",
        "countries",
    ]
    french, english = panels.sources_html(names, "fr"), panels.sources_html(names, "en")
    for name in names:
        licence = resources[name]["licenses"][0]
        link = f'<a href="{licence["path"]}" rel="license">'
        assert link + html.escape(licence["title"]) + "</a>" in french, name
        assert link + html.escape(licence["title_en"]) + "</a>" in english, name
    for french_only in ("Domaine public", "à confirmer", "avant publication", "Banque mondiale"):
        assert french_only not in english


def test_served_dashboards_send_the_module_url_from_the_first_message(monkeypatch):
    """In a dashboard kernel (``mlearn dashboards serve`` sets the variable) a FigureWidget's opening message
    names the served module; it must not carry plotly's ~5 MB bundle first, also when a panel is rebuilt."""
    import comm

    from mlearn.dashboards.server import WIDGET_ESM_ENV
    from mlearn.geo.offline import use_served_module

    url = "http://127.0.0.1:1/voila/templates/mlearn/static/plotly-widget-test.js"
    opened: list[tuple[str, int]] = []
    create = comm.create_comm

    def recording_create_comm(*args, **kwargs):
        state = (kwargs.get("data") or {}).get("state", {})
        if "_esm" in state:
            opened.append((state.get("_anywidget_id", ""), state["_esm"]))
        return create(*args, **kwargs)

    monkeypatch.setattr(comm, "create_comm", recording_create_comm)
    monkeypatch.setenv(WIDGET_ESM_ENV, url)
    try:
        for name in ("diaspora_map", "corridors"):
            panel = LivePanel(name)
            panel.language.value = "en"  # the rebuild opens new widgets
    finally:
        use_served_module(None)
        monkeypatch.setattr(comm, "create_comm", create)
    ids = [widget_id for widget_id, _ in opened]
    assert len(opened) == 4 and any("OfflineFigureWidget" in i for i in ids) and "FigureWidget" in ids[-1]
    assert [module for _, module in opened] == [url] * 4, [(i, m[:60]) for i, m in opened]
    monkeypatch.delenv(WIDGET_ESM_ENV)
    plain = LivePanel("corridors")  # without the variable: the widget carries plotly's bundle, as in Lab
    assert len(plain.explorer.figure._esm) > 1_000_000
