"""Figures the data owners publish, recomputed through ``mlearn.data.load`` from the committed ``data/``.

Each constant is a published or verified value (source in the comment: curriculum §4/§6/§8 and the
``PROVENANCE.md`` sanity values, which were computed from the producers' files). The computation is done
here with plain pandas on the loaded tables, not by the data layer.
"""

from __future__ import annotations

import pytest

import mlearn.data as md

SIX = ["MAR", "DZA", "TUN", "LBY", "EGY", "MRT"]


def pct(a, b):
    return round(100 * a / b, 2)


@pytest.fixture(scope="module")
def stock():
    return md.load("migrant_stock")


@pytest.fixture(scope="module")
def total24(stock):
    return stock[(stock.sex == "total") & (stock.year == 2024)]


@pytest.fixture(scope="module")
def eu27():
    c = md.load("countries")
    return set(c.loc[c.eu, "iso3"])


def test_undesa_world_and_morocco_2024(total24):
    # UN DESA IMS 2024: world 304,021,813; immigrants in Morocco 111,069; Morocco-born abroad 3,627,829
    assert total24.migrants.sum() == 304_021_813
    assert total24.loc[total24.destination_iso3 == "MAR", "migrants"].sum() == 111_069
    assert total24.loc[total24.origin_iso3 == "MAR", "migrants"].sum() == 3_627_829
    assert total24.loc[total24.destination_iso3.isin(SIX), "migrants"].sum() == 2_667_236
    assert total24.loc[total24.destination_iso3 == "TUN", "migrants"].sum() == 63_201


def test_undesa_total_is_female_plus_male(stock):
    # curriculum T3: male 1,903,013 + female 1,724,816 = 3,627,829 (the source has no both-sexes row)
    mar = stock[(stock.year == 2024) & (stock.origin_iso3 == "MAR")].groupby("sex").migrants.sum()
    assert (mar["male"], mar["female"], mar["total"]) == (1_903_013, 1_724_816, 3_627_829)
    assert pct(mar["female"], mar["total"]) == 47.54


def test_spain_overtakes_france_2024(total24):
    # UN DESA 2024 edition, Moroccan-born: Spain 1,088,408 > France 1,066,129
    mar = total24[total24.origin_iso3 == "MAR"].set_index("destination_iso3").migrants
    assert (mar["ESP"], mar["FRA"]) == (1_088_408, 1_066_129)


def test_citizenship_based_destinations(total24):
    # UN DESA 2024 flags: 233 destinations, 182 foreign-born (type_b), 48 foreign citizens (type_c)
    flags = total24.groupby("destination_iso3")[["type_b", "type_c"]].max()
    assert (len(flags), flags.type_b.sum(), flags.type_c.sum()) == (233, 182, 48)
    basis = total24.groupby("destination_iso3").basis.first()
    assert basis.isin(["citizenship", "birthplace_and_citizenship"]).sum() == 48
    assert basis["MAR"] == "citizenship" and basis["FRA"] == "birthplace"


def test_edition_revision_algerians_in_france_1990(stock):
    # curriculum T1: 1,344,293 (2024 ed.) − 788,914 (2020 ed.) = 555,379
    old = md.load("migrant_stock_2020_edition")
    q = "year == 1990 and origin_iso3 == 'DZA' and destination_iso3 == 'FRA' and sex == 'total'"
    assert stock.query(q).migrants.sum() - old.query(q).migrants.sum() == 555_379
    assert (
        old.query(q.replace("1990", "2020").replace("DZA", "MAR").replace("FRA", "ESP")).migrants.sum()
        == 785_884
    )


def test_unhcr_algeria_and_egypt_end_2025():
    # UNHCR Refugee Data Finder: Algeria 180,575 refugees end-2025; Egypt 220,033 refugees + 878,268 asylum-seekers
    ref = md.load("refugees")
    y25 = ref[ref.year == 2025]
    assert y25.loc[y25.asylum_iso3 == "DZA", "refugees"].sum() == 180_575
    egy = y25[y25.asylum_iso3 == "EGY"]
    assert (egy.refugees.sum(), egy.asylum_seekers.sum()) == (220_033, 878_268)
    sdn = egy[egy.origin_iso3 == "SDN"]
    assert pct(sdn.refugees.sum() + sdn.asylum_seekers.sum(), 1_098_301) == 75.95


def test_algeria_western_sahara_series_breaks():
    # curriculum T11 / A06: flat planning figure with breaks in 2005 and 2024
    ref = md.load("refugees")
    esh = (
        ref[(ref.asylum_iso3 == "DZA") & (ref.origin_iso3 == "ESH") & (ref.year >= 1990)]
        .set_index("year")
        .refugees
    )
    assert [y for y in esh.index[1:] if esh[y] != esh[y - 1]] == [2005, 2024]
    assert (esh[2004], esh[2005], esh[2024]) == (165_000, 90_000, 173_600)


def test_eurostat_first_time_moroccans(eu27):
    # Eurostat migr_asyappctza: EU27 Moroccans 2014 = 4,185, 2023 = 29,400; women 6.34 % in 2023
    es = md.load("asylum_first_time_eu")
    eu = es[(es.reporting == "EU27") & (es.citizenship_iso3 == "MAR")]
    by = eu[eu.sex == "total"].set_index("year").applicants
    assert (by[2014], by[2023], by[2024]) == (4_185, 29_400, 24_030)
    assert pct(eu.query("year == 2023 and sex == 'female'").applicants.sum(), 29_400) == 6.34
    # curriculum T8: summing every geo row double counts (60,440); member states alone give 29,395
    mar23 = es[(es.citizenship_iso3 == "MAR") & (es.year == 2023) & (es.sex != "total")]
    assert mar23.applicants.sum() == 60_440
    assert mar23.loc[mar23.reporting.isin(eu27), "applicants"].sum() == 29_395


def test_unhcr_applications_and_protection_rates(eu27):
    # curriculum §8 / T10: MAR → EU27 2023 applications 29,936 (all) vs 25,930 (new); protection 5.58 % / 10.76 %
    ap = md.load("asylum_applications")
    a = ap[ap.asylum_iso3.isin(eu27) & (ap.origin_iso3 == "MAR") & (ap.year == 2023)]
    assert (a.applied.sum(), a.loc[a.app_type == "N", "applied"].sum()) == (29_936, 25_930)
    de = md.load("asylum_decisions")
    d = de[de.asylum_iso3.isin(eu27) & (de.origin_iso3 == "MAR") & (de.year == 2023)]

    def rate(x):
        pos = x.dec_recognized.sum() + x.dec_other.sum()
        return pct(pos, pos + x.dec_rejected.sum())

    assert rate(d) == 5.58 and rate(d[d.dec_level == "FI"]) == 10.76


def test_frontex_detections():
    # Frontex (data as of 3 June 2025): 2015 all routes 1,822,102; EMR 885,386 + WBR 764,033; CMR 2023 158,026
    fx = md.load("border_detections")
    y = fx.groupby(["year", "route"]).detections.sum()
    assert fx[fx.year == 2015].detections.sum() == 1_822_102
    assert (y[(2015, "Eastern Mediterranean Route")], y[(2015, "Western Balkan Route")]) == (885_386, 764_033)
    assert y[(2023, "Central Mediterranean Route")] == 158_026
    nat = fx.groupby(["year", "citizenship_iso3"]).detections.sum()
    assert (nat[(2022, "TUN")], nat[(2024, "MAR")]) == (25_260, 9_634)
    assert sorted(fx[fx.year == 2025].month.dt.month.unique()) == [1, 2, 3, 4]


def test_missing_migrants_mediterranean():
    # IOM MMP: Mediterranean 2014–2024 = 31,330 dead and missing (exact region label), 2023 = 3,155
    mmp = md.load("missing_migrants")
    med = mmp[(mmp.region == "Mediterranean") & mmp.year.between(2014, 2024)]
    assert med.dead_and_missing.sum() == 31_330
    assert mmp.loc[(mmp.region == "Mediterranean") & (mmp.year == 2023), "dead_and_missing"].sum() == 3_155
    assert pct(med.females.sum() + med.males.sum(), 31_330) == 20.09
    # curriculum T12: summing by origin token multiplies the count
    tokens = med.assign(o=med.country_of_origin.str.split(",")).explode("o")
    assert tokens.dead_and_missing.sum() == 69_775
    # coordinates were split from the single "lat, lon" string
    assert mmp.latitude.notna().all() and mmp.longitude.between(-180, 180).all()


def test_remittances_share_of_gdp_and_rank():
    # WDI: Morocco remittances 8.05 % of GDP (2023), 7.79 % (2024); 34th of 160 countries in 2024 by % of GDP
    ind = md.load("indicators")
    countries = md.load("countries")
    wide = ind[ind.indicator.isin(["remittances_received_usd", "gdp_usd"])].pivot_table(
        index=["iso3", "year"], columns="indicator", values="value"
    )
    share = (100 * wide.remittances_received_usd / wide.gdp_usd).dropna()
    assert round(share[("MAR", 2023)], 2) == 8.05 and round(share[("MAR", 2024)], 2) == 7.79
    places = set(countries.loc[~countries.is_aggregate & ~countries.is_pseudo, "iso3"])
    s24 = share.xs(2024, level="year")
    s24 = s24[s24.index.isin(places)]
    assert len(s24) == 160 and s24.rank(ascending=False)["MAR"] == 34
    # the aggregates are flagged, never mixed in silently (curriculum T7)
    wld = ind.query("iso3 == 'WLD' and indicator == 'migrant_stock_wdi' and year == 2024")
    assert wld.is_aggregate.all() and wld.value.iloc[0] == 303_397_238


def test_net_migration_is_modelled():
    # WDI / UN WPP 2024: Tunisia 2022 = 2023 = −14,001; Morocco 2021–2024 sums to −172,948
    ind = md.load("indicators")
    nm = ind[ind.indicator == "net_migration"].set_index(["iso3", "year"]).value
    assert nm[("TUN", 2022)] == nm[("TUN", 2023)] == -14_001
    assert sum(nm[("MAR", y)] for y in range(2021, 2025)) == -172_948


def test_asylum_rate_per_100k_tunisia():
    # curriculum A09: 12,445 Tunisian first-time applicants (EU27, 2023) per 100,000 (WPP 2023) = 102.00
    es = md.load("asylum_first_time_eu")
    ind = md.load("indicators")
    n = es.query("reporting == 'EU27' and citizenship_iso3 == 'TUN' and year == 2023 and sex == 'total'")
    pop = ind.query("indicator == 'population_wpp' and iso3 == 'TUN' and year == 2023").value.iloc[0]
    assert n.applicants.iloc[0] == 12_445 and round(1e5 * 12_445 / pop, 2) == 102.00


def test_knomad_matrices():
    # KNOMAD 2021: Morocco → France 1,019,545, Moroccan emigrants 3,227,375; remittances to Tunisia 2,194.5 M$;
    # France's share of Morocco's receipts 31.92 %
    km = md.load("migration_matrix_knomad").set_index(["origin_name", "destination_name"]).migrants
    assert (km[("Morocco", "France")], km[("Morocco", "World")]) == (1_019_545, 3_227_375)
    kr = md.load("remittance_matrix_knomad").set_index(["sender_name", "receiver_name"]).remittances_musd
    assert round(kr[("WORLD", "Tunisia")], 1) == 2194.5
    assert pct(kr[("France", "Morocco")], kr[("WORLD", "Morocco")]) == 31.92


def test_eurostat_legacy_extracts():
    # eurostat/PROVENANCE.md §3–5 (corrected, curriculum §9 / T9): EU28 row only
    asy = md.load("asylum_eu_legacy")
    assert (
        asy.query("year == 2016 and reporting == 'EU28' and citizenship_iso3 == 'MAR'").persons.sum()
        == 11_190
    )
    eipre = md.load("irregular_presence_eu")
    mar16 = eipre[(eipre.year == 2016) & (eipre.citizenship_iso3 == "MAR")].set_index("reporting").persons
    assert mar16["EU28"] == 38_140 and mar16["EU28"] + mar16["EU27_2007"] == 76_175  # the double count trap
    e16 = eipre[(eipre.year == 2016) & (eipre.reporting == "EU28")].set_index("citizenship_iso3").persons
    assert (e16["DZA"], e16["TUN"]) == (21_885, 11_645)
    rfs = md.load("refusals_of_entry_eu")
    r = rfs[(rfs.year == 2016) & (rfs.citizenship_iso3 == "MAR")].set_index("reporting").persons
    assert (r["EU28"], r["ESP"]) == (190_435, 186_080)


def test_same_source_different_export():
    # missing-migrants/PROVENANCE.md / curriculum T18: Mediterranean 2024 = 2,475 (reference xlsx) vs 2,573 (curated)
    ref = md.load("missing_migrants")
    cur = md.load("missing_migrants_europe")
    assert ref.query("region == 'Mediterranean' and year == 2024").dead_and_missing.sum() == 2_475
    med = cur[cur.region == "Mediterranean"].groupby("year").dead_and_missing.sum()
    assert (med[2024], med[2025], med[2026]) == (2_573, 2_141, 1_209)


def test_undesa_destination_totals_equal_wdi_migrant_stock(total24, stock):
    # undesa PROVENANCE: destination totals equal WDI SM.POP.TOTL exactly for all 1,712 common country-years
    ind = md.load("indicators")
    wdi = ind[(ind.indicator == "migrant_stock_wdi") & ~ind.is_aggregate].set_index(["iso3", "year"]).value
    un = stock[stock.sex == "total"].groupby(["destination_iso3", "year"]).migrants.sum()
    un.index = un.index.set_names(["iso3", "year"])
    both = un.to_frame("un").join(wdi.rename("wdi"), how="inner")
    assert len(both) == 1_712 and (both.un == both.wdi).all()


def test_sdg_10_7_4_and_libya_jump():
    # curriculum M6: refugees by origin (asylum != origin) per 100,000 population of origin, 2025: Morocco 27.06
    ref = md.load("refugees")
    ind = md.load("indicators")
    pop = ind[(ind.indicator == "population") & (ind.year == 2025)].set_index("iso3").value
    y25 = ref[(ref.year == 2025) & (ref.origin_iso3 != ref.asylum_iso3)].groupby("origin_iso3").refugees.sum()
    assert round(1e5 * y25["MAR"] / pop["MAR"], 2) == 27.06
    assert round(1e5 * y25["MRT"] / pop["MRT"], 2) == 826.07
    lby = ref[ref.asylum_iso3 == "LBY"].groupby("year").refugees.sum()
    assert (lby[2023], lby[2025]) == (1_837, 552_523)
