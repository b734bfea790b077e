"""Plotly helpers for the course maps: map frames (projections and extents) and the Western Sahara overlay.

plotly has no hatch pattern for geo fills, so the « hachures » are real lines: parallel diagonals clipped to
the territory, drawn as one thin grey ``Scattergeo`` line trace, plus a dashed outline and an italic label.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import shape

from mlearn.geo import conventions as C
from mlearn.geo.layers import western_sahara_geojson, western_sahara_note

HATCH_COLOR = "#9e9e9e"
OUTLINE_COLOR = "#616161"
LAND_COLOR = "#eeeeee"
OCEAN_COLOR = "#f7fbff"

#: Map frames: projection and explicit extent (``fitbounds="locations"`` would zoom out to the world because
#: France's polygon includes French Guiana).
REGIONS: dict[str, dict] = {
    "world": {
        "projection": {"type": "natural earth"},
        "lonaxis": {"range": [-180, 180]},
        "lataxis": {"range": [-60, 85]},
    },
    "north_africa_europe": {
        "projection": {"type": "azimuthal equal area", "rotation": {"lon": 10, "lat": 45}},
        "lonaxis": {"range": [-25, 45]},
        "lataxis": {"range": [15, 71]},
    },
    "mediterranean": {
        "projection": {"type": "azimuthal equal area", "rotation": {"lon": 12, "lat": 36}},
        "lonaxis": {"range": [-18, 40]},
        "lataxis": {"range": [18, 48]},
    },
    "north_africa": {
        "projection": {"type": "azimuthal equal area", "rotation": {"lon": 8, "lat": 28}},
        "lonaxis": {"range": [-18, 37]},
        "lataxis": {"range": [19, 38]},
    },
}


def geo_layout(region: str = "north_africa_europe", **overrides) -> dict:
    """A ``layout.geo`` dict for a course map (use ``fig.update_geos(**geo_layout(...))``).

    Equal-area projection for North Africa and Europe, « natural earth » for the world (curriculum §2.3); land
    in light grey from the offline topojson, no frame, no lakes/rivers (the offline topojson has none).
    """
    if region not in REGIONS:
        raise ValueError(
            f"Cadre de carte inconnu : {region!r} ; valeurs possibles : {', '.join(REGIONS)} "
            f"/ unknown map region {region!r}"
        )
    base = {
        "showframe": False,
        "showcoastlines": False,
        "showcountries": False,
        "showland": True,
        "landcolor": LAND_COLOR,
        "showocean": True,
        "oceancolor": OCEAN_COLOR,
        "showlakes": False,
        "showrivers": False,
        "resolution": 110,  # the only topojson shipped offline (world_110m.json)
        "bgcolor": "rgba(0,0,0,0)",
    }
    frame = {k: dict(v) for k, v in REGIONS[region].items()}
    return {**base, **frame, **overrides}


def _lines_to_lonlat(geom) -> tuple[list, list]:
    lons: list = []
    lats: list = []
    for line in shapely.get_parts(geom):
        if line.geom_type == "Polygon":
            rings = [line.exterior, *line.interiors]
        else:
            rings = [line]
        for ring in rings:
            xy = np.asarray(ring.coords)
            if len(xy) < 2:
                continue
            lons.extend(np.round(xy[:, 0], 4).tolist() + [None])
            lats.extend(np.round(xy[:, 1], 4).tolist() + [None])
    return lons, lats


def western_sahara_shape():
    """The « Sahara occidental » polygon as a shapely geometry (from ``data/geo/western_sahara.geojson``)."""
    return shape(western_sahara_geojson()["features"][0]["geometry"])


def hatch_lines(geom, spacing: float = 0.6, angle_deg: float = 45.0):
    """Parallel lines ``spacing`` degrees apart at ``angle_deg``, clipped to ``geom`` (a MultiLineString)."""
    minx, miny, maxx, maxy = geom.bounds
    span = (maxx - minx) + (maxy - miny)
    t = np.tan(np.radians(angle_deg))
    lines = []
    for c in np.arange(miny - (maxx - minx) * abs(t) - spacing, maxy + spacing, spacing):
        x0, x1 = minx - 1, minx + span + 1
        lines.append([(x0, c + (x0 - minx) * t), (x1, c + (x1 - minx) * t)])
    return shapely.intersection(shapely.MultiLineString(lines), geom)


def western_sahara_traces(
    lang: str = "fr", label: bool = True, spacing: float = 0.6, geo: str = "geo", hatch: bool = True
) -> list:
    """Scattergeo traces for the territory: grey hatching, dashed outline, italic label (no hover, no legend).

    ``hatch=False`` keeps only the outline (and label): for Morocco's admin-1 maps, whose regions MA-11/MA-12
    cover the territory and show the national source's values (curriculum §2.3, point 3).
    """
    import plotly.graph_objects as go

    geom = western_sahara_shape()
    name = C.WESTERN_SAHARA_NAME_EN if str(lang).lower().startswith("en") else C.WESTERN_SAHARA_NAME_FR
    common = {"mode": "lines", "hoverinfo": "skip", "showlegend": False, "geo": geo}
    hx, hy = _lines_to_lonlat(hatch_lines(geom, spacing))
    ox, oy = _lines_to_lonlat(geom.boundary)
    hatching = go.Scattergeo(
        lon=hx, lat=hy, line={"color": HATCH_COLOR, "width": 0.7}, name="esh-hatching", **common
    )
    traces = [hatching] if hatch else []
    traces += [
        go.Scattergeo(
            lon=ox,
            lat=oy,
            line={"color": OUTLINE_COLOR, "width": 1.2, "dash": "dash"},
            name="esh-outline",
            **common,
        ),
    ]
    if label:
        point = geom.representative_point()
        traces.append(
            go.Scattergeo(
                lon=[round(point.x, 3)],
                lat=[round(point.y, 3)],
                mode="text",
                text=[f"<i>{name}</i>"],
                textfont={"size": 10, "color": "#424242"},
                hoverinfo="skip",
                showlegend=False,
                name="esh-label",
                geo=geo,
            )
        )
    return traces


def add_western_sahara(
    fig, lang: str = "fr", label: bool = True, note: bool = True, note_y: float = -0.3, hatch: bool = True
):
    """Overlay the Western Sahara convention on a map figure (in place; returns ``fig``).

    Adds the hatching (unless ``hatch=False``: admin-1 maps of Morocco), the dashed outline and the label on
    top of the data traces; with ``note`` adds the
    §2.3 note as a small annotation under the plot (``yref="paper"``), below the source line at ``y=-0.18``.
    """
    for trace in western_sahara_traces(lang=lang, label=label, hatch=hatch):
        fig.add_trace(trace)
    if note:
        fig.add_annotation(
            text=_wrap(western_sahara_note(lang), 150),
            xref="paper",
            yref="paper",
            x=0,
            y=note_y,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": 9, "color": "#555555"},
            name="esh-note",
        )
    return fig


def _wrap(text: str, width: int) -> str:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return "<br>".join(lines)
