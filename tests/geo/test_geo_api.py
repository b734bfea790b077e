"""The public API of ``mlearn.geo``: layers from ``data/geo``, joins with the migrant stocks (trap T13),
unmappable destinations, the Western Sahara overlay, the offline config, errors and caching."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely

import mlearn.geo as geo
from mlearn.errors import DataError
from mlearn.geo.offline import preloaded_assets

from .geo_helpers import destinations_2024, stock_2024_by_destination

ROOT = Path(__file__).resolve().parents[2]
RAW = Path(os.environ.get("MLEARN_RAW", ROOT.parent / "shared" / "data-raw"))
OPTIONAL_RAW = RAW if RAW.is_dir() else None


def test_countries_columns_and_keys():
    for resolution in ("50m", "110m"):
        gdf = geo.countries(resolution)
        assert list(gdf.columns) == ["iso3", "name_fr", "name_en", "geometry"]
        assert gdf["iso3"].is_unique and gdf["iso3"].str.fullmatch(r"[A-Z]{3}").all()
        assert gdf.crs.to_epsg() == 4326
    names = geo.countries().set_index("iso3")["name_fr"]
    assert names["MAR"] == "Maroc" and names["ESH"] == "Sahara occidental" and names["NOR"] == "Norvège"


def test_t13_iso_a3_eh_join_maps_moroccan_born_in_france_and_norway():
    """Curriculum T13: MAR-born mapped in 2024 = 3 626 814 via ISO_A3_EH (the rest has no polygon)."""
    by_dest = stock_2024_by_destination(OPTIONAL_RAW, "MAR")
    mapped = by_dest[by_dest.index.isin(set(geo.countries()["iso3"]))]
    assert int(mapped.sum()) == 3_626_814
    assert int(by_dest.sum()) - int(mapped.sum()) == int(by_dest[by_dest.index.isin(geo.unmappable())].sum())
    assert mapped["FRA"] > 1_000_000 and mapped["NOR"] > 0


@pytest.mark.raw
def test_t13_iso_a3_join_would_lose_them(raw_dir):
    import geopandas as gpd

    raw = gpd.read_file(raw_dir / "boundaries/ne_50m_admin_0_countries.geojson")
    by_dest = stock_2024_by_destination(raw_dir, "MAR")
    assert int(by_dest[by_dest.index.isin(set(raw["ISO_A3"]))].sum()) == 2_553_792


def test_unmappable_destinations_match_the_data():
    destinations = destinations_2024(OPTIONAL_RAW)
    missing = destinations - set(geo.countries()["iso3"])
    assert missing == set(geo.UNMAPPABLE) == set(geo.unmappable())
    assert geo.unmappable(["FRA", "gib", "REU", "MAR"]) == ["GIB", "REU"]
    note = geo.unmappable_footnote(["FRA", "GIB"])
    assert note == "Absents de la carte (pas de polygone) : Gibraltar (GIB)."
    assert geo.unmappable_footnote(["FRA"]) == ""


def test_geojson_ids_and_filter():
    fc = geo.geojson()
    ids = [f["id"] for f in fc["features"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == len(geo.countries())
    sub = geo.geojson("110m", iso3=["mar", "ESH", "FRA", "GIB"])
    assert sorted(f["id"] for f in sub["features"]) == ["ESH", "FRA", "MAR"]
    assert {f["properties"]["iso3"] for f in sub["features"]} == {"ESH", "FRA", "MAR"}
    assert [f["id"] for f in geo.geojson(iso3="TUN")["features"]] == ["TUN"]


def test_results_are_copies_not_the_cache():
    gdf = geo.countries()
    gdf.loc[gdf["iso3"] == "MAR", "name_fr"] = "changed"
    gdf.drop(index=gdf.index[:10], inplace=True)
    again = geo.countries()
    assert len(again) == 240 and again.set_index("iso3").loc["MAR", "name_fr"] == "Maroc"
    fc = geo.geojson()
    fc["features"].clear()
    assert geo.geojson()["features"]


def test_bad_input_messages_are_french_first():
    with pytest.raises(ValueError, match=r"^Pas de carte des régions .*'LBY'.*DZA, EGY, MAR, TUN"):
        geo.admin1("LBY")
    with pytest.raises(ValueError, match=r"^Résolution inconnue : '10m'"):
        geo.countries("10m")
    with pytest.raises(ValueError, match="Cadre de carte inconnu"):
        geo.geo_layout("mars")


def test_missing_data_folder_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MLEARN_DATA_DIR", str(tmp_path))
    with pytest.raises(DataError, match="Couche cartographique absente.*mlearn data build"):
        geo.countries()
    with pytest.raises(DataError):
        geo.topojson_path()


def test_western_sahara_overlay_and_note():
    esh = geo.western_sahara_shape()
    assert esh.equals_exact(geo.countries().set_index("iso3").loc["ESH", "geometry"], 1e-9)
    hatch, outline, label = geo.western_sahara_traces()
    assert outline.line.dash == "dash" and label.text == ("<i>Sahara occidental</i>",)
    assert geo.western_sahara_traces(lang="en")[2].text == ("<i>Western Sahara</i>",)
    segments = []
    current = []
    for lon, lat in zip(hatch.lon, hatch.lat, strict=True):
        if lon is None:
            segments.append(shapely.LineString(current))
            current = []
        else:
            current.append((lon, lat))
    assert len(segments) >= 8  # diagonals 0.6° apart over ~7° of latitude
    grown = esh.buffer(0.01)
    assert all(grown.contains(s) for s in segments)  # hatching never spills onto Morocco or Mauritania
    import plotly.graph_objects as go

    fig = geo.add_western_sahara(go.Figure(go.Choropleth()))
    assert len(fig.data) == 4
    assert fig.layout.annotations[0].text.replace("<br>", " ") == geo.WESTERN_SAHARA_NOTE_FR
    assert geo.western_sahara_note("en") == geo.WESTERN_SAHARA_NOTE_EN
    outline_only = geo.western_sahara_traces(hatch=False, label=False)
    assert [t.name for t in outline_only] == ["esh-outline"]
    assert "ne valent ni reconnaissance ni prise de position" in geo.WESTERN_SAHARA_NOTE_FR


def test_geo_layout_frames():
    layout = geo.geo_layout("north_africa_europe")
    assert layout["projection"]["type"] == "azimuthal equal area"
    assert layout["lonaxis"]["range"] == [-25, 45] and layout["resolution"] == 110
    assert geo.geo_layout("world")["projection"]["type"] == "natural earth"
    import plotly.graph_objects as go

    go.Figure().update_geos(**layout)  # accepted by plotly's validators


def test_offline_config_single_setting(monkeypatch):
    monkeypatch.delenv("MLEARN_TOPOJSON_URL", raising=False)
    assert geo.plotly_config() == {"topojsonURL": "topojson/"}
    monkeypatch.setenv("MLEARN_TOPOJSON_URL", "/voila/files/topojson")
    assert geo.plotly_config(displaylogo=False) == {
        "topojsonURL": "/voila/files/topojson/",
        "displaylogo": False,
    }
    topo = json.loads(geo.topojson_path().read_text(encoding="utf-8"))
    script = geo.preload_script()
    assert script.startswith("{const g=globalThis;")
    assets = preloaded_assets(script)
    assert list(assets) == ["topojson/world_110m"] and json.loads(assets["topojson/world_110m"]) == topo


@pytest.mark.slow
def test_offline_widget_carries_the_topojson(monkeypatch):
    import plotly.graph_objects as go

    monkeypatch.setenv("MLEARN_TOPOJSON_URL", "/voila/files/topojson/")
    fig = go.Figure(go.Choropleth(geojson=geo.geojson(iso3="MAR"), locations=["MAR"], z=[1]))
    widget = geo.offline_widget(fig)
    assert isinstance(widget, go.FigureWidget) and isinstance(widget, geo.OfflineFigureWidget)
    assert widget._esm.startswith(geo.preload_script())
    assert widget._config["topojsonURL"] == "/voila/files/topojson/"
    assert widget.data[0].locations == ("MAR",)
    assert geo.make_offline(widget) is widget
    plain = go.FigureWidget(fig)
    converted = geo.make_offline(plain)
    assert converted is not plain and isinstance(converted, geo.OfflineFigureWidget)
    assert geo.make_offline(fig) is fig
    with widget.batch_update():  # still an ordinary FigureWidget for the explorers
        widget.data[0].z = [2]
    assert widget.data[0].z == (2,)


def test_import_mlearn_geo_is_cheap():
    code = (
        "import sys, mlearn.geo as g; g.WESTERN_SAHARA_NOTE_FR; g.UNMAPPABLE;"
        "heavy = [m for m in ('geopandas', 'plotly', 'shapely', 'pandas') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_geojson_references_keep_polygons_out_of_the_figure(tmp_path):
    import plotly.graph_objects as go

    ref = geo.geojson_ref("50m")
    assert ref == "mlearn-geo:countries_50m" and geo.geojson_ref("admin1_mar") == "mlearn-geo:admin1_mar"
    assert geo.geojson_by_ref(ref) == geo.geojson("50m")
    with pytest.raises(ValueError, match="^Couche inconnue"):
        geo.geojson_ref("admin1_lby")
    fig = go.Figure(go.Choropleth(geojson=ref, locations=["MAR", "FRA"], z=[1, 2], featureidkey="id"))
    assert geo.geojson_refs_in(fig) == (ref,)
    widget = geo.offline_widget(fig, layers=[geo.geojson_ref("110m")])
    assert type(widget).__name__ == "OfflineFigureWidget_countries_110m_countries_50m"
    assert isinstance(widget, geo.OfflineFigureWidget) and widget.data[0].geojson == ref
    preload = preloaded_assets(widget._esm.split("var ", 1)[0])
    assert sorted(preload) == ["mlearn-geo:countries_110m", ref, "topojson/world_110m"]
    assert json.loads(preload[ref]) == geo.geojson("50m")
    assert len(json.dumps(widget.get_state()["_widget_data"])) < 5_000  # a string, not 0.8 MB of polygons
    # A plain Figure gets the polygons back (static pages carry their data inline).
    same = geo.make_offline(fig)
    assert same is fig and fig.data[0].geojson["features"][0]["id"] == "ABW"
    page = geo.write_html(
        go.Figure(go.Choropleth(geojson=ref, locations=["MAR"], z=[1], featureidkey="id")),
        tmp_path / "p.html",
    )
    assert "mlearn-geo:" not in page.read_text(encoding="utf-8")


def test_world_layer_is_110m_plus_the_small_states_of_50m():
    """The light layer of world maps: 110m polygons where 110m has the country, 50m ones for the others."""
    import shapely.geometry as sg

    coarse = {f["id"]: f for f in geo.geojson("110m")["features"]}
    fine = {f["id"]: f for f in geo.geojson("50m")["features"]}
    world = {f["id"]: f for f in geo.geojson("world")["features"]}
    assert set(world) == set(coarse) | set(fine)
    for code in ("MLT", "BHR", "SGP", "AND", "MDV"):  # absent from 110m, present on the map
        assert code not in coarse and world[code] == fine[code]
    assert all(world[c] == f for c, f in coarse.items())
    assert "LUX" in coarse and world["LUX"] == coarse["LUX"]
    # Western Sahara convention kept: ESH drawn apart, Morocco stops at 27°40′ N
    assert sg.shape(world["MAR"]["geometry"]).bounds[1] >= geo.WESTERN_SAHARA_NORTH_LAT - 0.02
    assert sg.shape(world["ESH"]["geometry"]).bounds[3] == pytest.approx(
        geo.WESTERN_SAHARA_NORTH_LAT, abs=0.02
    )
    # a quarter of the 50m layer: what the browser redraws on each control change
    ref = geo.geojson_ref("world")
    assert ref == "mlearn-geo:countries_world"
    text = geo.geojson_ref_text(ref)
    assert len(text) < 0.35 * len(geo.geojson_ref_text(geo.geojson_ref("50m")))
    assert geo.geojson_by_ref(ref) == geo.geojson("world")
    assert set(geo.countries("world")["iso3"]) == set(world)
    assert geo.unmappable(["MLT", "GIB", "FRA"], resolution="world") == ["GIB"]
    with pytest.raises(ValueError, match="^Résolution inconnue.*world"):
        geo.geojson("10m")
