"""The figure "view" pattern shared by all chart builders.

A :class:`FigureView` precomputes, once, the small lookup tables a chart needs from ``mlearn.data``; then
``patch(**state)`` returns only what changes for a given state of the controls (trace values, title,
caption, optional « Aucune donnée pour … » message). ``figure(**state)`` applies that patch to a fixed
skeleton and returns a plain ``plotly.graph_objects.Figure`` (the pure function used by notebooks and static
pages); ``mlearn.explorers`` applies the same patches to a ``FigureWidget`` in place with ``batch_update``.

Map skeletons hold GeoJSON *references* (``mlearn.geo.geojson_ref``, listed in ``mlearn.figures.GEOJSON_REFS``),
not polygons: ``skeleton()``/``skeleton_json()``/``figure_with_refs()`` keep them, ``figure()`` resolves them.
Anything that turns a skeleton or a widget's figure into a page must call ``mlearn.geo.resolve_geojson_refs``
(or preload the layers with ``mlearn.geo.preload_script(GEOJSON_REFS)``).

The controls of a view are declared as data (:class:`Control`), so the explorers only map them to widgets.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from plotly.basedatatypes import Undefined

from mlearn.figures import style


@dataclass(frozen=True)
class Control:
    """One control of a view, declared as data. ``options`` is a list of ``(label, value)`` pairs."""

    name: str
    label_fr: str
    label_en: str
    kind: str  # dropdown | toggle | radio | slider | select_slider | range | checkbox
    default: Any
    options: tuple = ()
    min: int | None = None
    max: int | None = None
    step: int = 1
    depends_on: tuple = field(default_factory=tuple)  # options recomputed when these change

    def label(self, lang: str = "fr") -> str:
        return self.label_fr if lang == "fr" else self.label_en

    def values(self) -> list:
        return [v for _label, v in self.options]


# Keys that hold the data of a trace, by trace type: emptied when a selection has no data.
_DATA_KEYS = {
    "bar": ("x", "y", "text", "customdata"),
    "scatter": ("x", "y", "text", "customdata"),
    "scattergeo": ("lat", "lon", "text", "customdata"),
    "choropleth": ("locations", "z", "text", "customdata"),
}


def empty_trace(trace_type: str) -> dict:
    return {k: [] for k in _DATA_KEYS.get(trace_type, ("x", "y"))}


class FigureView:
    """Base class: subclasses set ``name``, ``datasets``, ``controls`` and implement ``skeleton`` and ``_patch``."""

    name: str = ""
    has_map: bool = False  # geo subplots: the explorer uses mlearn.geo's offline FigureWidget
    title_fr: str = ""
    title_en: str = ""
    datasets: tuple[str, ...] = ()
    lesson_fr: str = ""  # the reading of the data the view teaches (shown under the explorer)
    lesson_en: str = ""

    def __init__(self, lang: str = "fr"):
        self.lang = style.check_lang(lang)
        self._cache: dict = {}

    # -- controls -------------------------------------------------------------------------------
    def controls(self) -> list[Control]:
        raise NotImplementedError

    def options(self, name: str, state: dict) -> tuple:
        """Options of a control for the current state (overridden for dependent controls)."""
        return next(c for c in self.controls() if c.name == name).options

    def inactive(self, state: dict) -> set:
        """Controls that do not apply to the current state (hidden by the explorer)."""
        return set()

    def defaults(self) -> dict:
        return {c.name: c.default for c in self.controls()}

    def resolve(self, state: dict) -> dict:
        """Fill in defaults and check every value: ``ValueError`` naming the bad value and the allowed ones."""
        specs = {c.name: c for c in self.controls()}
        unknown = set(state) - set(specs)
        if unknown:
            raise ValueError(
                f"Réglage inconnu : {sorted(unknown)} (réglages possibles : {sorted(specs)}) / "
                f"unknown control(s) {sorted(unknown)} (allowed: {sorted(specs)})"
            )
        full = {**self.defaults(), **state}
        for name, spec in specs.items():
            value = full[name]
            if spec.kind in ("dropdown", "toggle", "radio", "select_slider"):
                style.check_choice(name, value, [v for _l, v in self.options(name, full)])
            elif spec.kind == "slider":
                style.check_choice(name, value, range(spec.min, spec.max + 1, spec.step))
            elif spec.kind == "range":
                lo, hi = value
                if not (spec.min <= lo <= hi <= spec.max):
                    raise ValueError(
                        f"Intervalle invalide pour {name} : {value!r} (entre {spec.min} et {spec.max}) / "
                        f"invalid range for {name}: {value!r} (allowed {spec.min}–{spec.max})"
                    )
                full[name] = (int(lo), int(hi))
            elif spec.kind == "checkbox":
                full[name] = bool(value)
        return full

    # -- figure ---------------------------------------------------------------------------------
    def skeleton(self) -> go.Figure:
        """The figure with its fixed set of traces (empty) and layout; patches fill it."""
        raise NotImplementedError

    def _patch(self, state: dict) -> dict:
        raise NotImplementedError

    def patch(self, **state) -> dict:
        """``{"data": [dict per trace], "layout": {...}, "caption": str, "message": str | None}``.

        Memoised per state: a control change that comes back to a state already seen is a dict lookup.
        """
        full = self.resolve(state)
        defaults = self.defaults()
        for name in self.inactive(full):  # controls that do not apply cannot change the figure
            full[name] = defaults[name]
        key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in full.items()))
        hit = self._cache.get(key)
        if hit is None:
            followers = self._followers()
            hit = self._fit_caption(_mirror_category_keys(self._patch(full), followers))
            if len(self._cache) > 512:
                skeleton = self._cache.get("__skeleton__")
                self._cache.clear()
                if skeleton is not None:
                    self._cache["__skeleton__"] = skeleton
                    self._cache["__followers__"] = followers
            self._cache[key] = hit
        return hit

    def skeleton_json(self) -> dict:
        """The skeleton as a plain dict, built once per view (figures made from it copy it).

        Category axes linked with ``matches`` are unlinked here (see :func:`unlink_category_axes`).
        """
        cached = self._cache.get("__skeleton__")
        if cached is None:
            cached = self.skeleton().to_plotly_json()
            self._cache["__followers__"] = unlink_category_axes(cached["layout"])
            self._cache["__skeleton__"] = cached
        return cached

    def _fit_caption(self, patch: dict) -> dict:
        """Room for every line of the caption and of the title: plotly annotations and titles neither wrap nor
        push the margins, so a long caption (notes, footnotes) was cut at the bottom of the figure and a title
        wrapped on three lines would run into the legend. The margins and the height grow together (the plot
        area keeps its size); short texts get the skeleton's values back.
        """
        layout = self.skeleton_json()["layout"]
        height, margin = layout.get("height") or 520, layout.get("margin") or {}
        top, bottom = margin.get("t", 100), margin.get("b", 80)
        y = next(
            (a.get("y", -0.18) for a in layout.get("annotations", ()) if a.get("name") == "source"), -0.18
        )
        offset = -float(y) * max(
            1, height - top - bottom
        )  # pixels from the plot's bottom to the caption's top
        lines = (patch.get("caption") or "").count("<br>") + 1
        need = int(offset + lines * style.CAPTION_LINE_PX + style.CAPTION_PAD_PX)
        extra_bottom = max(0, need - bottom)
        title = (patch.get("layout") or {}).get("title.text") or ""
        extra_top = max(0, title.count("<br>") + 1 - style.TITLE_LINES) * style.TITLE_LINE_PX
        fit = {"margin.b": bottom + extra_bottom, "margin.t": top + extra_top,
               "height": height + extra_bottom + extra_top}  # fmt: skip
        return {**patch, "layout": {**(patch.get("layout") or {}), **fit}}

    def _followers(self) -> dict[str, list[str]]:
        self.skeleton_json()
        return self._cache["__followers__"]

    def figure_with_refs(self, **state) -> go.Figure:
        """The figure for ``state``, map layers left as ``mlearn.geo.geojson_ref`` strings (for widgets:
        :func:`mlearn.geo.offline_widget` preloads them; a plain page would not find them)."""
        patch = self.patch(**state)
        fig = go.Figure(self.skeleton_json())
        apply_patch(fig, patch)
        return fig

    def figure(self, **state) -> go.Figure:
        """A self-contained ``go.Figure`` (GeoJSON references replaced by the polygons): ``show``, HTML, JSON."""
        fig = self.figure_with_refs(**state)
        if self.has_map:
            from mlearn import geo

            geo.resolve_geojson_refs(fig)
        return fig

    def empty(self, fig_types: list[str], what: str, caption: str, layout: dict | None = None) -> dict:
        """A patch that empties every trace and shows « Aucune donnée pour <what> »."""
        return {
            "data": [empty_trace(t) for t in fig_types],
            "layout": layout or {},
            "caption": caption,
            "message": style.text("no_data", self.lang, what=what),
        }


# Axis settings a follower axis copies from the axis it matched (they decide which categories it shows).
_CATEGORY_KEYS = ("type", "autorange", "categoryorder", "categoryarray")


def unlink_category_axes(layout: dict) -> dict[str, list[str]]:
    """Drop ``matches`` between category axes (in place); return ``{leader: [followers]}`` (e.g. ``yaxis2``).

    plotly.js (3.x, the FigureWidget's and the static pages') shares the category list of axes that match:
    on every recalculation, ``ax.clearCalc`` takes the group's existing ``_categories`` instead of emptying
    them, so after a ``Plotly.update``/``restyle`` with new category values the axis keeps the OLD categories
    beside the new ones (seen in JupyterLab: corridors, Maroc → Égypte, showed 16 country names), even with
    an explicit ``categoryarray``. So matched category axes are made independent, each with the leader's
    type/autorange/categoryorder/categoryarray, and patches set the same keys on both
    (:func:`_mirror_category_keys`). Matched numeric or date axes keep their link (zoom stays shared).
    """
    followers: dict[str, list[str]] = {}
    for name, axis in list(layout.items()):
        if not (isinstance(axis, dict) and name[1:5] == "axis" and axis.get("matches")):
            continue
        leader = name[0] + "axis" + axis["matches"][1:]
        leader_axis = layout.get(leader) or {}
        if "category" not in (axis.get("type"), leader_axis.get("type")):
            continue
        del axis["matches"]
        for key in _CATEGORY_KEYS:
            if key in leader_axis:
                axis[key] = deepcopy(leader_axis[key])
        followers.setdefault(leader, []).append(name)
    return followers


def _mirror_category_keys(patch: dict, followers: dict[str, list[str]]) -> dict:
    """Copy a patch's ``<leader>.<category key>`` values to the leader's unlinked follower axes."""
    layout = patch.get("layout")
    if not followers or not layout:
        return patch
    extra = {}
    for key, value in layout.items():
        leader, _, attr = key.partition(".")
        if attr in _CATEGORY_KEYS:
            for follower in followers.get(leader, ()):
                extra.setdefault(f"{follower}.{attr}", value)
    missing = {k: v for k, v in extra.items() if k not in layout}
    return {**patch, "layout": {**layout, **missing}} if missing else patch


def _annotation_slots(fig) -> dict[str, int]:
    """Index of the "source" and "message" annotations (looked up once per figure object)."""
    slots = _SLOTS.get(id(fig))
    if slots is None or slots[0] is not fig:
        names = {a.name: i for i, a in enumerate(fig.layout.annotations) if a.name in ("source", "message")}
        slots = (fig, names)
        _SLOTS[id(fig)] = slots
    return slots[1]


_SLOTS: dict[int, tuple] = {}


def apply_patch(fig: go.Figure, patch: dict) -> None:
    """Apply a view's patch in place: one ``plotly_update`` (restyle + relayout) inside ``batch_update``.

    This is the message ``batch_update`` itself sends, built directly from the patch: keys a trace does not
    change are ``Undefined`` (left as they are), and only values that differ from the figure's are sent.
    Static overlay traces (e.g. the Western Sahara hatching) come after the patched ones and are not touched.
    """
    data = patch["data"]
    keys = list(dict.fromkeys(k for update in data for k in update))
    restyle = {k: [update.get(k, Undefined) for update in data] for k in keys}
    relayout = dict(patch.get("layout") or {})
    slots = _annotation_slots(fig)
    message = patch.get("message")
    relayout[f"annotations[{slots['source']}].text"] = patch["caption"]
    relayout[f"annotations[{slots['message']}].text"] = message or ""
    relayout[f"annotations[{slots['message']}].visible"] = bool(message)
    with fig.batch_update():
        fig.plotly_update(restyle_data=restyle, relayout_data=relayout, trace_indexes=list(range(len(data))))


def new_figure(
    lang: str,
    traces: list,
    layout: dict | None = None,
    height: int = 520,
    bottom: int = 130,
    fig=None,
    caption_gap: int = 80,
):
    """A figure with the shared layout, the caption and the hidden « Aucune donnée » message.

    ``fig`` may be a ``make_subplots`` figure; the traces are then added by the caller. ``caption_gap``: pixels
    at least between the bottom of the plot and the caption (more under long, rotated category labels).
    """
    fig = go.Figure(data=traces) if fig is None else fig
    fig.update_layout(**style.base_layout(lang, height=height, bottom=bottom))
    if layout:
        fig.update_layout(**layout)
    # y ≈ -0.18 of the plot height (curriculum §2.2), lower on short plots so it clears the x-axis title
    plot_height = max(1, fig.layout.height - fig.layout.margin.t - fig.layout.margin.b)
    caption = style.caption_annotation("")
    caption["y"] = -max(0.18, caption_gap / plot_height)
    fig.add_annotation(**caption)
    fig.add_annotation(**style.message_annotation())
    return fig
