"""The kit's FigureWidget front end (``js/``, served by ``mlearn dashboards serve``): built, much lighter than
plotly's module, and speaking plotly.py's edit protocol in a real Voilà page (each kind of Python edit reaches
the browser's figure, and Python sees the edit acknowledged through ``on_edits_completed``; margins grown
for long labels are held, not shrunk back)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import plotly
import pytest

from mlearn.dashboards import server as srv
from mlearn.geo.offline import preloaded_assets

CI = os.environ.get("CI") == "true"

NOTEBOOK = """
import os
import ipywidgets as w
import plotly.graph_objects as go
from IPython.display import display

fig = go.FigureWidget(
    data=[go.Bar(x=["a", "b"], y=[1, 2], name="barres")], layout={"height": 320, "yaxis": {"tickformat": ",.0f"}}
)
fig._esm = os.environ["MLEARN_WIDGET_ESM_URL"]
status = w.HTML("prêt", layout=w.Layout(min_height="1em"))
status.add_class("edit-status")
step = w.Dropdown(
    options=["-", "restyle", "relayout", "update", "add", "move", "delete", "long", "short"], value="-"
)


def act(change):
    name = change["new"]
    if name == "restyle":
        fig.data[0].y = [5, 6]
    elif name == "relayout":
        fig.layout.title.text = "titre modifié"
    elif name == "update":
        fig.plotly_update({"y": [[7, 8]]}, {"yaxis.title.text": "axe"}, [0])
    elif name == "add":
        fig.add_scatter(x=["a", "b"], y=[3, 4], name="points")
    elif name == "move":
        fig.data = [fig.data[1], fig.data[0]]
    elif name == "delete":
        fig.data = [fig.data[1]]
    elif name == "long":  # tick labels such as « 12 000 000 »: the left margin must grow
        fig.data[0].y = [12_000_000, 3]
    elif name == "short":
        fig.data[0].y = [1, 2]
    fig.on_edits_completed(lambda: setattr(status, "value", "fait : " + name))


step.observe(act, "value")
display(w.VBox([step, status, fig]))
"""

STATE_JS = """() => { const gd = document.querySelector('.js-plotly-plot');
    return {names: gd.data.map(t => t.name), y: gd.data.map(t => Array.from(t.y)), left: gd._fullLayout._size.l,
            ticks: Array.from(gd.querySelectorAll('.ytick text')).map(t => t.textContent),
            title: (gd.layout.title || {}).text || null,
            ytitle: ((gd.layout.yaxis || {}).title || {}).text || null}; }"""


def test_front_end_is_built_and_light():
    if not srv.FRONT_END.is_file():
        if CI:
            pytest.fail("js/ n'a pas été construit (make js) : le module léger est requis en CI")
        pytest.skip("module léger non construit (make js) : les tableaux de bord utilisent celui de plotly")
    text, kind = srv.front_end_module()
    assert kind.startswith("mlearn")
    full = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
    assert len(text.encode()) < 0.4 * full.stat().st_size
    assert "export" in text[-2000:] and "render" in text  # an anywidget ES module
    for trace_type in ("choropleth", "scattergeo", "bar"):
        assert f'"{trace_type}"' in text


def test_served_module_asks_for_eager_compilation_then_preloads_the_maps(tmp_path):
    if not srv.FRONT_END.is_file():
        pytest.skip("module léger non construit (make js)")
    name = srv.write_widget_bundle(tmp_path)
    text = (tmp_path / "voila" / "templates" / "mlearn" / "static" / name).read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    assert first == "//# allFunctionsCalledOnLoad"  # V8 reads the hint on the first line only
    assert rest.startswith("{const g=globalThis;") and rest.endswith(srv.front_end_module()[0])
    assert sorted(preloaded_assets(rest)) == sorted(["topojson/world_110m", *srv.preloaded_layers()])


@pytest.mark.browser
@pytest.mark.slow
def test_python_edits_reach_the_browser_and_are_acknowledged(tmp_path, chromium):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(NOTEBOOK)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, tmp_path / "edits.ipynb")
    with srv.VoilaServer(tmp_path) as server:
        page = chromium.new_page()
        try:
            page.goto(server.url + "voila/render/edits.ipynb")
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
            module_url = page.evaluate(
                "() => performance.getEntriesByType('resource').map(r => r.name)"
                ".find(n => n.includes('plotly-widget-'))"
            )
            assert module_url, "the figure's module must be the file served by the template"

            def do(step: str) -> dict:
                page.select_option("select", step)
                page.wait_for_function(
                    "(s) => document.querySelector('.edit-status').innerText.includes(s)",
                    arg=f"fait : {step}",
                    timeout=30_000,
                )
                return page.evaluate(STATE_JS)

            assert page.evaluate(STATE_JS)["y"] == [[1, 2]]
            assert do("restyle")["y"] == [[5, 6]]
            assert do("relayout")["title"] == "titre modifié"
            state = do("update")
            assert state["y"] == [[7, 8]] and state["ytitle"] == "axe"
            state = do("add")
            assert state["names"] == ["barres", "points"] and state["y"] == [[7, 8], [3, 4]]
            assert do("move")["names"] == ["points", "barres"]
            state = do("delete")
            assert state["names"] == ["barres"]
            # margins are held: a state with long labels widens the left margin, the next one keeps it
            # (plotly would otherwise shrink it back and draw the figure twice)
            long = do("long")
            assert long["y"] == [[12_000_000, 3]] and long["left"] > state["left"], (state, long)
            short = do("short")
            assert short["y"] == [[1, 2]] and short["ticks"] != long["ticks"]
            assert short["left"] == long["left"], (long, short)
        finally:
            page.close()
