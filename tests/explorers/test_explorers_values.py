"""Every explorer: change each control through its widget value (as a click would) and compare the figure's
trace values with values computed here, directly from ``mlearn.data`` with pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlearn import data
from mlearn.geo.offline import preloaded_assets

SIX = ["MAR", "TUN", "DZA", "EGY", "LBY", "MRT"]


def names_fr(codes):
    c = data.load("countries").set_index("iso3")["name_fr"]
    special = {
        "MAR": "Maroc",
        "TUN": "Tunisie",
        "DZA": "Algérie",
        "EGY": "Égypte",
        "LBY": "Libye",
        "MRT": "Mauritanie",
    }
    return [special.get(x, c.get(x, x)) for x in codes]


@pytest.fixture(scope="module")
def stock():
    return data.load("migrant_stock")


def test_corridors(make_explorer, stock):
    e = make_explorer("corridors")
    fig = e.figure
    e.controls["pays"].value = "DZA"
    e.controls["annee"].value = 2020
    e.controls["sexe"].value = "female"
    e.controls["top_n"].value = 5
    s = stock[(stock.origin_iso3 == "DZA") & (stock.year == 2020) & (stock.destination_iso3 != "DZA")]
    fem = s[s.sex == "female"].set_index("destination_iso3").migrants
    male = s[s.sex == "male"].set_index("destination_iso3").migrants
    top = fem.sort_values(ascending=False, kind="stable").head(5)
    assert list(fig.data[0].x) == [int(v) for v in top]
    assert list(fig.data[0].y) == names_fr(top.index)
    share = 100 * top / (top + male.reindex(top.index))
    assert np.allclose(fig.data[1].x, share.round(2), atol=0.006)
    # the other reading: people living in Algeria, by country of birth
    e.controls["sens"].value = "destination"
    e.controls["sexe"].value = "total"
    d = stock[(stock.destination_iso3 == "DZA") & (stock.year == 2020) & (stock.sex == "total")]
    d = (
        d[d.origin_iso3 != "DZA"]
        .set_index("origin_iso3")
        .migrants.sort_values(ascending=False, kind="stable")
    )
    assert list(fig.data[0].x) == [int(v) for v in d.head(5)]
    assert e.figure is fig


def test_corridors_known_figures(make_explorer):
    e = make_explorer("corridors")
    assert list(e.figure.data[0].x[:2]) == [1_088_408, 1_066_129]  # Spain > France, Moroccan-born, 2024
    assert "3\u202f627\u202f829" in e.figure.layout.title.text


def test_stocks_by_sex(make_explorer, stock):
    e = make_explorer("stocks_by_sex")
    e.controls["pays"].value = "EGY"
    s = stock[(stock.origin_iso3 == "EGY") & (stock.destination_iso3 != "EGY")]
    f = s[s.sex == "female"].groupby("year").migrants.sum()
    m = s[s.sex == "male"].groupby("year").migrants.sum()
    assert list(e.figure.data[0].y) == list(f)
    assert list(e.figure.data[1].y) == list(m)
    assert list(e.figure.data[0].x) == [str(y) for y in f.index]
    assert np.allclose(e.figure.data[2].y, 100 * f / (f + m), atol=0.006)
    assert abs(e.figure.data[2].y[-1] - 29.59) < 0.006  # curriculum M5
    e.controls["sens"].value = "destination"
    e.controls["pays"].value = "LBY"
    d = stock[(stock.destination_iso3 == "LBY") & (stock.origin_iso3 != "LBY")]
    assert list(e.figure.data[1].y) == list(d[d.sex == "male"].groupby("year").migrants.sum())


def test_diaspora_map(make_explorer, stock):
    from mlearn import geo

    e = make_explorer("diaspora_map")
    e.controls["pays"].value = "DZA"
    e.controls["annee"].value = 2024
    s = stock[(stock.origin_iso3 == "DZA") & (stock.year == 2024) & (stock.sex == "total")]
    s = s[(s.destination_iso3 != "DZA") & (s.migrants > 0)].set_index("destination_iso3").migrants
    mapped = s.drop(geo.unmappable(s.index), errors="ignore")
    bubbles = e.figure.data[1]
    assert bubbles.visible is True and e.figure.data[0].visible is False
    assert sorted(bubbles.marker.size, reverse=True) == sorted(mapped.tolist(), reverse=True)
    e.controls["mesure"].value = "part"
    z = dict(zip(e.figure.data[0].locations, e.figure.data[0].z, strict=True))
    assert abs(z["FRA"] - 100 * s["FRA"] / s.sum()) < 1e-3
    assert abs(z["FRA"] - 78.93) < 0.006  # curriculum M4
    e.controls["mesure"].value = "pour_1000"
    ind = data.load("indicators")
    pop = ind[(ind.indicator == "population") & (ind.year == 2024)].set_index("iso3").value
    z = dict(zip(e.figure.data[0].locations, e.figure.data[0].z, strict=True))
    assert abs(z["FRA"] - 1000 * s["FRA"] / pop["FRA"]) < 1e-3
    assert abs(z["ESP"] - 1000 * s["ESP"] / pop["ESP"]) < 1e-3
    assert e.figure.data[1].visible is False
    # the Western Sahara overlay and note are on the map
    assert any(t.name == "esh-outline" for t in e.figure.data)
    assert "Sahara occidental" in e.figure.layout.annotations[0].text.replace("<br>", " ")


def test_diaspora_map_draws_every_country_with_data(make_explorer, stock):
    """Every destination with people born in the six countries (any year) has a polygon in the map layer or is
    footnoted as unmappable; the figure holds a reference to that layer, preloaded by the widget's module."""
    import mlearn.figures as F
    from mlearn import geo

    s = stock[stock.origin_iso3.isin(SIX) & (stock.sex == "total") & (stock.migrants > 0)]
    destinations = set(s.loc[s.destination_iso3 != s.origin_iso3, "destination_iso3"])
    layer = {f["id"] for f in geo.geojson("world")["features"]}
    assert destinations - layer <= set(geo.unmappable())
    assert {"MLT", "BHR", "LUX"} <= destinations & layer
    e = make_explorer("diaspora_map")
    ref = e.figure.data[0].geojson
    assert ref in F.GEOJSON_REFS and ref in preloaded_assets(e.figure._esm.split("var ", 1)[0])
    e.controls["pays"].value = "TUN"
    e.controls["annee"].value = 2020
    e.controls["mesure"].value = "pour_1000"
    sub = s[(s.origin_iso3 == "TUN") & (s.year == 2020) & (s.destination_iso3 != "TUN")]
    ind = data.load("indicators")
    pop = ind[(ind.indicator == "population") & (ind.year == 2020)].set_index("iso3").value
    rate = (1000 * sub.set_index("destination_iso3").migrants / pop).dropna()
    rate = rate[rate.index.isin(layer)]
    z = dict(zip(e.figure.data[0].locations, e.figure.data[0].z, strict=True))
    assert set(z) == set(rate.index) and "MLT" in z
    assert all(abs(z[c] - rate[c]) < 1e-3 for c in z)


def _ranking(year, measure, aggregates=False):
    ind = data.load("indicators")
    w = ind[ind.year == year].pivot_table(index="iso3", columns="indicator", values="value", aggfunc="first")
    if not aggregates:
        c = data.load("countries")
        w = w[w.index.isin(c.loc[~c.is_aggregate, "iso3"])]
    rem = w["remittances_received_usd"]
    v = {"usd": rem.where(w.gdp_usd.notna()) / 1e9, "pct_pib": 100 * rem / w.gdp_usd,
         "par_habitant": rem / w.population}[measure]  # fmt: skip
    return v.dropna().sort_values(ascending=False)


def test_remittances(make_explorer):
    e = make_explorer("remittances")
    e.controls["mesure"].value = "pct_pib"
    e.controls["annee"].value = 2024
    r = _ranking(2024, "pct_pib")
    labels = list(e.figure.data[0].y)
    assert "34. Maroc" in labels  # curriculum M8
    assert np.allclose(e.figure.data[0].x[:20], r.head(20).round(4), atol=1e-3)
    assert len(r) == 160
    e.controls["mesure"].value = "usd"
    r = _ranking(2024, "usd")
    assert labels != list(e.figure.data[0].y)
    assert "4. France" in e.figure.data[0].y
    assert np.allclose(e.figure.data[0].x[:20], r.head(20).round(2), atol=0.01)
    e.controls["mesure"].value = "par_habitant"
    e.controls["annee"].value = 2010
    e.controls["top_n"].value = 10
    r = _ranking(2010, "par_habitant")
    assert np.allclose(e.figure.data[0].x[:10], r.head(10), rtol=1e-4)
    six_out = [c for c in SIX if c in r.index and list(r.index).index(c) >= 10]
    assert len(e.figure.data[0].x) == 10 + len(six_out)
    e.controls["inclure_agregats"].value = True
    ra = _ranking(2010, "par_habitant", aggregates=True)
    assert len(ra) > len(r)
    assert "agrégats inclus" in e.figure.layout.annotations[0].text.replace("<br>", " ")


def test_refugees_asylum(make_explorer):
    e = make_explorer("refugees_asylum")
    fig = e.figure
    e.controls["vue"].value = "accueil"
    e.controls["pays"].value = "EGY"
    e.controls["annee"].value = 2025
    ref = data.load("refugees")
    r = ref[(ref.asylum_iso3 == "EGY") & (ref.year == 2025)]
    assert sum(fig.data[0].y) == int(r.refugees.sum()) == 220_033
    assert sum(fig.data[1].y) == int(r.asylum_seekers.sum()) == 878_268
    by_origin = r.groupby("origin_iso3")[["refugees", "asylum_seekers"]].sum().sum(axis=1)
    assert fig.data[0].x[0] == names_fr([by_origin.idxmax()])[0] == "Soudan"
    assert e.controls["niveau"].layout.display == "none"  # controls that do not apply are hidden

    e.controls["vue"].value = "demandes_ue"
    e.controls["pays"].value = "MAR"
    eu = data.load("asylum_first_time_eu")
    eu = eu[(eu.reporting == "EU27") & (eu.citizenship_iso3 == "MAR")]
    for trace, sex in zip(fig.data[2:5], ("female", "male", "unknown"), strict=True):
        expected = eu[eu.sex == sex].set_index("year").applicants
        got = dict(zip(trace.x, trace.y, strict=True))
        assert all(got[str(y)] == v for y, v in expected.items())
    assert dict(zip(fig.data[2].x, fig.data[2].y, strict=True))["2023"] == 1_865
    assert len(fig.data[0].x) == 0  # the other readings' traces are emptied

    e.controls["vue"].value = "reconnaissance"
    countries = data.load("countries")
    eu27 = set(countries.loc[countries.eu, "iso3"])
    dec = data.load("asylum_decisions")
    d = dec[dec.asylum_iso3.isin(eu27) & (dec.origin_iso3 == "MAR")]

    def rate(df, closed=False):
        g = df.groupby("year")[["dec_recognized", "dec_other", "dec_rejected", "dec_closed"]].sum()
        pos = g.dec_recognized + g.dec_other
        den = pos + g.dec_rejected + (g.dec_closed if closed else 0)
        return (100 * pos / den).astype(float)

    for level, closed in (("FI", False), ("FI", True), ("tous", False), ("tous", True)):
        e.controls["niveau"].value = level
        e.controls["inclure_clos"].value = closed
        expected = rate(d[d.dec_level == "FI"] if level == "FI" else d, closed).dropna()
        got = dict(zip(fig.data[5].x, fig.data[5].y, strict=True))
        assert all(abs(got[str(y)] - v) < 0.006 for y, v in expected.items())
    e.controls["niveau"].value = "FI"
    e.controls["inclure_clos"].value = False
    assert abs(dict(zip(fig.data[5].x, fig.data[5].y, strict=True))["2023"] - 10.76) < 0.006  # curriculum M6
    assert "Formule" in e.details.value


def test_crossings_deaths(make_explorer):
    e = make_explorer("crossings_deaths")
    fig = e.figure
    fx = data.load("border_detections")
    fx = fx.assign(y=pd.to_datetime(fx.month).dt.year)
    e.controls["route_frontex"].value = "__all__"
    e.controls["periodicite"].value = "annuel"
    annual = fx.groupby("y").detections.sum()
    got = dict(zip(fig.data[0].x, fig.data[0].y, strict=True))
    assert got["2015"] == annual[2015] == 1_822_102  # curriculum M7
    assert list(fig.data[1].x) == ["2025*"] and list(fig.data[1].y) == [annual[2025]]  # partial year apart
    e.controls["route_frontex"].value = "Western Mediterranean Route"
    e.controls["periodicite"].value = "mensuel"
    wm = fx[fx.route == "Western Mediterranean Route"]
    monthly = wm.groupby(pd.to_datetime(wm.month).dt.strftime("%Y-%m-01")).detections.sum()
    assert list(fig.data[0].y) + list(fig.data[1].y) == list(monthly)
    assert all(m.startswith("2025") for m in fig.data[1].x)

    mmp = data.load("missing_migrants")
    e.controls["route_oim"].value = "Western Mediterranean"
    e.controls["periode"].value = (2016, 2020)
    sub = mmp[(mmp.route == "Western Mediterranean") & mmp.year.between(2016, 2020)]
    dead = sub.groupby("year").dead.sum()
    assert list(fig.data[2].x) == [str(y) for y in dead.index]
    assert list(fig.data[2].y) == [int(v) for v in dead]
    assert list(fig.data[3].y) == [int(v) for v in sub.groupby("year").missing.sum()]
    _check_cells(fig.data[4], sub)
    e.controls["route_oim"].value = "__all__"
    e.controls["periode"].value = (2014, 2025)
    allr = mmp[mmp.route.isin(e.view._mmp_by_route) & mmp.year.between(2014, 2025)]
    points = _check_cells(fig.data[4], allr)
    assert len(fig.data[4].lat) < points / 5  # thousands of incidents, a few hundred circles
    caption = fig.layout.annotations[0].text.replace("<br>", " ")
    assert "détections, et non personnes" in caption and "estimation minimale" in caption
    assert "partiel" in caption
    assert "regroupés par carré de 1°" in caption


def _check_cells(trace, incidents) -> int:
    """The map's circles = incidents with a position and dead or missing, summed by 1° cell (pandas here)."""
    pts = incidents[
        incidents.latitude.notna() & incidents.longitude.notna() & (incidents.dead_and_missing > 0)
    ]
    cells = pts.assign(cy=np.floor(pts.latitude).astype(int), cx=np.floor(pts.longitude).astype(int))
    cells = cells.groupby(["cy", "cx"]).agg(
        n=("dead_and_missing", "size"), dead=("dead", "sum"), missing=("missing", "sum"),
        dm=("dead_and_missing", "sum"), lat=("latitude", "mean"), lon=("longitude", "mean"),
    )  # fmt: skip
    got = {}
    for lat, lon, (n, dead, missing, dm), size in zip(trace.lat, trace.lon, trace.customdata, trace.marker.size,
                                                      strict=True):  # fmt: skip
        assert size == dm
        got[(int(np.floor(lat)), int(np.floor(lon)))] = (n, dead, missing, dm, lat, lon)
    assert len(got) == len(trace.lat) == len(cells)
    for key, row in cells.iterrows():
        n, dead, missing, dm, lat, lon = got[key]
        assert (n, dead, missing, dm) == (row.n, int(row.dead), int(row.missing), int(row.dm)), key
        assert abs(lat - row.lat) < 2e-3 and abs(lon - row.lon) < 2e-3
    assert sum(trace.marker.size) == int(pts.dead_and_missing.sum())
    return len(pts)


def test_rates_vs_counts(make_explorer):
    e = make_explorer("rates_vs_counts")
    fig = e.figure
    e.controls["indicateur"].value = "asile"
    e.controls["annee"].value = 2023
    eu = data.load("asylum_first_time_eu")
    eu = eu[(eu.reporting == "EU27") & (eu.sex == "total") & (eu.year == 2023)]
    counts = eu.set_index("citizenship_iso3").applicants
    ind = data.load("indicators")
    pop = ind[(ind.indicator == "population") & (ind.year == 2023)].set_index("iso3").value
    rate = (1e5 * counts[SIX] / pop[SIX]).sort_values(ascending=False)
    assert list(fig.data[1].y) == names_fr(rate.index)
    assert np.allclose(fig.data[1].x, rate.round(4), atol=1e-3)
    assert list(fig.data[0].y)[0] == "Maroc" and list(fig.data[1].y)[0] == "Tunisie"  # the ranking flips
    share = 100 * counts[SIX] / counts.sum()
    assert np.allclose(sorted(fig.data[2].x, reverse=True), sorted(share, reverse=True), atol=1e-3)
    e.controls["indicateur"].value = "emigres"
    assert 2024 in e.controls["annee"].options or 2024 in [v for _l, v in e.controls["annee"].options]
    e.controls["annee"].value = 2024
    s = data.load("migrant_stock")
    s = s[(s.sex == "total") & (s.year == 2024) & (s.origin_iso3 != s.destination_iso3)]
    emig = s.groupby("origin_iso3").migrants.sum()
    pop24 = ind[(ind.indicator == "population") & (ind.year == 2024)].set_index("iso3").value
    pct = (100 * emig[SIX] / pop24[SIX]).sort_values(ascending=False)
    assert np.allclose(fig.data[1].x, pct.round(4), atol=1e-3)
    assert abs(pct["MAR"] - 9.53) < 0.006  # curriculum M9


def test_misleading_charts(make_explorer):
    e = make_explorer("misleading_charts")
    fig = e.figure
    fx = data.load("border_detections")
    fx = fx[fx.route == "Central Mediterranean Route"]
    annual = fx.groupby(pd.to_datetime(fx.month).dt.year).detections.sum().loc[2014:2024]
    assert list(fig.data[0].y) == list(annual) and fig.layout.yaxis.range[0] == 0
    assert "honnête" in e.details.value
    e.controls["annees_choisies"].value = True
    assert list(fig.data[0].x) == ["2022", "2023"] and list(fig.data[0].y) == [105_561, 158_026]
    e.controls["axe_tronque"].value = True
    assert fig.layout.yaxis.range[0] == 100_000
    assert "10,43" in e.details.value  # curriculum M10: the bars differ by a factor 10.43
    e.controls["annees_choisies"].value = False
    e.controls["axe_tronque"].value = False
    e.controls["cumul"].value = True
    assert list(fig.data[0].y) == list(annual.cumsum())
    e.controls["double_axe"].value = True
    mmp = data.load("missing_migrants")
    cm = mmp[mmp.route == "Central Mediterranean"].groupby("year").dead_and_missing.sum().loc[2014:2024]
    assert list(fig.data[1].y) == list(cm) and fig.layout.yaxis2.visible is True
    title_before = fig.layout.title.text
    e.controls["titre_alarmiste"].value = True
    assert fig.layout.title.text != title_before and "trompeur" in fig.layout.title.text
    assert e.details.value.count("<li>") == 3


def test_revisions(make_explorer):
    e = make_explorer("revisions")
    fig = e.figure
    e.controls["origine"].value = "DZA"
    e.controls["destination"].value = "FRA"
    s24, s20 = data.load("migrant_stock"), data.load("migrant_stock_2020_edition")

    def series(s):
        sub = s[(s.origin_iso3 == "DZA") & (s.destination_iso3 == "FRA") & (s.sex == "total")]
        return sub.groupby("year").migrants.sum()

    a, b = series(s24), series(s20)
    assert list(fig.data[2].y) == list(a) and list(fig.data[1].y) == list(b)
    assert a[1990] - b[1990] == 555_379  # curriculum T1
    assert not fig.data[3].visible
    e.controls["raccorder"].value = True
    assert fig.data[3].visible and list(fig.data[3].y) == [*b.loc[:2020], a[2024]]
    e.controls["origine"].value = "MAR"  # the destination list follows the origin
    assert e.controls["destination"].value in [v for _l, v in e.controls["destination"].options]
