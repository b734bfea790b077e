"""Pure figure builders: French formatting, source captions, titles and units, vocabulary, bad input."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

import mlearn.figures as F
from mlearn import data, fmt
from mlearn.figures.style import NNBSP

NAMES = list(F.VIEWS)

# §2.6: words never used in the kit's French text (about people)
BANNED = re.compile(r"\b(clandestin\w*|illégal\w*|vagues?|afflux|invasion|flots?|les subsahariens)\b", re.I)
REDS = {"red", "#ff0000", "#d62728", "#ef553b", "#e41a1c", "#b2182b", "#d55e00"}


def _texts(fig: go.Figure) -> list[str]:
    out = [fig.layout.title.text or ""]
    out += [a.text or "" for a in fig.layout.annotations]
    for axis in ("xaxis", "yaxis", "xaxis2", "yaxis2", "xaxis3"):
        if axis in fig.layout and fig.layout[axis].title.text:
            out.append(fig.layout[axis].title.text)
    out += [t.name or "" for t in fig.data]
    return out


@pytest.fixture(scope="module")
def figures():
    return {name: F.figure(name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_has_source_title_units_and_french_separators(name, figures):
    fig = figures[name]
    assert isinstance(fig, go.Figure)
    assert fig.layout.separators == "," + NNBSP
    source = [a for a in fig.layout.annotations if a.name == "source"]
    assert len(source) == 1
    assert source[0].text.startswith("Source" + NNBSP + ":") and "calculs M-LEARN" in source[0].text
    assert source[0].yref == "paper" and -0.6 < source[0].y <= -0.18
    for dataset in F.view(name).datasets[:1]:
        producer = data.describe(dataset)["producer"]
        assert producer in source[0].text.replace("<br>", " ")
    assert len(fig.layout.title.text) > 30
    xy_titles = [fig.layout[a].title.text for a in ("xaxis", "yaxis") if fig.layout[a].title.text]
    if name != "diaspora_map":
        assert xy_titles, "axis titles with units"


@pytest.mark.parametrize("name", NAMES)
def test_vocabulary_and_palette(name, figures):
    view = F.view(name)
    texts = _texts(figures[name]) + [view.title_fr, view.lesson_fr]
    for control in view.controls():
        texts.append(control.label_fr)
        texts += [str(label) for label, _v in control.options]
    for text in texts:
        assert not BANNED.search(text), text
    for trace in figures[name].data:
        color = getattr(getattr(trace, "marker", None), "color", None)
        colors = color if isinstance(color, (list, tuple)) else [color]
        assert not REDS & {str(c).lower() for c in colors if c}, (name, trace.name)


def test_french_number_and_percent_formats_in_figures():
    fig = F.figure("corridors", pays="MAR", annee=2024)
    title = fig.layout.title.text
    assert f"3{NNBSP}627{NNBSP}829 personnes" in title  # Babel, narrow no-break spaces
    assert f"47,5{NNBSP}%" in title  # share of women, 1 decimal, comma
    assert ":,.0f" in fig.data[0].hovertemplate and fig.data[1].texttemplate.endswith(NNBSP + "%")
    assert fmt.fr_pct(8.05, 1) == f"8,0{NNBSP}%" and fmt.fr_int(1_066_129) == f"1{NNBSP}066{NNBSP}129"
    rates = F.figure("refugees_asylum", vue="reconnaissance", pays="MAR", niveau="FI")
    assert re.search(r"\d,\d" + NNBSP + "%", rates.layout.title.text)


def test_english_switch():
    fig = F.figure("corridors", lang="en", pays="MAR", annee=2024)
    assert fig.layout.separators == ".,"
    assert fig.layout.title.text.startswith("People born in Morocco")
    assert "3,627,829" in fig.layout.title.text
    with pytest.raises(ValueError, match="de"):
        F.figure("corridors", lang="de")


def test_counts_are_symbols_and_rates_are_choropleths():
    counts = F.figure("diaspora_map", mesure="effectifs")
    assert counts.data[0].type == "choropleth" and counts.data[0].visible is False
    assert counts.data[1].type == "scattergeo" and len(counts.data[1].lat) > 10
    rates = F.figure("diaspora_map", mesure="pour_1000")
    assert rates.data[0].visible is True and rates.data[1].visible is False


def test_traps_get_a_note():
    crossings = F.figure("crossings_deaths").layout.annotations[0].text.replace("<br>", " ")
    assert "détections, et non personnes" in crossings and "estimation minimale" in crossings
    assert "2025 partiel" in crossings
    revisions = F.figure("revisions").layout.annotations[0].text.replace("<br>", " ")
    assert "édition 2020" in revisions and "édition 2024" in revisions and "Note" in revisions


@pytest.mark.parametrize(
    "name, state, match",
    [
        ("corridors", {"pays": "FRA"}, r"'FRA'.*MAR, TUN, DZA, EGY, LBY, MRT"),
        ("corridors", {"annee": 2023}, r"2023.*2020, 2024"),
        ("remittances", {"annee": 1960}, r"1960"),
        (
            "crossings_deaths",
            {"route_frontex": "Route imaginaire"},
            r"Route imaginaire.*Central Mediterranean",
        ),
        ("revisions", {"origine": "MAR", "destination": "ZZZ"}, r"ZZZ"),
        ("misleading_charts", {"zoom": True}, r"zoom"),
    ],
)
def test_bad_input_raises_a_clear_value_error(name, state, match):
    with pytest.raises(ValueError, match=match):
        F.figure(name, **state)


def test_unknown_figure():
    with pytest.raises(ValueError, match="corridors"):
        F.figure("pyramide")


def test_empty_selection_shows_aucune_donnee():
    from mlearn.figures.stocks import CorridorsView

    view = CorridorsView()
    view._origin_rows.pop(("MAR", 2024))  # as if the source had no row for this selection
    fig = view.figure(pays="MAR", annee=2024)
    message = [a for a in fig.layout.annotations if a.name == "message"][0]
    assert message.visible and message.text.startswith("Aucune donnée pour Maroc, 2024")
    assert len(fig.data[0].x) == 0
    assert fig.layout.annotations[0].text.startswith("Source")


def test_map_layers_are_references_listed_in_geojson_refs():
    """Skeletons hold short GeoJSON references (all in ``GEOJSON_REFS``, which widget front ends preload);
    ``figure()`` is self-contained (polygons put back) for static pages."""
    from mlearn import geo

    assert F.GEOJSON_REFS == (geo.geojson_ref("world"),)
    used = set()
    for name in NAMES:
        view = F.view(name)
        refs = geo.geojson_refs_in(view.skeleton_json())
        used.update(refs)
        assert geo.geojson_refs_in(view.figure_with_refs()) == refs
        assert geo.geojson_refs_in(view.figure()) == ()
    assert used == set(F.GEOJSON_REFS)
    resolved = F.figure("diaspora_map", mesure="pour_1000").data[0].geojson
    assert resolved == geo.geojson("world")


def _french_only_source_terms(names) -> set[str]:
    """Producer, dataset and edition wordings that the data package gives differently in French and English."""
    terms = set()
    for dataset in names:
        meta = data.describe(dataset)
        for key in ("producer", "dataset", "edition"):
            if meta.get(f"{key}_en") and meta[key] != meta[f"{key}_en"]:
                terms.add(meta[key])
    return terms


def _one_change(view, name, value) -> dict:
    """Defaults with one control changed, dependent controls moved to a value they allow (as the explorer does)."""
    state = {**view.defaults(), name: value}
    for control in view.controls():
        if name in control.depends_on:
            allowed = [v for _l, v in view.options(control.name, state)]
            if state[control.name] not in allowed:
                state[control.name] = allowed[0]
    return state


@pytest.mark.parametrize("name", NAMES)
def test_english_captions_name_producers_in_english(name):
    """In English no caption keeps a French producer/dataset/edition name, whatever the controls say."""
    view = F.view(name, "en")
    french = _french_only_source_terms(view.datasets)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in sorted(french)) or r"(?!)")
    english = {data.describe(d)["producer_en"] for d in view.datasets}
    states = [{}] + [
        _one_change(view, c.name, v) for c in view.controls() for _l, v in view.options(c.name, {})
    ]
    seen = set()
    for state in states:
        caption = view.patch(**state)["caption"].replace("<br>", " ")
        assert caption.startswith("Source: ") and "M-LEARN calculations" in caption
        assert not re.search(r"Source\u202f:|Note\u202f:|calculs M-LEARN", caption), caption
        assert not pattern.search(caption), (state, pattern.search(caption).group(0))
        seen |= {p for p in english if p in caption}
    assert seen, f"no English producer name in the captions of {name}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_crossings_halves_show_the_numbers_of_the_whole(lang):
    """The crossings dashboard's two figures (Frontex; IOM bars and map) carry exactly the traces of the
    combined lecture figure, each under the source line of its own data only."""
    whole, detections, deaths = (
        F.view(n, lang) for n in ("crossings_deaths", "crossings_detections", "deaths_missing")
    )
    assert [c.name for c in detections.controls()] + [c.name for c in deaths.controls()] == [
        c.name for c in whole.controls()
    ]
    assert deaths.has_map and not detections.has_map
    first, last = whole.mmp_years
    states = [
        {"route_frontex": route, "periodicite": per, "route_oim": mroute, "periode": periode}
        for route in ("Central Mediterranean Route", "__all__")
        for per in ("annuel", "mensuel")
        for mroute in ("__all__", "Western Mediterranean")
        for periode in ((first, last), (2016, 2017))
    ]
    key = "producer" if lang == "fr" else "producer_en"
    fx_producer, mmp_producer = (data.describe(d)[key] for d in ("border_detections", "missing_migrants"))
    for state in states:
        combined = whole.patch(**state)["data"]
        fx = detections.patch(route_frontex=state["route_frontex"], periodicite=state["periodicite"])
        dm = deaths.patch(route_oim=state["route_oim"], periode=state["periode"])
        assert fx["data"] == combined[:2] and dm["data"] == combined[2:5], state
        assert fx_producer in fx["caption"] and mmp_producer not in fx["caption"]
        assert mmp_producer in dm["caption"] and fx_producer not in dm["caption"]
        assert fx["layout"]["xaxis.categoryarray"] == whole.patch(**state)["layout"]["xaxis.categoryarray"]
        assert dm["layout"]["xaxis.categoryarray"] == whole.patch(**state)["layout"]["xaxis2.categoryarray"]
    # the halves reuse the whole view's tables instead of computing them again
    assert detections.fx_monthly is whole.fx_monthly and deaths._cells is whole._cells
