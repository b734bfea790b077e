"""Category axes after a control change, drawn by the real plotly.js (regression: old categories kept).

In JupyterLab the corridors bar chart showed the old countries beside the new ones after Maroc → Égypte:
plotly.js shares the ``_categories`` of axes linked by ``matches`` (``make_subplots(shared_yaxes=True)``) and
never empties them on ``Plotly.update``. The browser test replays, in chromium, exactly what the FigureWidget's
front end does: ``Plotly.newPlot`` from the widget's synced state, then ``Plotly.update(el, style_data,
layout_data, style_traces)`` for each ``_py2js_update`` message the explorer sends.
"""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import pytest

from tests.explorers.test_explorers_shell import NAMES

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# What the widget front end does with each message (``_undefined_`` = key left as it is for that trace).
REPLAY = """
async ([init, msgs]) => {
  const fix = v => Array.isArray(v) ? v.map(fix)
    : (v && typeof v === 'object') ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]))
    : (v === '_undefined_' ? undefined : v);
  const el = document.getElementById('g');
  await Plotly.newPlot(el, init.data, init.layout);
  const ticks = () => Array.from(el.querySelectorAll('.yaxislayer-above .ytick text')).map(t => t.textContent);
  const before = ticks();
  for (const m of msgs.map(fix)) await Plotly.update(el, m.style_data, m.layout_data, m.style_traces);
  return {before, after: ticks(), y2: el._fullLayout.yaxis2._categories};
}
"""


def test_no_view_links_category_axes_with_matches(make_explorer):
    """Matched category axes keep stale categories in plotly.js: no explorer figure may have one."""
    for name in NAMES:
        layout = make_explorer(name).figure.to_plotly_json()["layout"]
        for axis_name, axis in layout.items():
            if axis_name[1:5] == "axis" and isinstance(axis, dict) and axis.get("matches"):
                leader = layout.get(axis_name[0] + "axis" + axis["matches"][1:], {})
                assert "category" not in (axis.get("type"), leader.get("type")), (name, axis_name)


@pytest.mark.browser
@pytest.mark.slow
def test_corridors_axis_shows_only_the_new_countries(chromium, make_explorer, artifacts_dir):
    from plotly.serializers import _py_to_js
    from plotly.utils import PlotlyJSONEncoder

    from mlearn.explorers.base import sync_widget_state

    exp = make_explorer("corridors")
    fig = exp.figure
    sync_widget_state(fig)  # what a new front-end view is drawn from
    init = json.loads(
        json.dumps({"data": fig._widget_data, "layout": fig._widget_layout}, cls=PlotlyJSONEncoder)
    )
    old = list(fig.data[0].y)
    msgs: list = []

    def record(change):
        if change["new"] is not None:
            msgs.append(json.loads(json.dumps(_py_to_js(change["new"], None), cls=PlotlyJSONEncoder)))

    fig.observe(record, names="_py2js_update")
    try:
        exp.controls["pays"].value = "EGY"
    finally:
        fig.unobserve(record, names="_py2js_update")
    new = list(fig.data[0].y)
    assert msgs and set(old) - set(new), "the update must change the countries shown"

    page = chromium.new_page(viewport={"width": 1100, "height": 700})
    try:
        page.set_content("<html><head><meta charset='utf-8'></head><body><div id='g'></div></body></html>")
        page.add_script_tag(path=str(PLOTLY_JS))
        result = page.evaluate(REPLAY, [init, msgs])
        page.screenshot(path=str(artifacts_dir / "corridors-after-update.png"))
    finally:
        page.close()
    # autorange "reversed": the first country of the data is at the top, i.e. the last tick drawn
    assert result["before"] == old[::-1]
    assert result["after"] == new[::-1], f"stale categories on the axis: {set(result['after']) - set(new)}"
    assert result["y2"] == new  # the share-of-women panel has the same rows
