"""The live panel of a dashboard (kernel side): the CSV link holds the values shown, checked against the data
with pandas; the FR/EN switch rebuilds the explorer in English; nothing is written to disk."""

from __future__ import annotations

import base64
import csv
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
    title_fr = panel.explorer.figure.layout.title.text
    assert "Sources et licences" in panel.footer.value
    panel.language.value = "en"
    assert panel.explorer.lang == "en"
    assert panel.explorer.figure.layout.title.text != title_fr
    assert "People born" in panel.explorer.figure.layout.title.text
    assert "Sources and licences" in panel.footer.value
    assert "Download the data (CSV)" in panel.download.value
    assert panel.body.children == (panel.explorer.widget,)
