"""Diaspora map: where people born in a North African country live (UN DESA stocks, WDI population).

Reading taught: a map of counts is dominated by big countries, so counts are drawn as proportional symbols
(never as a choropleth); rates — per 1 000 inhabitants of the country of residence, or the share of the
origin's emigrants — are drawn as a choropleth. The ranking of places changes with the measure. Maps are fully
offline (``mlearn.geo``: our own world topojson, the light « world » layer — Natural Earth 110m plus the 50m
polygons of small states — joined on ``ISO_A3_EH``, referenced by name, not copied into the figure) and follow the
course's Western Sahara convention (hatched, dashed outline, note under the map). Destinations without a
polygon are listed in a footnote, never dropped.
"""

from __future__ import annotations

import warnings

import numpy as np
import plotly.graph_objects as go

from mlearn import fmt
from mlearn.figures import style
from mlearn.figures.base import Control, FigureView, new_figure
from mlearn.figures.stocks import _country_options, _mid_year
from mlearn.figures.style import SIX, tr

MEASURES = {
    "effectifs": ("Effectifs", "Counts"),
    "pour_1000": ("Pour 1 000 habitants", "Per 1,000 inhabitants"),
    "part": ("Part des émigrés (%)", "Share of emigrants (%)"),
}
MAX_BUBBLE_PX = 45
#: The countries layer of the choropleth (``mlearn.geo.geojson_ref``): light enough to redraw on each change.
GEO_LAYER = "world"


def _centroids() -> dict[str, tuple[float, float]]:
    """A point inside the largest polygon of each country (France: metropolitan France, not French Guiana)."""
    from mlearn import geo

    gdf = geo.countries("50m")
    parts = gdf.explode(index_parts=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # area in degrees is only used to pick the biggest part
        parts = parts.assign(_area=parts.geometry.area)
    biggest = parts.sort_values("_area", ascending=False).drop_duplicates("iso3")
    points = biggest.geometry.representative_point()
    return {iso3: (round(p.y, 3), round(p.x, 3)) for iso3, p in zip(biggest["iso3"], points, strict=True)}


class DiasporaMapView(FigureView):
    """Map of the people born in one of the six countries, by country of residence and reference year."""

    name = "diaspora_map"
    title_fr = "Où vivent-ils ? Carte de la diaspora"
    title_en = "Where do they live? Diaspora map"
    datasets = ("migrant_stock", "indicators")
    has_map = True
    lesson_fr = (
        "Une carte d'effectifs met en avant les grands pays : on la dessine en symboles proportionnels. "
        "Rapportés à la population du pays de résidence (pour 1 000 habitants), les mêmes chiffres racontent "
        "une autre histoire : on les dessine en aplats de couleur (choroplèthe)."
    )
    lesson_en = "Counts favour big countries (proportional symbols); rates tell another story (choropleth)."

    def __init__(self, lang: str = "fr"):
        super().__init__(lang)
        from mlearn import data, geo

        stock = data.load("migrant_stock")
        sub = stock[stock["origin_iso3"].isin(SIX) & (stock["sex"] == "total")]
        sub = sub[sub["destination_iso3"] != sub["origin_iso3"]]
        self.years = sorted(int(y) for y in stock["year"].unique())
        self.stock = sub.groupby(["origin_iso3", "year", "destination_iso3"])["migrants"].sum()
        self._rows = {k: self.stock.loc[k] for k in self.stock.index.droplevel(2).unique()}
        ind = data.load("indicators")
        pop = ind[ind["indicator"] == "population"]
        self.population = dict(zip(zip(pop["iso3"], pop["year"], strict=True), pop["value"], strict=True))
        # The figure holds a short reference to the light world layer (110m + the 50m small states), not the
        # polygons: the widget's front-end module carries them (``mlearn.geo.offline_widget``), static pages
        # put them back with ``mlearn.geo.resolve_geojson_refs``.
        self.mapped = {f["id"] for f in geo.geojson(GEO_LAYER)["features"]}
        self.centroids = _centroids()
        # one bubble scale per origin (all years): bubbles compare across years, not across origins
        self.max_count = self.stock.groupby(level=0).max().to_dict()

    def controls(self) -> list[Control]:
        lang = self.lang
        return [
            Control("pays", "Pays de naissance", "Country of birth", "dropdown", "MAR", _country_options(lang)),
            Control("annee", "Année (mi-année)", "Year (mid-year)", "select_slider", self.years[-1],
                    tuple((str(y), y) for y in self.years)),
            Control("mesure", "Mesure", "Measure", "toggle", "effectifs",
                    tuple((tr(fr, en, lang), k) for k, (fr, en) in MEASURES.items())),
        ]  # fmt: skip

    def skeleton(self) -> go.Figure:
        from mlearn import geo

        lang = self.lang
        choropleth = go.Choropleth(
            geojson=geo.geojson_ref(GEO_LAYER), featureidkey="id", locations=[], z=[], colorscale="YlGnBu",
            marker_line_color="#777777", marker_line_width=0.3, zmin=0,
            colorbar=dict(len=0.75, thickness=14, separatethousands=True),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )  # fmt: skip
        bubbles = go.Scattergeo(
            lat=[], lon=[], mode="markers",
            marker=dict(color=style.OKABE_ITO["blue"], opacity=0.65, sizemode="area",
                        line=dict(color="white", width=0.8)),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )  # fmt: skip
        fig = new_figure(lang, [choropleth, bubbles], height=680, bottom=200)
        fig.update_geos(**geo.geo_layout("world"))
        fig.update_layout(showlegend=False, margin=dict(l=10, r=10, t=80, b=200))
        # hatching, dashed outline and label; the §2.3 note goes into our caption (one block, no overlap)
        geo.add_western_sahara(fig, lang=lang, note=False)
        return fig

    def table(self, pays: str, annee: int):
        """Destinations of people born in ``pays``: Series destination → people (all destinations)."""
        rows = self._rows.get((pays, annee))
        return rows if rows is not None else self.stock.iloc[:0].droplevel([0, 1])

    def _patch(self, s: dict) -> dict:
        from mlearn import geo

        lang, pays, annee, mesure = self.lang, s["pays"], s["annee"], s["mesure"]
        people = tr("personnes", "people", lang)
        table = self.table(pays, annee)
        table = table[table > 0]
        unmapped = geo.unmappable_footnote(table.index, lang=lang, resolution=GEO_LAYER)
        names = dict(zip(table.index, style.country_names(table.index, lang), strict=True))
        note = tr("stocks au 1er juillet ; selon le pays de résidence, personnes nées dans le pays d'origine ou "
                  "ayant sa nationalité.", "stocks on 1 July; born in the country of origin, or its citizens, "
                  "depending on the country of residence.", lang)  # fmt: skip
        if unmapped:
            note += " " + unmapped
        note += "<br>" + geo.western_sahara_note(lang)
        datasets = self.datasets if mesure == "pour_1000" else ("migrant_stock",)
        caption = style.sources(*datasets, note=note, lang=lang)
        where = f"{style.country_name(pays, lang)}, {annee}"
        if table.empty:
            return self.empty(["choropleth", "scattergeo"], where, caption)
        total = table.sum()
        born = style.in_country(pays, lang)
        if mesure == "effectifs":
            mapped = table[[c in self.centroids for c in table.index]].sort_values(ascending=False)
            lat = [self.centroids[c][0] for c in mapped.index]
            lon = [self.centroids[c][1] for c in mapped.index]
            custom = [[names[c], f"{fmt.fr_int(v, lang=lang)} {people}"] for c, v in mapped.items()]
            sizeref = 2.0 * self.max_count.get(pays, mapped.max()) / MAX_BUBBLE_PX**2
            data = [
                {"locations": [], "z": [], "customdata": [], "visible": False},
                {"lat": lat, "lon": lon, "customdata": custom, "visible": True,
                 "marker.size": [int(v) for v in mapped], "marker.sizeref": sizeref},
            ]  # fmt: skip
            title = tr(f"Où vivent les personnes nées {born} ? Effectifs par pays de résidence, "
                       f"{_mid_year(annee, 'fr')}", f"Where do people born {born} live? Counts by country of "
                       f"residence, {_mid_year(annee, 'en')}", lang)  # fmt: skip
            subtitle = tr(f"Cercles proportionnels au nombre de personnes (total : {fmt.fr_int(total)} personnes)",
                          f"Circles proportional to the number of people (total {fmt.fr_int(total, lang='en')})",
                          lang)  # fmt: skip
        else:
            if mesure == "pour_1000":
                pops = np.array([self.population.get((c, annee), np.nan) for c in table.index], dtype=float)
                values = 1000 * table.to_numpy(dtype=float) / pops
                unit = tr("pour 1 000 habitants", "per 1,000 inhabitants", lang)
                bar_title = tr("pour 1 000<br>habitants", "per 1,000<br>inhabitants", lang)
                fmt_value = lambda v: fmt.fr_num(v, 2, lang=lang)  # noqa: E731
                title = tr(f"Personnes nées {born} pour 1 000 habitants du pays de résidence, "
                           f"{_mid_year(annee, 'fr')}", f"People born {born} per 1,000 inhabitants of the country "
                           f"of residence, {_mid_year(annee, 'en')}", lang)  # fmt: skip
                subtitle = tr("Dénominateur : population totale du pays de résidence (Banque mondiale, même année)",
                              "Denominator: total population of the country of residence (World Bank, same year)",
                              lang)  # fmt: skip
            else:
                values = 100 * table.to_numpy(dtype=float) / total
                unit = tr("% des personnes nées dans le pays vivant à l'étranger", "% of emigrants", lang)
                bar_title = tr("% des<br>émigrés", "% of<br>emigrants", lang)
                fmt_value = lambda v: fmt.fr_pct(v, 1, lang=lang)  # noqa: E731
                title = tr(f"Répartition des personnes nées {born} vivant à l'étranger, par pays de résidence, "
                           f"{_mid_year(annee, 'fr')} (%)", f"Distribution of people born {born} living abroad, "
                           f"by country of residence, {_mid_year(annee, 'en')} (%)", lang)  # fmt: skip
                subtitle = tr(f"Dénominateur : {fmt.fr_int(total)} personnes nées {born} vivant à l'étranger",
                              f"Denominator: {fmt.fr_int(total, lang='en')} emigrants", lang)  # fmt: skip
            keep = [
                (c, v)
                for c, v in zip(table.index, values, strict=True)
                if c in self.mapped and np.isfinite(v)
            ]
            data = [
                {"locations": [c for c, _ in keep], "z": [round(float(v), 4) for _, v in keep], "visible": True,
                 "customdata": [[names[c], f"{fmt_value(v)} {unit}"] for c, v in keep],
                 "colorbar.title.text": bar_title, "zmax": float(max((v for _, v in keep), default=1))},
                {"lat": [], "lon": [], "customdata": [], "visible": False},
            ]  # fmt: skip
        return {
            "data": data,
            "layout": {"title.text": style.wrap_title(title, subtitle)},
            "caption": caption,
            "message": None,
        }
