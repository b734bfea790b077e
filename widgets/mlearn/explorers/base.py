"""The explorer shell: ipywidgets controls + one plotly ``FigureWidget`` updated in place.

An :class:`Explorer` is thin on purpose: it turns a view's declared controls
(:class:`mlearn.figures.base.Control`) into ipywidgets, and on every change asks the view for a patch
(a dict lookup most of the time) and applies it to the same ``FigureWidget`` inside ``batch_update``.
The figure is never rebuilt, so the browser receives one small message per change. Any error becomes a
French message on the figure (« Aucune donnée pour … ») and in the status line, never a traceback.
"""

from __future__ import annotations

import time
from copy import deepcopy

import ipywidgets as W
import plotly.graph_objects as go

from mlearn.figures import style
from mlearn.figures.base import Control, FigureView, apply_patch, empty_trace

_CONTROL_LAYOUT = {"width": "auto", "min_width": "220px"}
# Sliders get a fixed width: with "auto" in the wrapping row, flexbox shrinks them to their label and readout,
# leaving almost no track (seen in JupyterLab). The readout gets room for "2014 – 2025".
_SLIDER_LAYOUT = {"width": "440px", "max_width": "100%"}
_STYLE = {"description_width": "initial"}
_SLIDER_STYLE = {"description_width": "initial", "handle_color": "#0072B2"}


def make_control(spec: Control, lang: str, value, options) -> W.ValueWidget:
    """One ipywidget for a declared control (labels in French unless ``lang="en"``)."""
    label = spec.label(lang)
    common = dict(description=label, style=_STYLE, layout=W.Layout(**_CONTROL_LAYOUT))
    kind = spec.kind
    if kind == "dropdown":
        return W.Dropdown(options=list(options), value=value, **common)
    if kind == "toggle":
        return W.ToggleButtons(options=list(options), value=value, description=label,
                               style={"description_width": "initial", "button_width": "auto"})  # fmt: skip
    if kind == "radio":
        return W.RadioButtons(options=list(options), value=value, **common)
    slider = dict(
        description=label, style=_SLIDER_STYLE, layout=W.Layout(**_SLIDER_LAYOUT), continuous_update=False
    )
    if kind == "select_slider":
        return W.SelectionSlider(options=list(options), value=value, **slider)
    if kind == "slider":
        return W.IntSlider(value=value, min=spec.min, max=spec.max, step=spec.step, **slider)
    if kind == "range":
        return W.IntRangeSlider(value=value, min=spec.min, max=spec.max, step=spec.step, **slider)
    if kind == "checkbox":
        return W.Checkbox(value=bool(value), indent=False, description=label, layout=W.Layout(width="auto"))
    raise ValueError(f"Type de réglage inconnu : {kind!r} / unknown control kind")


def sync_widget_state(fig) -> None:
    """Copy the figure's current data/layout into the FigureWidget's synced state.

    A front end draws a new view of a FigureWidget from that state (``_widget_data``/``_widget_layout``);
    plotly refreshes it only when the FigureWidget itself is displayed, not when it sits inside a VBox, so
    updates made before (or between) displays would otherwise be missing from a new view.
    """
    fig._widget_layout = deepcopy(fig._layout_obj._props)
    fig._widget_data = deepcopy(fig._data)


class Explorer:
    """``.widget`` to display, ``.controls`` (name → ipywidget), ``.figure`` (the ``FigureWidget``)."""

    def __init__(self, view: FigureView, **state):
        self.view = view
        self.name = view.name
        self.lang = lang = view.lang
        initial = view.resolve(state)  # bad arguments: ValueError naming the value and the allowed ones
        self._specs = {c.name: c for c in view.controls()}
        self.controls: dict[str, W.ValueWidget] = {
            name: make_control(spec, lang, initial[name], view.options(name, initial))
            for name, spec in self._specs.items()
        }
        first = view.patch(**initial)
        # The widget is created from the complete first figure: a front end draws a new view from the
        # widget's synced state, and update messages sent before any view exists are not replayed.
        # Map layers stay GeoJSON references (preloaded by the offline widget's module): no polygon copy.
        initial_figure = view.figure_with_refs(**initial).to_plotly_json()
        if view.has_map:
            from mlearn import geo

            self.figure = geo.offline_widget(initial_figure)  # the kit's one offline topojson setting
        else:
            self.figure = go.FigureWidget(initial_figure)
        self._trace_types = [t.type for t in self.figure.data][: len(first["data"])]
        self.status = W.HTML(layout=W.Layout(min_height="1.2em"))
        self.details = W.HTML(first.get("html", ""))
        self.last_update_ms = 0.0
        self.updates = 0
        self._muted = False
        for name, widget in self.controls.items():
            widget.observe(self._on_change, names="value")
            widget._mlearn_name = name
        self._show_active(initial)
        title = view.title_fr if lang == "fr" else view.title_en
        lesson = view.lesson_fr if lang == "fr" else view.lesson_en
        header = W.HTML(f"<h3 style='margin:0.2em 0'>{title}</h3>")
        box = W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap", gap="4px 16px"))
        lesson_html = W.HTML(
            f"<p style='margin:0.3em 0;color:#333'><b>{style.tr('À retenir', 'Key point', lang)}{style.NNBSP}:"
            f"</b> {lesson}</p>"
        )
        self.widget = W.VBox([header, box, self.figure, self.status, self.details, lesson_html])

    # -- state -------------------------------------------------------------------------------------
    def state(self) -> dict:
        return {name: (tuple(w.value) if isinstance(w.value, (tuple, list)) else w.value)
                for name, w in self.controls.items()}  # fmt: skip

    def _refresh_options(self, changed: str, state: dict) -> None:
        """Dependent controls (e.g. destinations of the chosen origin) get their new options."""
        for name, spec in self._specs.items():
            if changed in spec.depends_on:
                widget = self.controls[name]
                options = list(self.view.options(name, state))
                values = [v for _l, v in options]
                keep = widget.value if widget.value in values else values[0]
                self._muted = True
                try:
                    widget.options = options
                    widget.value = keep
                finally:
                    self._muted = False

    def _show_active(self, state: dict) -> None:
        inactive = self.view.inactive(state)
        for name, widget in self.controls.items():
            widget.layout.display = "none" if name in inactive else None

    def _on_change(self, change) -> None:
        if self._muted:
            return
        self.update(changed=getattr(change["owner"], "_mlearn_name", None))

    def update(self, changed: str | None = None) -> None:
        """Recompute the patch for the current controls and apply it to the same figure object."""
        start = time.perf_counter()
        try:
            state = self.state()
            if changed:
                self._refresh_options(changed, state)
                state = self.state()
            patch = self.view.patch(**state)
            apply_patch(self.figure, patch)
            self.status.value = ""
            self.details.value = patch.get("html", "")
            self._show_active(state)
        except Exception as exc:  # never a traceback in the widget area
            message = str(exc).split(" / ")[0]
            with self.figure.batch_update():
                for trace, kind in zip(self.figure.data, self._trace_types, strict=False):
                    trace.update(empty_trace(kind))
                for annotation in self.figure.layout.annotations:
                    if annotation.name == "message":
                        annotation.update(text=message, visible=True)
            self.status.value = f"<span style='color:#8a4b00'>⚠ {message}</span>"
        self.last_update_ms = 1000 * (time.perf_counter() - start)
        self.updates += 1

    # -- display -------------------------------------------------------------------------------------
    def _ipython_display_(self):
        from IPython.display import display

        sync_widget_state(self.figure)
        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        sync_widget_state(self.figure)
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"<Explorer {self.name!r} controls={list(self.controls)}>"
