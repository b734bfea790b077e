"""From raw files to tidy tables: one pure function per dataset (curriculum §2.4–2.5 rules live here).

Each ``build_<name>(ctx, countries)`` reads its raw file(s) through :mod:`mlearn.data._raw` (which turns any
malformed input into one clear ``BuildError``), applies the source's rules, and returns a DataFrame with the
public column order, sorted on its key. ``countries`` (built first) is the reference of known codes.
"""

from __future__ import annotations

import json

import pandas as pd

from mlearn.errors import BuildError

from . import _raw
from ._raw import RawContext

# --- raw file names (relative to the raw folder) -----------------------------------------------------------
M49 = "undesa-migrant-stock/country_codes_m49_gdidata.csv"
NE50 = "boundaries/ne_50m_admin_0_countries.geojson"
UN24 = "undesa-migrant-stock/undesa_ims2024_stock_by_dest_origin_sex_1990-2024.csv.gz"
UN20 = "undesa-migrant-stock/undesa_ims2020_stock_by_dest_origin_sex_1990-2020.csv.gz"
UNHCR_POP = "unhcr/unhcr_population_end-year_1951-2025.csv.gz"
UNHCR_APP = "unhcr/unhcr_asylum_applications_2000-2025.csv.gz"
UNHCR_DEC = "unhcr/unhcr_asylum_decisions_2000-2025.csv.gz"
EUROSTAT = "eurostat/eurostat_migr_asyappctza_first_time_by_sex_2011-2024_gdidata.csv"
FRONTEX = "eurostat/frontex_ibc_detections_monthly_2009-2025_gdidata.csv"
MMP = "missing-migrants/Missing_Migrants_Global_Figures_allData.xlsx"
GDI_POP = "population/wdi_wpp_country_indicators_1950-2023_gdidata.csv"
KNOMAD_REM = "worldbank/knomad_bilateral_remittance_matrix_2021.xlsx"
KNOMAD_MIG = "worldbank/knomad_bilateral_migration_matrix_2021.xlsx"
WDI = {  # indicator name -> (WDI code, unit)
    "population": ("SP.POP.TOTL", "personnes"),
    "gdp_usd": ("NY.GDP.MKTP.CD", "dollars US courants"),
    "remittances_received_usd": ("BX.TRF.PWKR.CD.DT", "dollars US courants"),
    "net_migration": ("SM.POP.NETM", "personnes par an"),
    "migrant_stock_wdi": ("SM.POP.TOTL", "personnes"),
    "refugees_by_asylum_wdi": ("SM.POP.REFG", "personnes"),
    "refugees_by_origin_wdi": ("SM.POP.REFG.OR", "personnes"),
}
GDI_VARS = {  # gdidata var -> (indicator name, unit); 0 means "missing" for money series in that file
    "pop": ("population_wpp", "personnes"),
    "remout": ("remittances_paid_usd", "dollars US courants"),
}

# --- reference codes ---------------------------------------------------------------------------------------
# Codes that name a category, not a place: kept in tables, labelled in French, never mapped to a country.
PSEUDO = {
    "OOO": ("Origine inconnue", "Unknown origin"),
    "OOS": ("Afrique subsaharienne (pays non identifié)", "Unidentified sub-Saharan Africa"),
    "STL": ("Apatrides", "Stateless"),
    "UNK": ("Origine inconnue (HCR)", "Unknown (UNHCR)"),
    "XXA": ("Apatrides (HCR)", "Stateless (UNHCR)"),
    "TIB": ("Tibétains (HCR)", "Tibetan (UNHCR)"),
}
# Places with a special status: own row, French label fixed here, never merged into another country.
SPECIAL_NAMES_FR = {
    "ESH": "Sahara occidental",
    "PSE": "État de Palestine",
    "XKX": "Kosovo",
    "XCX": "Îles Anglo-Normandes",
    "CHI": "Îles Anglo-Normandes",
    "TWN": "Chine, province de Taïwan",
    "AB9": "Zone d'Abyei",
    "ANT": "Antilles néerlandaises (ancienne entité)",
}
SPECIAL_NAMES_AR = {  # areas without a Natural Earth or CLDR Arabic name
    "AB9": "منطقة أبيي",
    "ANT": "جزر الأنتيل الهولندية",
    "XCX": "جزر القنال",
    "CHI": "جزر القنال",
}
SPECIAL_NOTES_FR = {
    "ESH": "Territoire non autonome (liste de l'ONU). Représenté séparément sur les cartes (hachures, contour en "
    "tirets) ; jamais rattaché à un autre pays.",
    "XKX": "Code utilisé par Eurostat, Frontex et la Banque mondiale (KOS dans Natural Earth).",
    "XCX": "Code UN DESA des îles Anglo-Normandes (CHI à la Banque mondiale).",
    "CHI": "Code Banque mondiale des îles Anglo-Normandes (XCX chez UN DESA) ; absent de la liste M49 du kit.",
    "PSE": "Territoire palestinien occupé dans la nomenclature UN DESA.",
}
# World Bank aggregates found in the WDI files (regions, income and lending groups): flagged, never summed.
WB_AGGREGATES_FR = {
    "AFE": "Afrique de l'Est et australe",
    "AFW": "Afrique de l'Ouest et centrale",
    "ARB": "Monde arabe",
    "CEB": "Europe centrale et pays baltes",
    "CSS": "Petits États des Caraïbes",
    "EAP": "Asie de l'Est et Pacifique (hors revenu élevé)",
    "EAR": "Dividende démographique précoce",
    "EAS": "Asie de l'Est et Pacifique",
    "ECA": "Europe et Asie centrale (hors revenu élevé)",
    "ECS": "Europe et Asie centrale",
    "EMU": "Zone euro",
    "EUU": "Union européenne",
    "FCS": "Situations de fragilité et de conflit",
    "HIC": "Pays à revenu élevé",
    "HPC": "Pays pauvres très endettés (PPTE)",
    "IBD": "BIRD uniquement",
    "IBT": "Total IDA et BIRD",
    "IDA": "Total IDA",
    "IDB": "IDA mixte",
    "IDX": "IDA uniquement",
    "LAC": "Amérique latine et Caraïbes (hors revenu élevé)",
    "LCN": "Amérique latine et Caraïbes",
    "LDC": "Pays les moins avancés (classement ONU)",
    "LIC": "Pays à faible revenu",
    "LMC": "Pays à revenu intermédiaire, tranche inférieure",
    "LMY": "Pays à revenu faible et intermédiaire",
    "LTE": "Dividende démographique tardif",
    "MEA": "Moyen-Orient, Afrique du Nord, Afghanistan et Pakistan",
    "MIC": "Pays à revenu intermédiaire",
    "MNA": "Moyen-Orient, Afrique du Nord, Afghanistan et Pakistan (hors revenu élevé)",
    "NAC": "Amérique du Nord",
    "OED": "Membres de l'OCDE",
    "OSS": "Autres petits États",
    "PRE": "Dividende démographique pré-transition",
    "PSS": "Petits États insulaires du Pacifique",
    "PST": "Dividende démographique post-transition",
    "SAS": "Asie du Sud",
    "SSA": "Afrique subsaharienne (hors revenu élevé)",
    "SSF": "Afrique subsaharienne",
    "SST": "Petits États",
    "TEA": "Asie de l'Est et Pacifique (IDA et BIRD)",
    "TEC": "Europe et Asie centrale (IDA et BIRD)",
    "TLA": "Amérique latine et Caraïbes (IDA et BIRD)",
    "TMN": "Moyen-Orient, Afrique du Nord, Afghanistan et Pakistan (IDA et BIRD)",
    "TSA": "Asie du Sud (IDA et BIRD)",
    "TSS": "Afrique subsaharienne (IDA et BIRD)",
    "UMC": "Pays à revenu intermédiaire, tranche supérieure",
    "WLD": "Monde",
}
NE_CODE_FIX = {
    "KOS": "XKX",
    "SAH": "ESH",
    "SDS": "SSD",
}  # Natural Earth ADM0_A3 -> ISO code used by the sources


def _str(s: pd.Series) -> pd.Series:
    return s.astype("str")


# --- countries ---------------------------------------------------------------------------------------------
def build_countries(ctx: RawContext) -> pd.DataFrame:
    m49 = _raw.read_csv(
        ctx, M49, ["iso3", "iso2", "m49", "name", "region", "subregion", "eu"], keep_default_na=False
    )
    _raw.unique_keys(M49, m49, ["iso3"])
    bad = ~m49["iso3"].str.fullmatch(r"[A-Z][A-Z0-9]{2}")
    if bad.any():
        raise BuildError(
            f"{M49} : colonne « iso3 », code mal formé : " + _raw._rows(m49, bad, ["iso3", "name"]),
            f"{M49}: column 'iso3' has malformed codes",
        )
    m49_num = pd.to_numeric(m49["m49"].where(m49["m49"] != ""), errors="coerce")
    text = m49_num.isna() & m49["m49"].ne("")
    if text.any():
        raise BuildError(
            f"{M49} : colonne « m49 », texte dans une colonne de nombres : "
            + _raw._rows(m49, text, ["iso3", "m49"]),
            f"{M49}: column 'm49' holds text where numbers are expected",
        )

    # French / Arabic names from Natural Earth, joined on ISO_A3_EH (ADM0_A3 when it is -99)
    try:
        ne = json.loads(_raw.decode(NE50, _raw.read_bytes(ctx, NE50)))
        props = [f["properties"] for f in ne["features"]]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise BuildError(
            f"{NE50} : GeoJSON illisible ({exc})", f"{NE50}: unreadable GeoJSON ({exc})"
        ) from None
    ne_fr, ne_ar = {}, {}
    for p in props:
        adm, eh = p.get("ADM0_A3"), p.get("ISO_A3_EH")
        code = NE_CODE_FIX.get(adm) or (eh if eh not in (None, "-99") else adm)
        if adm == code or adm in NE_CODE_FIX:  # the feature that *is* the country wins
            ne_fr[code], ne_ar[code] = p.get("NAME_FR"), p.get("NAME_AR")
        else:  # e.g. Indian Ocean Territories carry ISO_A3_EH=AUS
            ne_fr.setdefault(code, p.get("NAME_FR"))
            ne_ar.setdefault(code, p.get("NAME_AR"))

    from babel import Locale

    fr_terr, ar_terr = Locale("fr").territories, Locale("ar").territories

    rows = []
    for r in m49.itertuples(index=False):
        iso3 = r.iso3
        if iso3 in PSEUDO:
            fr, en = PSEUDO[iso3]
            rows.append((iso3, r.iso2, r.m49, fr, en, None, r.region, r.subregion, False, True, r.eu == "1"))
            continue
        fr = SPECIAL_NAMES_FR.get(iso3) or ne_fr.get(iso3) or fr_terr.get(r.iso2) or r.name
        ar = ne_ar.get(iso3) or ar_terr.get(r.iso2) or SPECIAL_NAMES_AR.get(iso3)
        rows.append((iso3, r.iso2, r.m49, fr, r.name, ar, r.region, r.subregion, False, False, r.eu == "1"))
    known = {r[0] for r in rows}
    for iso3, (fr, en) in PSEUDO.items():
        if iso3 not in known:
            rows.append((iso3, "", "", fr, en, None, "", "", False, True, False))
    if "CHI" not in known:
        rows.append(
            ("CHI", "", "", SPECIAL_NAMES_FR["CHI"], "Channel Islands", SPECIAL_NAMES_AR["CHI"], "Europe",
             "Northern Europe", False, False, False)
        )  # fmt: skip
        known.add("CHI")
    # World Bank codes outside the M49 list are its aggregates; an unexpected one stops the build (decide first)
    for code, name_en in _wdi_names(ctx).items():
        if code in known:
            continue
        if code not in WB_AGGREGATES_FR:
            raise BuildError(
                f"worldbank/wdi_*.csv : colonne « Country Code », code {code!r} ({name_en}) ni dans la liste M49 "
                "ni parmi les agrégats connus de la Banque mondiale",
                f"worldbank/wdi_*.csv: code {code!r} is neither in the M49 list nor a known World Bank aggregate",
                "ajoutez-le à WB_AGGREGATES_FR ou à la liste M49 / add it to WB_AGGREGATES_FR or the M49 list",
            )
        rows.append((code, "", "", WB_AGGREGATES_FR[code], name_en, None, "", "", True, False, False))
    out = pd.DataFrame(
        rows,
        columns=["iso3", "iso2", "m49", "name_fr", "name_en", "name_ar", "region", "subregion",
                 "is_aggregate", "is_pseudo", "eu"],
    )  # fmt: skip
    out["m49"] = pd.to_numeric(out["m49"].replace("", None), errors="coerce").astype("Int64")
    for c in ["iso2", "region", "subregion", "name_ar"]:
        out[c] = out[c].replace("", None)
    out["note_fr"] = out["iso3"].map(SPECIAL_NOTES_FR)
    for c in ["iso3", "iso2", "name_fr", "name_en", "name_ar", "region", "subregion", "note_fr"]:
        out[c] = _str(out[c])
    for c in ["is_aggregate", "is_pseudo", "eu"]:
        out[c] = out[c].astype(bool)
    _raw.unique_keys("countries", out, ["iso3"])
    return out.sort_values("iso3", kind="stable").reset_index(drop=True)


def _wdi_names(ctx: RawContext) -> dict[str, str]:
    """Every ``Country Code`` of the WDI files with its World Bank ``Country Name``."""
    names: dict[str, str] = {}
    for code, _unit in WDI.values():
        rel = f"worldbank/wdi_{code}.csv"
        df = _raw.read_csv(ctx, rel, ["Country Name", "Country Code"], keep_default_na=False, usecols=[0, 1])
        for code, name in zip(df["Country Code"], df["Country Name"], strict=True):
            names.setdefault(code, name)  # the current files come first; the 2018 refugee files use old names
    return dict(sorted(names.items()))


def _known_places(countries: pd.DataFrame) -> set:
    return set(countries.loc[~countries["is_aggregate"], "iso3"])


# --- UN DESA migrant stock ---------------------------------------------------------------------------------
def _migrant_stock(ctx: RawContext, rel: str, countries: pd.DataFrame) -> pd.DataFrame:
    cols = ["year", "dest_iso3", "orig_iso3", "sex", "n", "type_b", "type_c", "type_r", "type_i"]
    df = _raw.read_csv(ctx, rel, cols, infer=True)
    show = ["year", "dest_iso3", "orig_iso3", "sex", "n"]
    year = _raw.to_int(rel, df, "year", min_value=1990, show=show)
    n = _raw.to_int(rel, df, "n", show=show)
    flags = {c: _raw.to_int(rel, df, c, show=show + [c]) for c in ["type_b", "type_c", "type_r", "type_i"]}
    for c, s in flags.items():
        if (s > 1).any():
            raise BuildError(
                f"{rel} : colonne « {c} », drapeau différent de 0/1 : " + _raw._rows(df, s > 1, show + [c]),
                f"{rel}: column '{c}' is not a 0/1 flag",
            )
    _raw.allowed(rel, df, "sex", {"female", "male"})
    known = _known_places(countries)
    _raw.codes_known(rel, df, "dest_iso3", known)
    _raw.codes_known(rel, df, "orig_iso3", known)
    _raw.unique_keys(rel, df, ["year", "dest_iso3", "orig_iso3", "sex"])
    out = pd.DataFrame(
        {
            "year": year,
            "origin_iso3": _str(df["orig_iso3"]),
            "destination_iso3": _str(df["dest_iso3"]),
            "sex": _str(df["sex"]),
            "migrants": n,
            **{c: flags[c].astype("int8") for c in flags},
        }
    )
    # total = female + male (the source has no both-sexes rows); a group with one sex only is "not estimated"
    key = ["year", "origin_iso3", "destination_iso3"]
    g = out.groupby(key, sort=False)
    total = g.agg(
        migrants=("migrants", "sum"),
        nsex=("sex", "nunique"),
        type_b=("type_b", "first"),
        type_c=("type_c", "first"),
        type_r=("type_r", "first"),
        type_i=("type_i", "first"),
    ).reset_index()
    total = total[total["nsex"] == 2].drop(columns="nsex")
    total["sex"] = "total"
    out = pd.concat([out, total[out.columns]], ignore_index=True)
    b, c = out["type_b"].eq(1), out["type_c"].eq(1)
    basis = pd.Series("imputed", index=out.index, dtype="str")
    basis[b & ~c] = "birthplace"
    basis[c & ~b] = "citizenship"
    basis[b & c] = "birthplace_and_citizenship"
    out["basis"] = basis
    out["includes_refugees"] = out["type_r"].eq(1)
    out["imputed"] = out["type_i"].eq(1)
    out["sex"] = _str(out["sex"])
    order = ["year", "origin_iso3", "destination_iso3", "sex", "migrants", "basis", "includes_refugees",
             "imputed", "type_b", "type_c", "type_r", "type_i"]  # fmt: skip
    return (
        out[order]
        .sort_values(["year", "origin_iso3", "destination_iso3", "sex"], kind="stable")
        .reset_index(drop=True)
    )


def build_migrant_stock(ctx, countries):
    return _migrant_stock(ctx, UN24, countries)


def build_migrant_stock_2020_edition(ctx, countries):
    return _migrant_stock(ctx, UN20, countries)


# --- UNHCR ------------------------------------------------------------------------------------------------
def _unhcr_common(rel, df, countries, keys):
    known = _known_places(countries)
    _raw.codes_known(rel, df, "coo_iso", known)
    _raw.codes_known(rel, df, "coa_iso", known)
    _raw.unique_keys(rel, df, keys)
    return {
        "year": _raw.to_int(rel, df, "year", min_value=1951, show=["year", "coo_iso", "coa_iso"]),
        "origin_iso3": _str(df["coo_iso"]),
        "asylum_iso3": _str(df["coa_iso"]),
    }


def build_refugees(ctx, countries):
    counts = ["refugees", "asylum_seekers", "returned_refugees", "idps", "returned_idps", "stateless", "ooc", "oip",
              "hst"]  # fmt: skip
    df = _raw.read_csv(ctx, UNHCR_POP, ["year", "coo_iso", "coa_iso"] + counts, infer=True)
    base = _unhcr_common(UNHCR_POP, df, countries, ["year", "coo_iso", "coa_iso"])
    show = ["year", "coo_iso", "coa_iso"]
    vals = {c: _raw.to_int(UNHCR_POP, df, c, nullable=True, show=show + [c]) for c in counts}
    out = pd.DataFrame({**base, **vals}).rename(
        columns={"ooc": "others_of_concern", "oip": "other_in_need_of_protection", "hst": "host_community"}
    )
    return out.sort_values(["year", "origin_iso3", "asylum_iso3"], kind="stable").reset_index(drop=True)


def build_asylum_applications(ctx, countries):
    cols = ["year", "coo_iso", "coa_iso", "procedure_type", "app_type", "dec_level", "app_pc", "applied"]
    df = _raw.read_csv(ctx, UNHCR_APP, cols, infer=True)
    keys = ["year", "coo_iso", "coa_iso", "procedure_type", "app_type", "dec_level", "app_pc"]
    base = _unhcr_common(UNHCR_APP, df, countries, keys)
    _raw.allowed(UNHCR_APP, df, "app_pc", {"P", "C"})
    _raw.allowed(UNHCR_APP, df, "procedure_type", {"G", "U", "J"})
    out = pd.DataFrame(
        {
            **base,
            "procedure_type": _str(df["procedure_type"]),
            "app_type": _str(df["app_type"]),
            "dec_level": _str(df["dec_level"]),
            "app_pc": _str(df["app_pc"]),
            "applied": _raw.to_int(UNHCR_APP, df, "applied", show=keys + ["applied"]),
        }
    )
    return out.sort_values(["year", "origin_iso3", "asylum_iso3", "procedure_type", "app_type", "dec_level",
                            "app_pc"], kind="stable", na_position="first").reset_index(drop=True)  # fmt: skip


def build_asylum_decisions(ctx, countries):
    counts = ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"]
    cols = ["year", "coo_iso", "coa_iso", "procedure_type", "dec_level", "dec_pc"] + counts
    df = _raw.read_csv(ctx, UNHCR_DEC, cols, infer=True)
    keys = ["year", "coo_iso", "coa_iso", "procedure_type", "dec_level", "dec_pc"]
    base = _unhcr_common(UNHCR_DEC, df, countries, keys)
    _raw.allowed(UNHCR_DEC, df, "dec_pc", {"P", "C"})
    _raw.allowed(UNHCR_DEC, df, "procedure_type", {"G", "U", "J"})
    vals = {c: _raw.to_int(UNHCR_DEC, df, c, nullable=True, show=keys + [c]) for c in counts}
    out = pd.DataFrame(
        {
            **base,
            "procedure_type": _str(df["procedure_type"]),
            "dec_level": _str(df["dec_level"]),
            "dec_pc": _str(df["dec_pc"]),
            **vals,
        }
    )
    return out.sort_values(["year", "origin_iso3", "asylum_iso3", "procedure_type", "dec_level", "dec_pc"],
                           kind="stable", na_position="first").reset_index(drop=True)  # fmt: skip


# --- Eurostat first-time applicants --------------------------------------------------------------------------
def build_asylum_first_time_eu(ctx, countries):
    df = _raw.read_csv(ctx, EUROSTAT, ["geo", "year", "nat", "sex", "n"], infer=True)
    show = ["geo", "year", "nat", "sex", "n"]
    _raw.allowed(EUROSTAT, df, "sex", {"female", "male", "unknown"})
    known = _known_places(countries)
    _raw.codes_known(EUROSTAT, df, "geo", known | {"EU27"})
    _raw.codes_known(EUROSTAT, df, "nat", known)
    _raw.unique_keys(EUROSTAT, df, ["geo", "year", "nat", "sex"])
    out = pd.DataFrame(
        {
            "year": _raw.to_int(EUROSTAT, df, "year", min_value=2008, show=show),
            "citizenship_iso3": _str(df["nat"]),
            "reporting": _str(df["geo"]),
            "sex": _str(df["sex"]),
            "applicants": _raw.to_int(EUROSTAT, df, "n", show=show),
        }
    )
    # zero cells are omitted by the source, so total = female + male + unknown over the rows present
    total = (
        out.groupby(["year", "citizenship_iso3", "reporting"], sort=False)["applicants"].sum().reset_index()
    )
    total["sex"] = "total"
    out = pd.concat([out, total[out.columns]], ignore_index=True)
    out["sex"] = _str(out["sex"])
    return out.sort_values(["year", "citizenship_iso3", "reporting", "sex"], kind="stable").reset_index(
        drop=True
    )


# --- Frontex -------------------------------------------------------------------------------------------------
FRONTEX_ROUTES = {
    "Central Mediterranean Route", "Eastern Borders Route", "Eastern Mediterranean Route", "Western Balkan Route",
    "Western African Route", "Western Mediterranean Route", "Circular Route from Albania to Greece",
    "Black Sea Route", "Other",
}  # fmt: skip


def build_border_detections(ctx, countries):
    df = _raw.read_csv(ctx, FRONTEX, ["route", "type", "nat", "month", "n"], infer=True)
    show = ["route", "type", "nat", "month", "n"]
    _raw.allowed(FRONTEX, df, "route", FRONTEX_ROUTES)
    _raw.allowed(FRONTEX, df, "type", {"Sea", "Land"})
    _raw.codes_known(FRONTEX, df, "nat", _known_places(countries))
    month = pd.to_datetime(df["month"], format="%Y-%m-%d", errors="coerce")
    bad = month.isna() | (month.dt.day != 1)
    if bad.any():
        raise BuildError(
            f"{FRONTEX} : colonne « month », date invalide (attendu AAAA-MM-01) : "
            + _raw._rows(df, bad, show),
            f"{FRONTEX}: column 'month' has invalid dates (expected YYYY-MM-01)",
        )
    _raw.unique_keys(FRONTEX, df, ["route", "type", "nat", "month"])
    out = pd.DataFrame(
        {
            "month": month.astype("datetime64[ms]"),
            "year": month.dt.year.astype("int64"),
            "route": _str(df["route"]),
            "border_type": _str(df["type"].str.lower()),
            "citizenship_iso3": _str(df["nat"]),
            "detections": _raw.to_int(FRONTEX, df, "n", show=show),
        }
    )
    return out.sort_values(["month", "route", "border_type", "citizenship_iso3"], kind="stable").reset_index(
        drop=True
    )


# --- IOM Missing Migrants ------------------------------------------------------------------------------------
MMP_COLS = {
    "Main ID": "main_id",
    "Incident ID": "incident_id",
    "Incident Type": "incident_type",
    "Region of Incident": "region",
    "Incident Date": "date",
    "Incident Year": "year",
    "Number of Dead": "dead",
    "Minimum Estimated Number of Missing": "missing",
    "Total Number of Dead and Missing": "dead_and_missing",
    "Number of Survivors": "survivors",
    "Number of Females": "females",
    "Number of Males": "males",
    "Number of Children": "children",
    "Country of Origin": "country_of_origin",
    "Region of Origin": "region_of_origin",
    "Cause of Death": "cause",
    "Country of Incident": "country_of_incident",
    "Migration Route": "route",
    "Location of Incident": "location",
    "Coordinates": "coordinates",
    "UNSD Geographical Grouping": "unsd_grouping",
    "Information Source": "information_source",
    "URL": "url",
    "Source Quality": "source_quality",
}


def _read_excel(ctx, rel, **kwargs) -> pd.DataFrame:
    path = ctx.path(rel)
    try:
        return pd.read_excel(path, engine="calamine", **kwargs)  # Rust reader: ~15x faster than openpyxl
    except Exception as exc:  # noqa: BLE001 - openpyxl/zipfile raise many types for a damaged workbook
        raise BuildError(
            f"{rel} : classeur Excel illisible ({type(exc).__name__}: {exc})",
            f"{rel}: unreadable Excel workbook",
            "recopiez le fichier depuis la source / copy the file again from the source",
        ) from None


def build_missing_migrants(ctx, countries):
    raw = _read_excel(ctx, MMP, dtype=object)
    _raw.require_columns(MMP, raw, list(MMP_COLS))
    df = raw[list(MMP_COLS)].rename(columns=MMP_COLS)
    for c in df.columns:  # every cell as text first, like the CSV readers (NaN stays missing)
        df[c] = df[c].astype("str")
    show = ["incident_id", "region", "dead_and_missing"]
    # IOM's export carries 5 negative "missing" and 1 negative "survivors" values (corrections): kept as is
    counts = {
        c: _raw.to_int(
            MMP, df, c, nullable=True, show=show + [c], min_value=None if c in ("missing", "survivors") else 0
        )
        for c in ["dead", "missing", "survivors", "females", "males", "children"]
    }
    dm = _raw.to_int(MMP, df, "dead_and_missing", show=show)
    year = _raw.to_int(MMP, df, "year", nullable=True, min_value=2014, show=show + ["year"])
    _raw.unique_keys(MMP, df, ["incident_id"])
    date = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")  # 14 rows have no usable date
    coords = df["coordinates"].str.split(",", n=1, expand=True)
    lat = pd.to_numeric(coords[0].str.strip(), errors="coerce")
    lon = pd.to_numeric(coords[1].str.strip(), errors="coerce") if coords.shape[1] > 1 else lat * float("nan")
    bad = df["coordinates"].notna() & (lat.isna() | lon.isna() | (lat.abs() > 90) | (lon.abs() > 180))
    if bad.any():
        raise BuildError(
            f"{MMP} : colonne « Coordinates », valeur non conforme à « lat, lon » : "
            + _raw._rows(df, bad, ["incident_id", "coordinates"]),
            f"{MMP}: column 'Coordinates' is not 'lat, lon'",
        )
    out = pd.DataFrame(
        {
            "incident_id": df["incident_id"],
            "main_id": df["main_id"],
            "incident_type": df["incident_type"],
            "date": date.astype("datetime64[ms]"),
            "year": year,
            "region": df["region"],
            "route": df["route"],
            "country_of_incident": df["country_of_incident"],
            "location": df["location"],
            "dead": counts["dead"],
            "missing": counts["missing"],
            "dead_and_missing": dm,
            "survivors": counts["survivors"],
            "females": counts["females"],
            "males": counts["males"],
            "children": counts["children"],
            "cause": df["cause"],
            "country_of_origin": df["country_of_origin"],
            "region_of_origin": df["region_of_origin"],
            "latitude": lat.astype("float64"),
            "longitude": lon.astype("float64"),
            "unsd_grouping": df["unsd_grouping"],
            "source_quality": df["source_quality"],
            "information_source": df["information_source"],
            "url": df["url"],
        }
    )
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = _str(out[c])
    return out.sort_values("incident_id", kind="stable").reset_index(drop=True)


# --- World Bank WDI + WPP population -------------------------------------------------------------------------
def build_indicators(ctx, countries):
    parts = []
    codes = set(countries["iso3"])
    for name, (code, unit) in WDI.items():
        rel = f"worldbank/wdi_{code}.csv"
        # missing years are absent rows in these files: a blank or "n/a" value is an error, not a NaN
        df = _raw.read_csv(
            ctx, rel, ["Country Name", "Country Code", "Year", "Value"], keep_default_na=False, infer=True
        )
        show = ["Country Code", "Year", "Value"]
        _raw.codes_known(rel, df, "Country Code", codes)
        _raw.unique_keys(rel, df, ["Country Code", "Year"])
        parts.append(
            pd.DataFrame(
                {
                    "iso3": _str(df["Country Code"]),
                    "year": _raw.to_int(rel, df, "Year", min_value=1950, show=show),
                    "indicator": name,
                    "value": _raw.to_float(rel, df, "Value", show=show),
                    "unit": unit,
                    "source_code": f"WDI {code}",
                }
            )
        )
    df = _raw.read_csv(
        ctx, GDI_POP, ["geo", "var", "year", "v"], keep_default_na=False, na_values=[""], infer=True
    )
    df = df[df["var"].isin(GDI_VARS)]
    show = ["geo", "var", "year", "v"]
    _raw.codes_known(GDI_POP, df, "geo", codes)
    _raw.unique_keys(GDI_POP, df, ["geo", "var", "year"])
    value = _raw.to_float(GDI_POP, df, "v", show=show)
    year = _raw.to_int(GDI_POP, df, "year", min_value=1950, show=show)
    keep = value.notna() & ~((df["var"] == "remout") & (value == 0))  # 0 = missing for money series (§2.5)
    gdi = pd.DataFrame(
        {
            "iso3": _str(df["geo"]),
            "year": year,
            "indicator": df["var"].map(lambda v: GDI_VARS[v][0]),
            "value": value,
            "unit": df["var"].map(lambda v: GDI_VARS[v][1]),
            "source_code": "WPP 2024 / WDI via gdidata " + df["var"],
        }
    )[keep]
    parts.append(gdi)
    out = pd.concat(parts, ignore_index=True)
    agg = set(countries.loc[countries["is_aggregate"], "iso3"])
    out["is_aggregate"] = out["iso3"].isin(agg)
    for c in ["iso3", "indicator", "unit", "source_code"]:
        out[c] = _str(out[c])
    return out.sort_values(["indicator", "iso3", "year"], kind="stable").reset_index(drop=True)


# --- KNOMAD matrices -----------------------------------------------------------------------------------------
def _wb_name_map(ctx, countries) -> dict:
    """World Bank country names -> ISO3, read from the WDI files (KNOMAD uses World Bank names)."""
    df = _raw.read_csv(ctx, "worldbank/wdi_SP.POP.TOTL.csv", ["Country Name", "Country Code"])
    names = dict(zip(df["Country Name"], df["Country Code"], strict=False))
    names.update(_KNOMAD_EXTRA)
    return names


_KNOMAD_EXTRA = {
    "World": "WLD", "WORLD": "WLD", "Other North": None, "Other South": None,
    "Czech Republic": "CZE", "Turkey": "TUR", "Swaziland": "SWZ", "Macedonia, FYR": "MKD",
    "Korea, Dem. Rep.": "PRK", "Congo, Dem. Rep.": "COD", "Congo, Rep.": "COG", "Taiwan, China": "TWN",
    "Channel Islands": "CHI", "Kosovo": "XKX", "Curacao": "CUW", "Cape Verde": "CPV",
    "Micronesia, Fed. Sts.": "FSM", "St. Martin (French part)": "MAF", "Sint Maarten (Dutch part)": "SXM",
    "Netherlands Antilles": "ANT", "Western Sahara": "ESH", "West Bank and Gaza": "PSE",
    "Holy See": "VAT", "Anguilla": "AIA", "Montserrat": "MSR", "Saint Helena": "SHN", "Niue": "NIU",
    "Cook Islands": "COK", "Tokelau": "TKL", "Wallis and Futuna": "WLF", "Saint Pierre and Miquelon": "SPM",
    "Falkland Islands (Malvinas)": "FLK", "Mayotte": "MYT", "Reunion": "REU", "Martinique": "MTQ",
    "Guadeloupe": "GLP", "French Guiana": "GUF", "Taiwan": "TWN", "Hong Kong SAR, China": "HKG",
    "Macao SAR, China": "MAC", "Cote d'Ivoire": "CIV", "Sao Tome and Principe": "STP", "Turkiye": "TUR",
    "Faeroe Islands": "FRO", "GuineaBissau": "GNB", "Puerto Rico": "PRI", "Somalia": "SOM", "TimorLeste": "TLS",
    "Vietnam": "VNM",
}  # fmt: skip


def _knomad(ctx, rel, countries, value_name, row_role, col_role, scale):
    m = _read_excel(ctx, rel, header=1, index_col=0)
    m = m[m.index.notna()]
    m = m[[isinstance(i, str) and len(i) < 60 for i in m.index]]  # drop the note rows at the bottom
    m = m.loc[:, [isinstance(c, str) and not c.startswith("Unnamed") for c in m.columns]]
    names = _wb_name_map(ctx, countries)
    long = m.rename_axis(index=f"{row_role}_name", columns=f"{col_role}_name").stack(future_stack=True)
    long = long.rename(value_name).reset_index()
    # "…" and blank cells are the workbook's own "not available" markers
    cell = long[value_name].map(lambda x: None if isinstance(x, str) and x.strip() in ("", "…", "..") else x)
    v = pd.to_numeric(cell, errors="coerce")
    text = v.isna() & cell.notna()
    if text.any():
        raise BuildError(
            f"{rel} : texte dans la matrice : "
            + _raw._rows(long, text, [f"{row_role}_name", f"{col_role}_name", value_name]),
            f"{rel}: text inside the numeric matrix",
        )
    long[value_name] = v * scale
    long = long[long[value_name].notna()]
    for role in (row_role, col_role):
        long[f"{role}_name"] = long[f"{role}_name"].str.strip()
        long[f"{role}_iso3"] = _str(long[f"{role}_name"].map(names))
    known = set(countries["iso3"])
    for role in (row_role, col_role):
        bad = long[f"{role}_iso3"].notna() & ~long[f"{role}_iso3"].isin(known)
        if bad.any():
            raise BuildError(
                f"{rel} : code pays inconnu : " + _raw._rows(long, bad, [f"{role}_name", f"{role}_iso3"]),
                f"{rel}: unknown country code",
            )
    _raw.unique_keys(rel, long, [f"{row_role}_name", f"{col_role}_name"])
    cols = [f"{row_role}_iso3", f"{col_role}_iso3", f"{row_role}_name", f"{col_role}_name", value_name]
    out = long[cols].copy()
    for c in cols[:4]:
        out[c] = _str(out[c])
    out.insert(0, "year", 2021)
    out["year"] = out["year"].astype("int64")
    return out.sort_values([f"{row_role}_name", f"{col_role}_name"], kind="stable").reset_index(drop=True)


def build_migration_matrix_knomad(ctx, countries):
    out = _knomad(ctx, KNOMAD_MIG, countries, "migrants", "origin", "destination", 1)
    out["migrants"] = out["migrants"].round().astype("int64")
    return out


def build_remittance_matrix_knomad(ctx, countries):
    return _knomad(ctx, KNOMAD_REM, countries, "remittances_musd", "sender", "receiver", 1.0)


# --- Eurostat legacy extracts (2012–2016, EU28 era, labels instead of codes) ---------------------------------
EUROSTAT_ASY_LEGACY = "eurostat/dw_migr_asyappctza_allcitizenships.csv"
EUROSTAT_EIPRE = "eurostat/dw_migr_eipre_1_Data_allcitizens.csv"
EUROSTAT_EIRFS = "eurostat/dw_migr_eirfs_Data_allcitizenships.csv"
EU_AGGREGATES = {
    "European Union (28 countries)": "EU28",
    "European Union (27 countries)": "EU27_2007",
    "Total": "TOTAL",  # GEO "Total" in the asylum extract: every reporting country (EU28 + EFTA)
}
# Eurostat's 2017 English labels that differ from the M49 names; None = a group, not a country
EUROSTAT_LABELS = {
    "Bolivia": "BOL", "Cape Verde": "CPV", "China (including Hong Kong)": "CHN", "Congo": "COG",
    "Cook Islands (NZ)": "COK", "Czech Republic": "CZE", "Former Yugoslav Republic of Macedonia, the": "MKD",
    "Gambia, The": "GMB", "Germany (until 1990 former territory of the FRG)": "DEU", "Iran": "IRN",
    "Kosovo (under United Nations Security Council Resolution 1244/99)": "XKX", "Laos": "LAO", "Moldova": "MDA",
    "Myanmar/Burma": "MMR", "Netherlands": "NLD", "New Caledonia (FR)": "NCL", "North Korea": "PRK",
    "Palestine": "PSE", "Russia": "RUS", "South Korea": "KOR", "Swaziland": "SWZ", "Syria": "SYR",
    "Taiwan": "TWN", "Tanzania": "TZA", "Turkey": "TUR", "United Kingdom": "GBR", "United States": "USA",
    "Vatican City State": "VAT", "Venezuela": "VEN", "Vietnam": "VNM", "Unknown": "OOO", "Stateless": "STL",
    "Total": None, "America": None, "Oceania": None, "British overseas countries and territories": None,
    "Recognised non-citizens": None, **{k: None for k in EU_AGGREGATES},
}  # fmt: skip


def _eurostat_legacy(ctx, rel, countries, constant: dict[str, str]) -> pd.DataFrame:
    cols = ["TIME", "GEO", "CITIZEN", "Value", "Flag and Footnotes", *constant]
    df = _raw.read_csv(ctx, rel, cols, encoding="latin-1", keep_default_na=False)
    for col, value in constant.items():
        _raw.allowed(rel, df, col, {value})
    names = dict(zip(countries["name_en"], countries["iso3"], strict=False))
    names.update(EUROSTAT_LABELS)
    for col in ("GEO", "CITIZEN"):
        unknown = ~df[col].isin(names.keys())
        if unknown.any():
            raise BuildError(
                f"{rel} : colonne « {col} », libellé de pays inconnu : " + _raw._rows(df, unknown, [col]),
                f"{rel}: column '{col}' has an unknown country label",
                "ajoutez-le à EUROSTAT_LABELS dans mlearn/data/tables.py / add it to EUROSTAT_LABELS",
            )
    _raw.unique_keys(rel, df, ["TIME", "GEO", "CITIZEN"])
    df["Value"] = df["Value"].str.replace(",", "", regex=False).str.replace(":", "", regex=False)
    show = ["TIME", "GEO", "CITIZEN", "Value"]
    reporting = df["GEO"].map(lambda g: EU_AGGREGATES.get(g) or names[g])
    out = pd.DataFrame(
        {
            "year": _raw.to_int(rel, df, "TIME", min_value=2008, show=show),
            "reporting": _str(reporting),
            "citizenship_iso3": _str(df["CITIZEN"].map(names)),
            "citizenship_label": _str(df["CITIZEN"]),
            "persons": _raw.to_int(rel, df, "Value", nullable=True, show=show),
            "flag": _str(df["Flag and Footnotes"].replace("", None)),
        }
    )
    return out.sort_values(["year", "reporting", "citizenship_label"], kind="stable").reset_index(drop=True)


def build_asylum_eu_legacy(ctx, countries):
    const = {"SEX": "Total", "AGE": "Total", "ASYL_APP": "First time applicant", "UNIT": "Person"}
    return _eurostat_legacy(ctx, EUROSTAT_ASY_LEGACY, countries, const)


def build_irregular_presence_eu(ctx, countries):
    return _eurostat_legacy(
        ctx, EUROSTAT_EIPRE, countries, {"SEX": "Total", "AGE": "Total", "UNIT": "Person"}
    )


def build_refusals_of_entry_eu(ctx, countries):
    const = {"REASON": "Total", "INDIC_MG": "Persons refused entry", "UNIT": "Person"}
    return _eurostat_legacy(ctx, EUROSTAT_EIRFS, countries, const)


# --- IOM MMP curated Europe-bound subset (secondary; 2025–2026 months) ----------------------------------------
MMP_EUROPE = "missing-migrants/iom_europe_curated_2014-2026.csv"
MMP_EUROPE_COLS = {
    "Incident ID": "incident_id",
    "Main ID": "main_id",
    "Incident Type": "incident_type",
    "incident_date_clean": "date",
    "Incident year": "year",
    "Incident month": "month",
    "Region of Incident": "region",
    "Route": "route",
    "Country of Incident": "country_of_incident",
    "No. dead": "dead",
    "No. missing": "missing",
    "No. dead/missing": "dead_and_missing",
    "No. survivors": "survivors",
    "No. Female": "females",
    "No. Male": "males",
    "No. minors": "children",
    "Cause of death (category)": "cause",
    "Country of Origin": "country_of_origin",
    "Region of Origin": "region_of_origin",
    "Latitude": "latitude",
    "Longitude": "longitude",
    "Source Quality": "source_quality",
}


def build_missing_migrants_europe(ctx, countries):
    df = _raw.read_csv(ctx, MMP_EUROPE, list(MMP_EUROPE_COLS), keep_default_na=False, na_values=["NA", ""])
    df = df[list(MMP_EUROPE_COLS)].rename(columns=MMP_EUROPE_COLS)
    show = ["incident_id", "year", "dead_and_missing"]
    _raw.unique_keys(MMP_EUROPE, df, ["incident_id"])
    date = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    bad = date.isna()
    if bad.any():
        raise BuildError(
            f"{MMP_EUROPE} : colonne « incident_date_clean », date invalide : "
            + _raw._rows(df, bad, ["date"]),
            f"{MMP_EUROPE}: column 'incident_date_clean' has invalid dates",
        )
    counts = {
        c: _raw.to_int(
            MMP_EUROPE,
            df,
            c,
            nullable=True,
            show=show + [c],
            min_value=None if c in ("missing", "survivors") else 0,
        )
        for c in ["dead", "missing", "survivors", "females", "males", "children"]
    }
    out = pd.DataFrame(
        {
            "incident_id": _str(df["incident_id"]),
            "main_id": _str(df["main_id"]),
            "incident_type": _str(df["incident_type"]),
            "date": date.astype("datetime64[ms]"),
            "year": _raw.to_int(MMP_EUROPE, df, "year", min_value=2014, show=show),
            "month": _raw.to_int(MMP_EUROPE, df, "month", min_value=1, show=show),
            "region": _str(df["region"]),
            "route": _str(df["route"]),
            "country_of_incident": _str(df["country_of_incident"]),
            "dead": counts["dead"],
            "missing": counts["missing"],
            "dead_and_missing": _raw.to_int(MMP_EUROPE, df, "dead_and_missing", show=show),
            "survivors": counts["survivors"],
            "females": counts["females"],
            "males": counts["males"],
            "children": counts["children"],
            "cause": _str(df["cause"]),
            "country_of_origin": _str(df["country_of_origin"]),
            "region_of_origin": _str(df["region_of_origin"]),
            "latitude": _raw.to_float(MMP_EUROPE, df, "latitude", show=show, nullable=True),
            "longitude": _raw.to_float(MMP_EUROPE, df, "longitude", show=show, nullable=True),
            "source_quality": _str(df["source_quality"]),
        }
    )
    return out.sort_values("incident_id", kind="stable").reset_index(drop=True)
