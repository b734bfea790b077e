"""Static display for the manual: explorers and plotly figures become offline HTML.

``enable_static_display()`` runs in a hidden first cell when the manual executes a notebook. It

- registers a plotly renderer that emits ``text/html`` without plotly.js (the site loads
  ``assets/plotly.min.js`` once) and with ``topojsonURL`` pointing to the site's local topojson;
- makes every explorer display a mimebundle holding both its live widget view (as in JupyterLab) and a
  static HTML rendering of its current figure, with its default settings spelled out in French. The
  manual keeps the HTML and drops the widget view, which would need a widget manager from a CDN.
"""

from __future__ import annotations

import html

ASSETS = "assets/"
CONFIG = {"topojsonURL": ASSETS + "topojson/", "displaylogo": False, "responsive": True}


def figure_html(fig) -> str:
    """A plotly figure as a ``<div>`` + script, without plotly.js, French separators kept."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from mlearn import geo

    if not isinstance(fig, go.Figure):
        fig = go.Figure(fig)
    geo.resolve_geojson_refs(fig)  # a page of its own: the polygons, not a layer reference
    return pio.to_html(fig, include_plotlyjs=False, full_html=False, config=CONFIG, default_width="100%")


def _control_value(widget) -> str:
    label = getattr(widget, "label", None)
    value = label if isinstance(label, str) and label else widget.value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, tuple | list):
        return " – ".join(map(str, value))
    return str(value)


def explorer_html(explorer) -> str:
    """Title, default settings, static figure, details and key point of an explorer."""
    view = explorer.view
    title = getattr(view, "title_fr", "") or explorer.name
    lesson = getattr(view, "lesson_fr", "")
    settings = " ; ".join(
        f"{html.escape(str(getattr(w, 'description', name) or name))} : {html.escape(_control_value(w))}"
        for name, w in explorer.controls.items()
        if getattr(w.layout, "display", None) != "none"
    )
    details = getattr(getattr(explorer, "details", None), "value", "")
    parts = [
        f"<figure class='mlearn-explorer' data-explorer='{html.escape(explorer.name)}'>",
        f"<figcaption class='mlearn-explorer-title'>Explorateur « {html.escape(title)} »</figcaption>",
        "<p class='mlearn-static-note'>Version statique, avec les réglages par défaut"
        + (f" ({settings})" if settings else "")
        + ". Dans JupyterLab, les menus et curseurs de l'explorateur permettent de changer ces réglages.</p>",
        figure_html(explorer.figure),
    ]
    if details:
        parts.append(f"<div class='mlearn-explorer-details'>{details}</div>")
    if lesson:
        parts.append(f"<p class='mlearn-explorer-lesson'><b>À retenir :</b> {lesson}</p>")
    parts.append("</figure>")
    return "\n".join(parts)


def enable_static_display() -> None:
    """Switch the running kernel to static display (called by the manual's hidden preamble cell)."""
    import plotly.io as pio
    from IPython.display import display
    from plotly.io._base_renderers import MimetypeRenderer

    class StaticHtmlRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):
            return {"text/html": figure_html(fig_dict)}

    pio.renderers["mlearn_manual"] = StaticHtmlRenderer()
    pio.renderers.default = "mlearn_manual"

    from mlearn.explorers.base import Explorer

    def _ipython_display_(self):
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle["text/html"] = explorer_html(self)
        bundle["text/plain"] = f"Explorateur « {self.name} »"
        display(bundle, raw=True)

    Explorer._ipython_display_ = _ipython_display_
