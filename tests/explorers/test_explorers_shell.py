"""The explorer shell: public API, in-place updates, display, errors shown on the figure (never a traceback)."""

from __future__ import annotations

import subprocess
import sys

import ipywidgets as W
import plotly.graph_objects as go
import pytest

import mlearn.explorers as E
from mlearn import fmt

NAMES = [
    "corridors", "stocks_by_sex", "diaspora_map", "remittances", "refugees_asylum",
    "crossings_deaths", "rates_vs_counts", "misleading_charts", "revisions", "crossings_detections",
    "deaths_missing",
]  # fmt: skip


def test_catalog_lists_every_explorer():
    cat = E.catalog()
    assert sorted(cat) == sorted(NAMES)
    assert all(callable(f) for f in cat.values())


def test_import_is_lazy():
    code = "import mlearn.explorers, sys; print('plotly' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def _other_value(widget):
    if isinstance(widget, W.Checkbox):
        return not widget.value
    if isinstance(widget, W.IntRangeSlider):
        return (widget.min, widget.min + 1)
    if isinstance(widget, W.IntSlider):
        return widget.max if widget.value != widget.max else widget.min
    values = [o[1] if isinstance(o, tuple) else o for o in widget.options]
    return next(v for v in reversed(values) if v != widget.value)


@pytest.mark.parametrize("name", NAMES)
def test_every_control_updates_the_same_figure(name, make_explorer):
    e = make_explorer(name)
    fig = e.figure
    assert isinstance(fig, go.FigureWidget)
    assert isinstance(e.widget, W.VBox) and fig in e.widget.children
    assert set(e.controls) == {c.name for c in e.view.controls()}
    assert fig.layout.separators == fmt.PLOTLY_SEPARATORS["fr"]
    n_traces = len(fig.data)
    for control, widget in list(e.controls.items()):
        assert isinstance(widget, W.ValueWidget)
        before = e.updates
        widget.value = _other_value(widget)  # as a click would
        assert e.updates == before + 1, control
        assert e.figure is fig and len(fig.data) == n_traces
        assert e.status.value == "", (control, e.status.value)
        caption = [a for a in fig.layout.annotations if a.name == "source"]
        assert len(caption) == 1 and caption[0].text.startswith("Source\u202f:")
        assert caption[0].yref == "paper" and caption[0].y < 0
        assert fig.layout.title.text
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_errors_become_a_message_on_the_figure(make_explorer, monkeypatch):
    e = make_explorer("corridors")

    def broken(**state):
        raise ValueError("Aucune donnée pour ce test / no data for this test")

    monkeypatch.setattr(e.view, "patch", broken)
    e.controls["top_n"].value = 7  # must not raise
    message = [a for a in e.figure.layout.annotations if a.name == "message"][0]
    assert message.visible and message.text == "Aucune donnée pour ce test"
    assert "Aucune donnée pour ce test" in e.status.value
    assert len(e.figure.data[0].x) == 0
    monkeypatch.undo()
    e.controls["top_n"].value = 10
    assert not message.visible and len(e.figure.data[0].x) == 10


def test_bad_initial_values_name_the_value_and_the_allowed_ones():
    with pytest.raises(ValueError, match=r"'XXX'.*MAR, TUN"):
        E.corridors(pays="XXX")
    with pytest.raises(ValueError, match=r"2003.*1990"):
        E.corridors(annee=2003)  # not a UN DESA reference year: never interpolated
    with pytest.raises(ValueError, match=r"'origin'.*origine"):
        E.build("stocks_by_sex", sens="origin")
    with pytest.raises(ValueError, match="couleur"):
        E.corridors(couleur="rouge")
    with pytest.raises(ValueError, match="nope.*corridors"):
        E.build("nope")


def test_initial_values_are_applied():
    e = E.corridors(pays="TUN", annee=2020, sexe="male", top_n=6)
    assert e.controls["pays"].value == "TUN" and len(e.figure.data[0].x) == 6
    assert "Tunisie" in e.figure.layout.title.text and "mi-2020" in e.figure.layout.title.text


def test_category_axes_follow_the_data(make_explorer):
    """After an update, plotly.js keeps old categories unless the axis lists them (seen in JupyterLab)."""
    e = make_explorer("corridors")
    e.controls["pays"].value = "EGY"
    assert list(e.figure.layout.yaxis.categoryarray) == list(e.figure.data[0].y)
    m = make_explorer("misleading_charts")
    m.controls["annees_choisies"].value = True
    assert list(m.figure.layout.xaxis.categoryarray) == list(m.figure.data[0].x) == ["2022", "2023"]
    r = make_explorer("rates_vs_counts")
    r.controls["annee"].value = 2015
    assert list(r.figure.layout.yaxis2.categoryarray) == list(r.figure.data[1].y)
