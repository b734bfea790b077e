"""Refugees and asylum: who is hosted in North Africa (UNHCR), who applies in the EU (Eurostat), and how
recognition rates depend on their denominator (UNHCR decisions).

Readings taught:
- *accueil*: the refugees and asylum-seekers hosted in North Africa come mostly from neighbouring conflicts
  (Sudan, Mali, Western Sahara); end-of-year stocks; Algeria's Sahrawi figure is a flat planning figure with
  series breaks (2005, 2024), not an influx;
- *demandes UE*: first-time applicants in the EU27 by citizenship and sex (rounded to 5); the EU27 row is an
  aggregate, never added to the member states; the share of women depends on the channel;
- *reconnaissance*: a protection rate must state its denominator — first instance or all levels, closed cases
  included or not (Moroccans 2023: 10.8 %, 5.6 % or 3.2 %).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mlearn import fmt
from mlearn.figures import style
from mlearn.figures.base import Control, FigureView, new_figure
from mlearn.figures.style import NNBSP, SIX, tr

# The 27 member states since 1 February 2020 (Eurostat's EU27_2020).
EU27 = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
    "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
)  # fmt: skip

VIEWS = {
    "accueil": ("Personnes accueillies (HCR)", "People hosted (UNHCR)"),
    "demandes_ue": ("Primo-demandes d'asile dans l'UE (Eurostat)", "First-time asylum applicants in the EU"),
    "reconnaissance": ("Taux de protection (HCR)", "Protection rate (UNHCR)"),
}
TOP_ORIGINS = 10


def protection_rate(decisions: pd.DataFrame, first_instance: bool, include_closed: bool) -> pd.DataFrame:
    """Per year: recognised + other protection, rejected, closed, and the rate in %. Pure pandas."""
    d = decisions[decisions["dec_level"] == "FI"] if first_instance else decisions
    g = d.groupby("year")[["dec_recognized", "dec_other", "dec_rejected", "dec_closed"]].sum()
    positive = g["dec_recognized"] + g["dec_other"]
    denominator = positive + g["dec_rejected"] + (g["dec_closed"] if include_closed else 0)
    g["positive"] = positive
    g["denominator"] = denominator
    g["rate"] = (100 * positive / denominator.where(denominator > 0)).astype(float)
    return g


class RefugeesAsylumView(FigureView):
    """Three readings of protection data: hosted in North Africa, first-time applicants in the EU, rates."""

    name = "refugees_asylum"
    title_fr = "Réfugiés, demandeurs d'asile et taux de protection"
    title_en = "Refugees, asylum-seekers and protection rates"
    datasets = ("refugees", "asylum_first_time_eu", "asylum_decisions")
    lesson_fr = (
        "Les personnes réfugiées en Afrique du Nord viennent surtout de conflits voisins (Soudan, Mali, Sahara "
        "occidental). Un taux de protection dépend de son dénominateur : première instance ou tous niveaux, "
        "dossiers clos inclus ou non. Un taux faible ne prouve pas que les demandes sont infondées."
    )
    lesson_en = (
        "Refugees in North Africa mostly come from neighbouring conflicts; a rate depends on its denominator."
    )

    def __init__(self, lang: str = "fr"):
        super().__init__(lang)
        from mlearn import data

        ref = data.load("refugees")
        ref = ref[ref["asylum_iso3"].isin(SIX)]
        self.hosted = ref.groupby(["asylum_iso3", "year", "origin_iso3"])[
            ["refugees", "asylum_seekers"]
        ].sum()
        self.host_years = (int(ref["year"].min()), int(ref["year"].max()))
        self._hosted_rows = self.hosted.reset_index().groupby(["asylum_iso3", "year"]).indices
        self._hosted_flat = self.hosted.reset_index()

        eu = data.load("asylum_first_time_eu")
        eu = eu[(eu["reporting"] == "EU27") & eu["citizenship_iso3"].isin(SIX)]
        self.applicants = eu.pivot_table(
            index=["citizenship_iso3", "year"], columns="sex", values="applicants", aggfunc="sum"
        )
        self.eu_years = (int(eu["year"].min()), int(eu["year"].max())) if len(eu) else (2011, 2024)

        countries = data.load("countries")
        eu27 = set(countries.loc[countries["eu"].astype(bool), "iso3"]) if "eu" in countries else set(EU27)
        dec = data.load("asylum_decisions")
        self.decisions = dec[dec["asylum_iso3"].isin(eu27) & dec["origin_iso3"].isin(SIX)]
        self._dec_by_origin = {o: g for o, g in self.decisions.groupby("origin_iso3")}

    def controls(self) -> list[Control]:
        lang = self.lang
        return [
            Control("vue", "Lecture", "View", "toggle", "accueil",
                    tuple((tr(fr, en, lang), k) for k, (fr, en) in VIEWS.items())),
            Control("pays", "Pays", "Country", "dropdown", "EGY",
                    tuple((style.country_name(c, lang), c) for c in SIX)),
            Control("annee", "Année (fin d'année)", "Year (end of year)", "slider", self.host_years[1],
                    min=max(2000, self.host_years[0]), max=self.host_years[1]),
            Control("niveau", "Décisions", "Decisions", "toggle", "FI", (
                (tr("Première instance", "First instance", lang), "FI"),
                (tr("Tous niveaux", "All levels", lang), "tous"))),
            Control("inclure_clos", "Compter les dossiers clos au dénominateur", "Count closed cases",
                    "checkbox", False),
        ]  # fmt: skip

    def inactive(self, state: dict) -> set:
        vue = state.get("vue", "accueil")
        if vue == "accueil":
            return {"niveau", "inclure_clos"}
        if vue == "demandes_ue":
            return {"annee", "niveau", "inclure_clos"}
        return {"annee"}

    def skeleton(self) -> go.Figure:
        lang = self.lang
        people = tr("personnes", "people", lang)
        traces = [
            go.Bar(name=tr("Réfugiés", "Refugees", lang), marker_color=style.OKABE_ITO["blue"],
                   hovertemplate="<b>%{x}</b><br>" + tr("Réfugiés", "Refugees", lang) + " : %{y:,.0f}<extra></extra>"),
            go.Bar(name=tr("Demandeurs d'asile", "Asylum-seekers", lang), marker_color=style.OKABE_ITO["sky"],
                   marker_pattern_shape="/", hovertemplate="<b>%{x}</b><br>"
                   + tr("Demandeurs d'asile", "Asylum-seekers", lang) + " : %{y:,.0f}<extra></extra>"),
        ]  # fmt: skip
        for sex in ("female", "male", "unknown"):
            label = {"female": tr("Femmes", "Women", lang), "male": tr("Hommes", "Men", lang),
                     "unknown": tr("Sexe inconnu", "Sex unknown", lang)}[sex]  # fmt: skip
            traces.append(
                go.Bar(name=label, marker_color=style.SEX_COLORS[sex], marker_pattern_shape=style.SEX_PATTERNS[sex],
                       hovertemplate=f"<b>{label}</b>, " + "%{x} : %{y:,.0f} " + people
                       + "<br>%{customdata}<extra></extra>")
            )  # fmt: skip
        traces.append(
            go.Bar(name=tr("Taux de protection", "Protection rate", lang), marker_color=style.OKABE_ITO["green"],
                   texttemplate="%{y:.1f}" + style.PCT, textposition="outside", cliponaxis=False,
                   hovertemplate="%{x} : %{y:.1f}" + style.PCT + "<br>%{customdata}<extra></extra>")
        )  # fmt: skip
        # origin names are long: in a 700 px figure plotly turns them, and they reach ≈ 110 px under the plot
        fig = new_figure(lang, traces, height=560, caption_gap=125)
        fig.update_layout(barmode="stack")
        fig.update_xaxes(type="category")
        return fig

    # -- the three readings --------------------------------------------------------------------------
    def hosted_table(self, pays: str, annee: int) -> pd.DataFrame:
        rows = self._hosted_rows.get((pays, annee))
        if rows is None:
            return pd.DataFrame(columns=["origin_iso3", "refugees", "asylum_seekers"])
        sub = self._hosted_flat.iloc[rows][["origin_iso3", "refugees", "asylum_seekers"]]
        sub = sub.assign(total=sub["refugees"] + sub["asylum_seekers"])
        sub = sub[sub["total"] > 0].sort_values(
            ["total", "origin_iso3"], ascending=[False, True], kind="stable"
        )
        return sub

    def _empty(self, what: str, caption: str) -> dict:
        return self.empty(["bar"] * 6, what, caption)

    def _patch(self, s: dict) -> dict:
        vue = s["vue"]
        if vue == "accueil":
            return self._patch_hosted(s)
        if vue == "demandes_ue":
            return self._patch_applicants(s)
        return self._patch_rates(s)

    def _patch_hosted(self, s: dict) -> dict:
        lang, pays, annee = self.lang, s["pays"], s["annee"]
        note = tr("stocks au 31 décembre (fin d'année) ; certaines valeurs sont des estimations de planification",
                  "stocks on 31 December; some values are planning figures", lang)  # fmt: skip
        if pays == "DZA":
            note += tr(" (Sahara occidental : chiffre forfaitaire, ruptures de série en 2005 et 2024, pas des "
                       "arrivées)", " (Western Sahara: flat figure, series breaks in 2005 and 2024, not arrivals)",
                       lang)  # fmt: skip
        caption = style.sources("refugees", note=note, lang=lang)
        table = self.hosted_table(pays, annee)
        where = f"{style.country_name(pays, lang)}, {annee}"
        if table.empty:
            return self._empty(where, caption)
        top = table.head(TOP_ORIGINS)
        rest = table.iloc[TOP_ORIGINS:]
        names = style.country_names(top["origin_iso3"], lang)
        refugees, seekers = list(top["refugees"]), list(top["asylum_seekers"])
        if len(rest):
            names.append(tr(f"Autres origines ({len(rest)})", f"Other origins ({len(rest)})", lang))
            refugees.append(rest["refugees"].sum())
            seekers.append(rest["asylum_seekers"].sum())
        total = table["total"].sum()
        title = tr(
            f"Réfugiés et demandeurs d'asile accueillis {style.in_country(pays, 'fr')}, par pays d'origine, "
            f"fin {annee}",
            f"Refugees and asylum-seekers hosted {style.in_country(pays, 'en')}, by origin, end of {annee}",
            lang,
        )
        subtitle = tr(
            f"Personnes au 31 décembre ; total : {fmt.fr_int(total)} (réfugiés {fmt.fr_int(table['refugees'].sum())}, "
            f"demandeurs d'asile {fmt.fr_int(table['asylum_seekers'].sum())})",
            f"People on 31 December; total: {fmt.fr_int(total, lang='en')}",
            lang,
        )
        empty = {"x": [], "y": [], "customdata": []}
        return {
            "data": [
                {"x": names, "y": [int(v) for v in refugees]},
                {"x": names, "y": [int(v) for v in seekers]},
                empty,
                empty,
                empty,
                empty,
            ],  # fmt: skip
            "layout": {
                "title.text": style.wrap_title(title, subtitle),
                "xaxis.title.text": tr("Pays d'origine", "Country of origin", lang),
                "xaxis.categoryorder": "array",
                "xaxis.categoryarray": names,
                "yaxis.title.text": tr("Personnes (fin d'année)", "People (end of year)", lang),
                "yaxis.tickformat": ",.0f",
                "yaxis.ticksuffix": "",
                "yaxis.range": None,
            },
            "caption": caption,
            "message": None,
        }

    def applicants_table(self, pays: str) -> pd.DataFrame:
        if pays not in self.applicants.index.get_level_values(0):
            return pd.DataFrame(columns=["female", "male", "unknown"])
        sub = self.applicants.loc[pays]
        for sex in ("female", "male", "unknown"):
            if sex not in sub:
                sub[sex] = 0
        return sub[["female", "male", "unknown"]].fillna(0)

    def _patch_applicants(self, s: dict) -> dict:
        lang, pays = self.lang, s["pays"]
        note = tr("primo-demandeurs (première demande), arrondis à 5 ; total = femmes + hommes + sexe inconnu ; "
                  "ligne « UE27 » (agrégat), jamais additionnée aux États membres.",
                  "first-time applicants, rounded to 5; total = women + men + unknown; EU27 aggregate row, never "
                  "added to the member states.", lang)  # fmt: skip
        caption = style.sources("asylum_first_time_eu", note=note, lang=lang)
        table = self.applicants_table(pays)
        if table.empty or table.to_numpy().sum() == 0:
            return self._empty(tr(f"{style.country_name(pays, 'fr')} (demandes dans l'UE27)",
                                  f"{style.country_name(pays, 'en')} (applications in the EU27)", lang), caption)  # fmt: skip
        years = [str(y) for y in table.index]
        total = table.sum(axis=1)
        share = 100 * table["female"] / total.where(total > 0)
        hover = [tr("Part des femmes : ", "Share of women: ", lang) + fmt.fr_pct(v, lang=lang) for v in share]
        last = table.index[-1]
        title = tr(
            f"Primo-demandeurs d'asile dans l'UE27 ayant la nationalité du pays « {style.country_name(pays, 'fr')} », "
            f"par sexe, {table.index[0]}–{last}",
            f"First-time asylum applicants in the EU27, citizens of {style.country_name(pays, 'en')}, by sex, "
            f"{table.index[0]}–{last}",
            lang,
        )
        subtitle = tr(
            f"Personnes par an ; {last} : {fmt.fr_int(total[last])} dont {fmt.fr_pct(share[last])} de femmes",
            f"People per year; {last}: {fmt.fr_int(total[last], lang='en')}, {fmt.fr_pct(share[last], lang='en')} women",
            lang,
        )
        data = [{"x": [], "y": []}, {"x": [], "y": []}]
        for sex in ("female", "male", "unknown"):
            data.append({"x": years, "y": [int(v) for v in table[sex]], "customdata": hover})
        data.append({"x": [], "y": [], "customdata": []})
        return {
            "data": data,
            "layout": {
                "title.text": style.wrap_title(title, subtitle),
                "xaxis.title.text": tr("Année de la demande", "Year of application", lang),
                "xaxis.categoryorder": "array",
                "xaxis.categoryarray": years,
                "yaxis.title.text": tr(
                    "Primo-demandeurs (personnes)", "First-time applicants (people)", lang
                ),
                "yaxis.tickformat": ",.0f",
                "yaxis.ticksuffix": "",
                "yaxis.range": None,
            },
            "caption": caption,
            "message": None,
        }

    def _patch_rates(self, s: dict) -> dict:
        lang, pays, fi, closed = self.lang, s["pays"], s["niveau"] == "FI", s["inclure_clos"]
        level = (
            tr("en première instance", "at first instance", lang)
            if fi
            else tr("tous niveaux", "all levels", lang)
        )
        note = tr(
            "taux = (statut reconnu + autre protection) / (reconnu + autre + rejet"
            + (" + dossiers clos" if closed else "") + ") ; décisions des 27 pays de l'UE ; personnes et dossiers "
            "selon les pays.",
            "rate = (recognised + other protection) / (recognised + other + rejected"
            + (" + closed" if closed else "") + "); decisions of the 27 EU countries; persons or cases by country.",
            lang,
        )  # fmt: skip
        caption = style.sources("asylum_decisions", note=note, lang=lang)
        dec = self._dec_by_origin.get(pays)
        where = tr(f"{style.country_name(pays, 'fr')} (décisions dans l'UE27)",
                   f"{style.country_name(pays, 'en')} (decisions in the EU27)", lang)  # fmt: skip
        if dec is None:
            return self._empty(where, caption)
        key = ("__rates__", pays, fi, closed)
        if key not in self._cache:
            self._cache[key] = protection_rate(dec, fi, closed).dropna(subset=["rate"])
        table = self._cache[key]
        if table.empty:
            return self._empty(where, caption)
        years = [str(y) for y in table.index]
        hover = [
            tr(f"{fmt.fr_int(p)} décisions positives sur {fmt.fr_int(d)}",
               f"{fmt.fr_int(p, lang='en')} positive decisions out of {fmt.fr_int(d, lang='en')}", lang)
            for p, d in zip(table["positive"], table["denominator"], strict=True)
        ]  # fmt: skip
        title = tr(
            f"Taux de protection {level} des demandeurs d'asile ayant la nationalité du pays "
            f"« {style.country_name(pays, 'fr')} », pays de l'UE27, {years[0]}–{years[-1]} (%)",
            f"Protection rate {level} for asylum applicants from {style.country_name(pays, 'en')}, EU27 countries, "
            f"{years[0]}–{years[-1]} (%)",
            lang,
        )
        last = table.iloc[-1]
        formula = tr(
            f"{years[-1]} : taux = (reconnus + autres protections) / (reconnus + autres + rejets"
            f"{' + clos' if closed else ''}) = {fmt.fr_int(last['positive'])} / {fmt.fr_int(last['denominator'])} "
            f"= {fmt.fr_pct(last['rate'])}",
            f"{years[-1]}: rate = (recognised + other) / (recognised + other + rejected{' + closed' if closed else ''}) "
            f"= {fmt.fr_int(last['positive'], lang='en')} / {fmt.fr_int(last['denominator'], lang='en')} = "
            f"{fmt.fr_pct(last['rate'], lang='en')}",
            lang,
        )
        empty = {"x": [], "y": [], "customdata": []}
        return {
            "data": [
                {"x": [], "y": []},
                {"x": [], "y": []},
                empty,
                empty,
                empty,
                {"x": years, "y": [round(float(v), 2) for v in table["rate"]], "customdata": hover},
            ],  # fmt: skip
            "layout": {
                "title.text": style.wrap_title(title, formula),
                "xaxis.title.text": tr("Année de la décision", "Year of decision", lang),
                "xaxis.categoryorder": "array",
                "xaxis.categoryarray": years,
                "yaxis.title.text": tr("Taux de protection (%)", "Protection rate (%)", lang),
                "yaxis.tickformat": ".0f",
                "yaxis.ticksuffix": style.PCT,
                "yaxis.range": [0, max(10.0, float(np.nanmax(table["rate"])) * 1.15)],
            },
            "caption": caption,
            "message": None,
            "html": f"<p style='margin:0.2em 0'><b>{tr('Formule', 'Formula', lang)}{NNBSP}:</b> {formula}</p>",
        }
