"""Metadata of every dataset: titles, sources, licences, citations, caveats and field descriptions (FR + EN).

This is data, not code: the build copies it into ``data/datapackage.json`` (Frictionless Data Package) and
``mlearn.data.describe`` / ``source_line`` read it back from there. Field types come from the built tables;
units, descriptions and constraints come from here.
"""

from __future__ import annotations

NOTE_ESH_FR = (
    "Sahara occidental : code ESH conservé tel quel, jamais rattaché à un autre pays ; représenté séparément sur "
    "les cartes (hachures, contour en tirets)."
)
NOTE_ESH_EN = "Western Sahara: code ESH kept as is, never merged into another country; drawn apart on maps."


def F(name, fr, en, unit=None, **constraints):  # noqa: N802 - short builder for field specs
    return {
        "name": name,
        "description_fr": fr,
        "description_en": en,
        "unit": unit,
        "constraints": constraints,
    }


CODE_FR = "code ISO 3166-1 alpha-3 (ou code spécial de la source : voir countries)"
CODE_EN = "ISO 3166-1 alpha-3 code (or the source's special code: see countries)"
PERSONS = "personnes"

_UNDESA_FIELDS = [
    F("year", "Année de référence (stock au 1er juillet, mi-année)", "Reference year (mid-year stock, 1 July)",
      "année", minimum=1990, maximum=2024),
    F("origin_iso3", "Pays ou zone d'origine (naissance, ou nationalité si la destination compte les citoyens) : "
      + CODE_FR, "Country or area of origin (birth, or citizenship where the destination counts citizens): "
      + CODE_EN),
    F("destination_iso3", "Pays ou zone de destination (de résidence) : " + CODE_FR,
      "Country or area of destination (residence): " + CODE_EN),
    F("sex", "Sexe : female, male ou total (total = female + male, calculé par M-LEARN car la source n'a pas de "
      "ligne « deux sexes »)", "Sex: female, male or total (total = female + male, computed by M-LEARN)",
      enum=["female", "male", "total"]),
    F("migrants", "Stock de migrant·e·s internationaux (effectif à mi-année)", "International migrant stock",
      PERSONS, minimum=0),
    F("basis", "Base de l'estimation dans le pays de destination : birthplace (nés à l'étranger), citizenship "
      "(nationalité étrangère), birthplace_and_citizenship, imputed (aucune donnée, estimation imputée)",
      "Basis of the destination's estimate (flags type_b / type_c / type_i)",
      enum=["birthplace", "citizenship", "birthplace_and_citizenship", "imputed"]),
    F("includes_refugees", "Vrai si les réfugiés ont été ajoutés à l'estimation (drapeau type_r)",
      "True if refugees were added to the estimate (type_r)"),
    F("imputed", "Vrai si l'estimation est imputée faute de données (drapeau type_i)",
      "True if the estimate is imputed (type_i)"),
    F("type_b", "Drapeau source : estimation fondée sur le lieu de naissance (1/0)", "Source flag: foreign-born",
      enum=[0, 1]),
    F("type_c", "Drapeau source : estimation fondée sur la nationalité (1/0)", "Source flag: foreign citizens",
      enum=[0, 1]),
    F("type_r", "Drapeau source : réfugiés ajoutés (1/0)", "Source flag: refugees added", enum=[0, 1]),
    F("type_i", "Drapeau source : estimation imputée (1/0)", "Source flag: imputed", enum=[0, 1]),
]  # fmt: skip

_UNDESA_CAVEATS_FR = [
    "Stocks (personnes vivant à l'étranger à mi-année), pas des flux : huit années de référence seulement, "
    "aucune interpolation.",
    "La source ne contient pas de ligne « deux sexes » : total = femmes + hommes (lignes sex == 'total'). "
    "Ne pas additionner les trois modalités.",
    "Une combinaison origine × sexe absente signifie « non estimée », pas zéro.",
    "Lieu de naissance ou nationalité selon le pays de destination (colonne basis) : les pays qui comptent les "
    "citoyens étrangers (Maroc, Tunisie, Libye, Mauritanie, pays du Golfe…) ne comptent pas les personnes "
    "naturalisées.",
    "Ne jamais mélanger les éditions 2020 et 2024 dans une même série (révisions importantes).",
    "Codes spéciaux conservés : OOO (origine inconnue), ESH, PSE, XCX… (voir countries).",
    NOTE_ESH_FR,
]
_UNDESA_CAVEATS_EN = [
    "Stocks at mid-year, not flows; eight reference years only, no interpolation.",
    "No both-sexes rows in the source: total = female + male (rows sex == 'total'); never add the three values.",
    "A missing origin × sex row means 'not estimated', not zero.",
    "Birthplace or citizenship depending on the destination (column basis).",
    "Never mix the 2020 and 2024 editions in one series.",
    "Special codes kept: OOO (unknown origin), ESH, PSE, XCX… (see countries).",
    NOTE_ESH_EN,
]

UNDESA_LICENCE = {"name": "CC-BY-3.0-IGO", "title": "Creative Commons Attribution 3.0 IGO",
                  "title_en": "Creative Commons Attribution 3.0 IGO", "path": "https://creativecommons.org/licenses/by/3.0/igo/"}  # fmt: skip
CC_BY_4 = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "title_en": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}  # fmt: skip
EUROSTAT_LICENCE = {"name": "Eurostat-reuse", "title": "Politique de réutilisation de la Commission "
                    "(décision 2011/833/UE), CC BY 4.0", "title_en": "European Commission reuse policy (Decision 2011/833/EU), "
                    "CC BY 4.0", "path": "https://ec.europa.eu/eurostat/about-us/policies/copyright"}  # fmt: skip
FRONTEX_LICENCE = {"name": "Frontex-reuse", "title": "Reproduction autorisée avec mention de la source "
                   "(avis juridique Frontex, à revérifier avant publication)", "title_en": "Reproduction authorised provided the "
                   "source is acknowledged (Frontex legal notice, to be checked again before publication)", "path": "https://www.frontex.europa.eu/"}  # fmt: skip
IOM_LICENCE = {"name": "IOM-MMP-terms", "title": "Téléchargement libre, citation « IOM Missing Migrants Project » "
               "demandée (conditions à confirmer avant publication)", "title_en": "Free download, citation \"IOM Missing "
               "Migrants Project\" requested (terms to be confirmed before publication)", "path": "https://missingmigrants.iom.int/downloads"}  # fmt: skip
PUBLIC_DOMAIN = {"name": "public-domain", "title": "Domaine public (Natural Earth)",
                 "title_en": "Public domain (Natural Earth)", "path": "https://www.naturalearthdata.com/about/terms-of-use/"}  # fmt: skip
KNOMAD_LICENCE = {"name": "World-Bank-attribution", "title": "Banque mondiale / KNOMAD, attribution requise "
                  "(CC BY 4.0 probable, à confirmer)", "title_en": "World Bank / KNOMAD, attribution required (probably "
                  "CC BY 4.0, to be confirmed)", "path": "https://www.knomad.org/"}  # fmt: skip

_UNHCR_SOURCE = {
    "title": "UNHCR Refugee Data Finder (paquet R « refugees » 2025.12.1, Global Trends 2025)",
    "path": "https://www.unhcr.org/refugee-statistics/",
}
_UNHCR_CAVEATS_FR = [
    "Personnes enregistrées ou connues du HCR ou des gouvernements : la plupart des migrant·e·s ne sont pas "
    "des réfugié·e·s et n'y figurent pas.",
    "Pour l'Algérie, les réfugiés originaires du Sahara occidental (ESH) sont un chiffre de planification plat "
    "(165 000 en 1981–2004, 90 000 en 2005–2023, 173 600 en 2024–2025) : les changements sont des ruptures de "
    "série, pas des afflux.",
    "Les bonds soudains peuvent venir de campagnes d'enregistrement ou de révisions (Algérie 2024, Libye 2024).",
    "Codes non ISO conservés : UNK (inconnu), XXA (apatrides), TIB (Tibétains).",
    NOTE_ESH_FR,
]
_UNHCR_CAVEATS_EN = [
    "People registered with or known to UNHCR or governments: most migrants are not refugees and are absent.",
    "Algeria's Western Saharan refugee figure is a flat planning figure (165,000 / 90,000 / 173,600): its changes "
    "are series breaks, not influxes.",
    "Sudden jumps can be registration campaigns or revisions (Algeria 2024, Libya 2024).",
    "Non-ISO codes kept: UNK (unknown), XXA (stateless), TIB (Tibetan).",
    NOTE_ESH_EN,
]
_UNHCR_ASYLUM_CAVEATS_FR = [
    "Choisir un type de demande (app_type, N = nouvelle) ou un niveau de décision (dec_level, FI = première "
    "instance) avant d'additionner : sinon une même personne est comptée plusieurs fois.",
    "Ne pas mélanger personnes (P) et dossiers (C) : colonnes app_pc / dec_pc.",
    "Taux de protection : préciser le dénominateur (avec ou sans dossiers clos, tous niveaux ou première instance).",
    "Pour les pays européens, les chiffres proviennent largement des mêmes sources nationales qu'Eurostat : "
    "ce ne sont pas des confirmations indépendantes.",
    "2025 = publication Global Trends 2025 ; révisions ultérieures possibles.",
]
_UNHCR_ASYLUM_CAVEATS_EN = [
    "Choose an application type (app_type, N = new) or decision level (dec_level, FI = first instance) before "
    "summing, otherwise one person is counted several times.",
    "Do not mix persons (P) and cases (C): columns app_pc / dec_pc.",
    "Protection rate: state the denominator (closed cases or not, all levels or first instance).",
    "European figures largely come from the same national sources as Eurostat: not independent confirmations.",
    "2025 = Global Trends 2025 release; later revisions possible.",
]
_UNHCR_KEY = [
    F("year", "Année (fin d'année, 31 décembre pour les stocks ; année civile pour les demandes et décisions)",
      "Year (end of year for stocks; calendar year for applications and decisions)", "année"),
    F("origin_iso3", "Pays d'origine : " + CODE_FR, "Country of origin: " + CODE_EN),
    F("asylum_iso3", "Pays d'asile : " + CODE_FR, "Country of asylum: " + CODE_EN),
]  # fmt: skip

DATASETS: dict[str, dict] = {
    "migrant_stock": {
        "title_fr": "Stock de migrant·e·s internationaux par destination, origine et sexe (UN DESA, édition 2024)",
        "title_en": "International migrant stock by destination, origin and sex (UN DESA, 2024 edition)",
        "description_fr": "Personnes vivant hors de leur pays de naissance (ou de nationalité) à mi-année, 1990–2024, "
        "233 pays et zones de destination. Lignes « total » ajoutées (femmes + hommes).",
        "description_en": "People living outside their country of birth (or citizenship) at mid-year, 1990–2024. "
        "Rows 'total' added (female + male).",
        "producer": "Nations Unies, DESA, Division de la population",
        "dataset": "International Migrant Stock 2024",
        "edition": "édition 2024",
        "reference_date_fr": "mi-année (1er juillet)",
        "licence": UNDESA_LICENCE,
        "citation_fr": "Nations Unies, Département des affaires économiques et sociales, Division de la population "
        "(2024). International Migrant Stock 2024 (POP/DB/MIG/Stock/Rev.2024).",
        "citation_en": "United Nations, Department of Economic and Social Affairs, Population Division (2024). "
        "International Migrant Stock 2024 (POP/DB/MIG/Stock/Rev.2024).",
        "sources": [
            {
                "title": "UN DESA International Migrant Stock 2024 (via IOM gdidata 0.3.21)",
                "path": "https://www.un.org/development/desa/pd/content/international-migrant-stock",
            }
        ],
        "raw": ["undesa-migrant-stock/undesa_ims2024_stock_by_dest_origin_sex_1990-2024.csv.gz"],
        "primary_key": ["year", "origin_iso3", "destination_iso3", "sex"],
        "caveats_fr": _UNDESA_CAVEATS_FR,
        "caveats_en": _UNDESA_CAVEATS_EN,
        "fields": _UNDESA_FIELDS,
    },
    "migrant_stock_2020_edition": {
        "title_fr": "Stock de migrant·e·s internationaux (UN DESA, édition 2020 — pour étudier les révisions)",
        "title_en": "International migrant stock (UN DESA, 2020 edition — for studying revisions)",
        "description_fr": "Même tableau que migrant_stock, édition précédente (1990–2020). À ne jamais combiner "
        "avec l'édition 2024 dans une même série.",
        "description_en": "Same table as migrant_stock, previous edition (1990–2020). Never combine with the 2024 "
        "edition in one series.",
        "producer": "Nations Unies, DESA, Division de la population",
        "dataset": "International Migrant Stock 2020",
        "edition": "édition 2020",
        "reference_date_fr": "mi-année (1er juillet)",
        "licence": UNDESA_LICENCE,
        "citation_fr": "Nations Unies, Département des affaires économiques et sociales, Division de la population "
        "(2020). International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020).",
        "citation_en": "United Nations, Department of Economic and Social Affairs, Population Division (2020). "
        "International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020).",
        "sources": [
            {
                "title": "UN DESA International Migrant Stock 2020 (via IOM gdidata 0.3.21)",
                "path": "https://www.un.org/development/desa/pd/content/international-migrant-stock",
            }
        ],
        "raw": ["undesa-migrant-stock/undesa_ims2020_stock_by_dest_origin_sex_1990-2020.csv.gz"],
        "primary_key": ["year", "origin_iso3", "destination_iso3", "sex"],
        "caveats_fr": [
            "Édition 2020 : sert uniquement à montrer les révisions ; ne pas la raccorder à l'édition 2024."
        ]
        + _UNDESA_CAVEATS_FR,
        "caveats_en": ["2020 edition: only for showing revisions; never splice it with the 2024 edition."]
        + _UNDESA_CAVEATS_EN,
        "fields": _UNDESA_FIELDS,
    },
    "refugees": {
        "title_fr": "Réfugiés, demandeurs d'asile, déplacés internes et apatrides en fin d'année (HCR)",
        "title_en": "Refugees, asylum-seekers, IDPs and stateless people at end of year (UNHCR)",
        "description_fr": "Stocks au 31 décembre par pays d'origine et pays d'asile, 1951–2025.",
        "description_en": "Stocks at 31 December by country of origin and of asylum, 1951–2025.",
        "producer": "HCR",
        "dataset": "Refugee Data Finder, population en fin d'année",
        "edition": "Global Trends 2025",
        "reference_date_fr": "fin d'année (31 décembre)",
        "licence": CC_BY_4,
        "citation_fr": "HCR (UNHCR), Refugee Data Finder, population relevant du mandat du HCR en fin d'année, "
        "données Global Trends 2025 (paquet R refugees 2025.12.1).",
        "citation_en": "UNHCR Refugee Data Finder, end-year population figures, Global Trends 2025 data "
        "(R package refugees 2025.12.1).",
        "sources": [_UNHCR_SOURCE],
        "raw": ["unhcr/unhcr_population_end-year_1951-2025.csv.gz"],
        "primary_key": ["year", "origin_iso3", "asylum_iso3"],
        "caveats_fr": [
            "Stocks au 31 décembre, pas des arrivées ; ne pas additionner refugees et "
            "returned_refugees (concepts différents) ; les idps ont origine = pays d'asile."
        ]
        + _UNHCR_CAVEATS_FR,
        "caveats_en": [
            "Stocks at 31 December, not arrivals; do not add refugees and returned_refugees; idps have "
            "origin = asylum country."
        ]
        + _UNHCR_CAVEATS_EN,
        "fields": _UNHCR_KEY
        + [
            F(
                "refugees",
                "Réfugiés relevant du mandat du HCR (y compris situations assimilées)",
                "Refugees under UNHCR's mandate (incl. refugee-like)",
                PERSONS,
                minimum=0,
            ),
            F(
                "asylum_seekers",
                "Demandeurs d'asile (demandes en instance)",
                "Asylum-seekers (pending)",
                PERSONS,
                minimum=0,
            ),
            F("returned_refugees", "Réfugiés rentrés dans l'année", "Returned refugees", PERSONS, minimum=0),
            F(
                "idps",
                "Personnes déplacées à l'intérieur de leur pays (PDI) suivies par le HCR",
                "Conflict IDPs followed by UNHCR",
                PERSONS,
                minimum=0,
            ),
            F("returned_idps", "PDI rentrées", "Returned IDPs", PERSONS, minimum=0),
            F("stateless", "Apatrides", "Stateless persons", PERSONS, minimum=0),
            F(
                "others_of_concern",
                "Autres personnes relevant du HCR (ooc)",
                "Others of concern (ooc)",
                PERSONS,
                minimum=0,
            ),
            F(
                "other_in_need_of_protection",
                "Autres personnes ayant besoin d'une protection internationale (oip)",
                "Other people in need of international protection (oip)",
                PERSONS,
                minimum=0,
            ),
            F("host_community", "Communautés d'accueil (hst)", "Host community (hst)", PERSONS, minimum=0),
        ],
    },
    "asylum_applications": {
        "title_fr": "Demandes d'asile par origine et pays d'asile (HCR)",
        "title_en": "Asylum applications by origin and country of asylum (UNHCR)",
        "description_fr": "Demandes déposées par année, type de procédure, type de demande et niveau, 2000–2025.",
        "description_en": "Applications lodged per year, procedure, application type and level, 2000–2025.",
        "producer": "HCR",
        "dataset": "Refugee Data Finder, demandes d'asile",
        "edition": "Global Trends 2025",
        "reference_date_fr": "année civile",
        "licence": CC_BY_4,
        "citation_fr": "HCR (UNHCR), Refugee Data Finder, demandes d'asile, données Global Trends 2025.",
        "citation_en": "UNHCR Refugee Data Finder, asylum applications, Global Trends 2025 data.",
        "sources": [_UNHCR_SOURCE],
        "raw": ["unhcr/unhcr_asylum_applications_2000-2025.csv.gz"],
        "primary_key": [
            "year",
            "origin_iso3",
            "asylum_iso3",
            "procedure_type",
            "app_type",
            "dec_level",
            "app_pc",
        ],
        "caveats_fr": _UNHCR_ASYLUM_CAVEATS_FR + _UNHCR_CAVEATS_FR[3:],
        "caveats_en": _UNHCR_ASYLUM_CAVEATS_EN + _UNHCR_CAVEATS_EN[3:],
        "fields": _UNHCR_KEY
        + [
            F(
                "procedure_type",
                "Procédure : G gouvernement, U HCR, J conjointe",
                "Procedure: G government, U UNHCR, J joint",
                enum=["G", "J", "U"],
            ),
            F(
                "app_type",
                "Type de demande : N nouvelle, R réitérée, A recours, V/NR/J/RA/FA/SP autres (vide = "
                "non précisé)",
                "Application type: N new, R repeat, A appeal, others (empty = not stated)",
            ),
            F(
                "dec_level",
                "Niveau : FI première instance, AR recours administratif, etc. (vide = non précisé)",
                "Level: FI first instance, AR administrative review, etc.",
            ),
            F(
                "app_pc",
                "Unité : P personnes, C dossiers (cases)",
                "Unit: P persons, C cases",
                enum=["C", "P"],
            ),
            F(
                "applied",
                "Demandes déposées",
                "Applications lodged",
                "personnes ou dossiers (voir app_pc)",
                minimum=0,
            ),
        ],
    },
    "asylum_decisions": {
        "title_fr": "Décisions sur les demandes d'asile par origine et pays d'asile (HCR)",
        "title_en": "Asylum decisions by origin and country of asylum (UNHCR)",
        "description_fr": "Décisions par année, procédure et niveau de décision, 2000–2025.",
        "description_en": "Decisions per year, procedure and decision level, 2000–2025.",
        "producer": "HCR",
        "dataset": "Refugee Data Finder, décisions sur les demandes d'asile",
        "edition": "Global Trends 2025",
        "reference_date_fr": "année civile",
        "licence": CC_BY_4,
        "citation_fr": "HCR (UNHCR), Refugee Data Finder, décisions sur les demandes d'asile, données Global "
        "Trends 2025.",
        "citation_en": "UNHCR Refugee Data Finder, asylum decisions, Global Trends 2025 data.",
        "sources": [_UNHCR_SOURCE],
        "raw": ["unhcr/unhcr_asylum_decisions_2000-2025.csv.gz"],
        "primary_key": ["year", "origin_iso3", "asylum_iso3", "procedure_type", "dec_level", "dec_pc"],
        "caveats_fr": _UNHCR_ASYLUM_CAVEATS_FR + _UNHCR_CAVEATS_FR[3:],
        "caveats_en": _UNHCR_ASYLUM_CAVEATS_EN + _UNHCR_CAVEATS_EN[3:],
        "fields": _UNHCR_KEY
        + [
            F(
                "procedure_type",
                "Procédure : G gouvernement, U HCR, J conjointe",
                "Procedure: G, U, J",
                enum=["G", "J", "U"],
            ),
            F(
                "dec_level",
                "Niveau de décision : FI première instance, AR recours, etc. (vide = non précisé)",
                "Decision level: FI first instance, AR appeal, etc.",
            ),
            F("dec_pc", "Unité : P personnes, C dossiers", "Unit: P persons, C cases", enum=["C", "P"]),
            F(
                "dec_recognized",
                "Décisions reconnaissant le statut de réfugié (Convention)",
                "Convention status granted",
                "personnes ou dossiers",
                minimum=0,
            ),
            F(
                "dec_other",
                "Protection complémentaire ou subsidiaire accordée",
                "Complementary protection",
                "personnes ou dossiers",
                minimum=0,
            ),
            F("dec_rejected", "Décisions de rejet", "Rejections", "personnes ou dossiers", minimum=0),
            F(
                "dec_closed",
                "Dossiers clos autrement (retrait, abandon, transfert Dublin…)",
                "Otherwise closed",
                "personnes ou dossiers",
                minimum=0,
            ),
            F("dec_total", "Total des décisions", "Total decisions", "personnes ou dossiers", minimum=0),
        ],
    },
    "asylum_first_time_eu": {
        "title_fr": "Primo-demandeur·euse·s d'asile dans l'UE et pays associés, par nationalité et sexe (Eurostat)",
        "title_en": "First-time asylum applicants in the EU and associated countries, by citizenship and sex "
        "(Eurostat)",
        "description_fr": "migr_asyappctza, primo-demandeurs, tous âges, 2011–2024 ; pays déclarants ISO3 et "
        "agrégat EU27 (UE à 27, 2020). Lignes « total » ajoutées (femmes + hommes + inconnu).",
        "description_en": "migr_asyappctza, first-time applicants, all ages, 2011–2024; reporting countries and the "
        "EU27 aggregate. Rows 'total' added (female + male + unknown).",
        "producer": "Eurostat",
        "dataset": "primo-demandeurs d'asile (migr_asyappctza)",
        "edition": "extraction du 26 mai 2025",
        "reference_date_fr": "année civile",
        "licence": EUROSTAT_LICENCE,
        "citation_fr": "Eurostat, Demandeurs d'asile et primo-demandeurs par nationalité, âge et sexe — données "
        "annuelles agrégées (migr_asyappctza), arrondies à 5, mise à jour du 26 mai 2025 (via IOM gdidata).",
        "citation_en": "Eurostat, Asylum applicants by type, citizenship, age and sex — annual aggregated data "
        "(migr_asyappctza), rounded to 5, updated 26 May 2025 (via IOM gdidata).",
        "sources": [
            {
                "title": "Eurostat migr_asyappctza (via IOM gdidata 0.3.21)",
                "path": "https://ec.europa.eu/eurostat/databrowser/view/migr_asyappctza/default/table",
            }
        ],
        "raw": ["eurostat/eurostat_migr_asyappctza_first_time_by_sex_2011-2024_gdidata.csv"],
        "primary_key": ["year", "citizenship_iso3", "reporting", "sex"],
        "caveats_fr": [
            "Primo-demandeurs : une demande n'est pas une protection accordée (voir asylum_decisions).",
            "Effectifs arrondis à 5 par Eurostat ; les cellules nulles sont omises.",
            "total = femmes + hommes + sexe inconnu (lignes sex == 'total') ; ne pas additionner les quatre "
            "modalités.",
            "reporting == 'EU27' est un agrégat (UE à 27, 2020) : ne jamais l'additionner aux pays membres.",
            "Le lieu de la demande n'est pas le lieu d'installation (pays de transit : Autriche, Slovénie, "
            "Bulgarie…).",
            "EU27 et Croatie à partir de 2013, Monténégro à partir de 2018, Royaume-Uni 2011–2019 seulement.",
        ],
        "caveats_en": [
            "First-time applicants: an application is not a protection granted.",
            "Rounded to 5 by Eurostat; zero cells omitted.",
            "total = female + male + unknown (rows sex == 'total'); never add the four values.",
            "reporting == 'EU27' is an aggregate: never add it to the member states.",
            "Where people apply is not where they settle (transit countries).",
            "EU27 and Croatia from 2013, Montenegro from 2018, United Kingdom 2011–2019 only.",
        ],
        "fields": [
            F("year", "Année civile de la demande", "Calendar year", "année", minimum=2008),
            F(
                "citizenship_iso3",
                "Nationalité du demandeur : " + CODE_FR,
                "Applicant's citizenship: " + CODE_EN,
            ),
            F(
                "reporting",
                "Pays déclarant (code ISO3) ou agrégat 'EU27'",
                "Reporting country (ISO3) or 'EU27'",
            ),
            F(
                "sex",
                "Sexe : female, male, unknown ou total (= somme des trois, calculé par M-LEARN)",
                "Sex: female, male, unknown or total (sum of the three)",
                enum=["female", "male", "total", "unknown"],
            ),
            F(
                "applicants",
                "Primo-demandeur·euse·s d'asile (arrondi à 5)",
                "First-time applicants (rounded to 5)",
                PERSONS,
                minimum=0,
            ),
        ],
    },
    "border_detections": {
        "title_fr": "Franchissements irréguliers détectés aux frontières extérieures de l'UE, par mois (Frontex)",
        "title_en": "Detections of irregular border crossings at the EU external borders, monthly (Frontex)",
        "description_fr": "Détections par route, type de frontière et nationalité déclarée, janvier 2009 – avril "
        "2025. Des détections, et non des personnes.",
        "description_en": "Detections by route, border type and declared nationality, Jan 2009 – Apr 2025. "
        "Detections, not people.",
        "producer": "Frontex",
        "dataset": "détections mensuelles de franchissements irréguliers",
        "edition": "données au 3 juin 2025",
        "reference_date_fr": "mois de détection",
        "licence": FRONTEX_LICENCE,
        "citation_fr": "Frontex, Monthly detections of illegal border-crossings (IBC), carte migratoire, données au "
        "3 juin 2025 (via IOM gdidata).",
        "citation_en": "Frontex, Monthly detections of illegal border-crossings (IBC), Migratory Map, data as of "
        "3 June 2025 (via IOM gdidata).",
        "sources": [
            {
                "title": "Frontex Migratory Map (via IOM gdidata 0.3.21)",
                "path": "https://www.frontex.europa.eu/what-we-do/monitoring-and-risk-analysis/migratory-map/",
            }
        ],
        "raw": ["eurostat/frontex_ibc_detections_monthly_2009-2025_gdidata.csv"],
        "primary_key": ["month", "route", "border_type", "citizenship_iso3"],
        "note_fr": "détections, et non personnes",
        "caveats_fr": [
            "Des détections, et non des personnes : une même personne peut être détectée plusieurs fois et sur "
            "plusieurs routes (ex. Méditerranée orientale puis Balkans occidentaux en 2015).",
            "La nationalité est souvent celle déclarée lors du filtrage ; OOO = inconnue, OOS = Afrique "
            "subsaharienne non identifiée.",
            "Plus de détections peut aussi refléter plus de surveillance.",
            "2025 = janvier–avril seulement : à exclure ou signaler dans les graphiques annuels.",
            "Données révisées chaque mois par Frontex.",
        ],
        "caveats_en": [
            "Detections, not people: one person can be detected several times and on several routes.",
            "Nationality is often the one declared at screening; OOO unknown, OOS unidentified sub-Saharan Africa.",
            "More detections can also mean more surveillance.",
            "2025 = January–April only: leave out or flag in annual charts.",
            "Revised monthly by Frontex.",
        ],
        "fields": [
            F("month", "Mois de détection (premier jour du mois)", "Month of detection (first day)"),
            F("year", "Année de détection", "Year of detection", "année", minimum=2009),
            F("route", "Route migratoire (libellé Frontex en anglais)", "Migratory route (Frontex label)"),
            F(
                "border_type",
                "Type de frontière : sea (mer) ou land (terre)",
                "Border type",
                enum=["land", "sea"],
            ),
            F("citizenship_iso3", "Nationalité déclarée : " + CODE_FR, "Declared nationality: " + CODE_EN),
            F("detections", "Franchissements irréguliers détectés", "Detections", "détections", minimum=0),
        ],
    },
    "missing_migrants": {
        "title_fr": "Migrant·e·s mort·e·s et disparu·e·s, un incident par ligne (OIM, Missing Migrants Project)",
        "title_en": "Dead and missing migrants, one incident per row (IOM Missing Migrants Project)",
        "description_fr": "Incidents du 1er janvier 2014 au 29 avril 2025 : morts, disparus, survivants, lieu, route, "
        "cause. Estimations minimales.",
        "description_en": "Incidents from 1 Jan 2014 to 29 Apr 2025: dead, missing, survivors, place, route, cause. "
        "Minimum estimates.",
        "producer": "OIM, Missing Migrants Project",
        "dataset": "personnes mortes et disparues au cours de la migration",
        "edition": "export d'avril 2025",
        "reference_date_fr": "date de l'incident",
        "licence": IOM_LICENCE,
        "citation_fr": "Organisation internationale pour les migrations (OIM), Missing Migrants Project, export "
        "« Missing_Migrants_Global_Figures_allData » (incidents 2014 – avril 2025).",
        "citation_en": "International Organization for Migration, Missing Migrants Project, export "
        "'Missing_Migrants_Global_Figures_allData' (incidents 2014 – April 2025).",
        "sources": [
            {"title": "IOM Missing Migrants Project", "path": "https://missingmigrants.iom.int/downloads"}
        ],
        "raw": ["missing-migrants/Missing_Migrants_Global_Figures_allData.xlsx"],
        "primary_key": ["incident_id"],
        "note_fr": "estimation minimale",
        "caveats_fr": [
            "Estimations minimales : corps jamais retrouvés, naufrages invisibles, sous-déclaration sur les routes "
            "terrestres (Sahara).",
            "Quelques régions sont des listes (« Mediterranean,Northern Africa ») : filtrer par égalité exacte ou "
            "par str.contains en connaissance de cause.",
            "country_of_origin est une liste séparée par des virgules (« Unknown », « Mixed ») : ne jamais "
            "additionner par élément de la liste.",
            "Les lignes « Cumulative Incident » regroupent plusieurs décès signalés ensemble.",
            "13 lignes sans année et 14 sans date exploitable ; coordonnées en mer souvent approximatives.",
            "Quelques valeurs négatives de missing / survivors (corrections de la source) : dead_and_missing est "
            "l'indicateur de référence.",
            "2025 = janvier–avril seulement.",
        ],
        "caveats_en": [
            "Minimum estimates: bodies never found, invisible shipwrecks, under-reporting on land routes.",
            "Some regions are lists ('Mediterranean,Northern Africa'): filter consciously.",
            "country_of_origin is a comma-separated list: never sum by origin token.",
            "'Cumulative Incident' rows combine several deaths reported together.",
            "13 rows without year and 14 without a usable date; sea coordinates are approximate.",
            "A few negative missing / survivors values (source corrections): dead_and_missing is the reference.",
            "2025 = January–April only.",
        ],
        "fields": [
            F("incident_id", "Identifiant de l'incident (OIM)", "Incident ID (IOM)"),
            F("main_id", "Identifiant principal (regroupe les incidents scindés)", "Main ID"),
            F("incident_type", "Type : Incident, Split Incident, Cumulative Incident", "Incident type"),
            F("date", "Date de l'incident (vide si non exploitable)", "Incident date (empty if unusable)"),
            F("year", "Année de l'incident (vide pour 13 lignes)", "Incident year", "année"),
            F(
                "region",
                "Région de l'incident (libellé OIM, parfois une liste)",
                "Region of incident (IOM label)",
            ),
            F("route", "Route migratoire (libellé OIM)", "Migration route (IOM label)"),
            F("country_of_incident", "Pays de l'incident (libellé OIM)", "Country of incident"),
            F("location", "Lieu de l'incident (texte libre)", "Location (free text)"),
            F("dead", "Nombre de morts", "Number of dead", PERSONS, minimum=0),
            F("missing", "Nombre minimal estimé de disparus", "Minimum estimated missing", PERSONS),
            F(
                "dead_and_missing",
                "Total des morts et disparus (estimation minimale)",
                "Total dead and missing",
                PERSONS,
                minimum=0,
            ),
            F("survivors", "Nombre de survivants", "Number of survivors", PERSONS),
            F("females", "Nombre de femmes (sexe enregistré)", "Number of females", PERSONS, minimum=0),
            F("males", "Nombre d'hommes (sexe enregistré)", "Number of males", PERSONS, minimum=0),
            F("children", "Nombre d'enfants", "Number of children", PERSONS, minimum=0),
            F("cause", "Cause du décès (libellé OIM, parfois une liste)", "Cause of death"),
            F(
                "country_of_origin",
                "Pays d'origine (liste séparée par des virgules)",
                "Country of origin (list)",
            ),
            F("region_of_origin", "Région d'origine ((P) = présumée)", "Region of origin ((P) = presumed)"),
            F(
                "latitude",
                "Latitude (degrés décimaux, tirée de Coordinates)",
                "Latitude",
                "degrés",
                minimum=-90,
                maximum=90,
            ),
            F(
                "longitude",
                "Longitude (degrés décimaux, tirée de Coordinates)",
                "Longitude",
                "degrés",
                minimum=-180,
                maximum=180,
            ),
            F("unsd_grouping", "Groupe géographique UNSD", "UNSD geographical grouping"),
            F("source_quality", "Qualité de la source (1 à 5, parfois une liste)", "Source quality (1–5)"),
            F("information_source", "Source de l'information", "Information source"),
            F("url", "Lien vers la source", "Source URL"),
        ],
    },
    "indicators": {
        "title_fr": "Indicateurs pays : population, PIB, envois de fonds, solde migratoire (Banque mondiale, ONU)",
        "title_en": "Country indicators: population, GDP, remittances, net migration (World Bank, UN)",
        "description_fr": "Format long (iso3, year, indicator, value, unit). WDI : population, gdp_usd, "
        "remittances_received_usd, net_migration, migrant_stock_wdi, refugees_by_asylum_wdi, "
        "refugees_by_origin_wdi ; WPP 2024 via gdidata : population_wpp (1950–2023), remittances_paid_usd. "
        "La part du PIB n'est pas stockée : elle se calcule (exercice).",
        "description_en": "Long format. WDI indicators plus UN WPP 2024 population and remittances paid "
        "(via gdidata). Shares of GDP are computed by users.",
        "producer": "Banque mondiale",
        "dataset": "Indicateurs du développement dans le monde (WDI)",
        "edition": "extraction du 1er juillet 2026",
        "reference_date_fr": "année civile (population : mi-année)",
        "licence": CC_BY_4,
        "citation_fr": "Banque mondiale, Indicateurs du développement dans le monde (WDI), extraction du "
        "1er juillet 2026 ; Nations Unies, World Population Prospects 2024 (population_wpp, via IOM gdidata).",
        "citation_en": "World Bank, World Development Indicators, snapshot of 1 July 2026; United Nations, World "
        "Population Prospects 2024 (population_wpp, via IOM gdidata).",
        "sources": [
            {
                "title": "World Bank WDI (datasets/world-development-indicators)",
                "path": "https://data.worldbank.org/",
            },
            {
                "title": "UN World Population Prospects 2024 via IOM gdidata",
                "path": "https://population.un.org/wpp/",
            },
        ],
        "raw": [
            "worldbank/wdi_SP.POP.TOTL.csv",
            "worldbank/wdi_NY.GDP.MKTP.CD.csv",
            "worldbank/wdi_BX.TRF.PWKR.CD.DT.csv",
            "worldbank/wdi_SM.POP.NETM.csv",
            "worldbank/wdi_SM.POP.TOTL.csv",
            "worldbank/wdi_SM.POP.REFG.csv",
            "worldbank/wdi_SM.POP.REFG.OR.csv",
            "population/wdi_wpp_country_indicators_1950-2023_gdidata.csv",
        ],
        "primary_key": ["indicator", "iso3", "year"],
        "caveats_fr": [
            "Les agrégats de la Banque mondiale (WLD, ARB, MNA, EUU, groupes de revenu…) sont mêlés aux pays : "
            "colonne is_aggregate. Les exclure avant de classer ou d'additionner.",
            "Format long : une année manquante est une ligne absente, pas un zéro (Libye : envois de fonds "
            "seulement en 2000–2006).",
            "Dans le fichier gdidata, 0 signifie « manquant » pour les montants : ces lignes ont été retirées.",
            "net_migration est une série modélisée (ONU WPP 2024), pas un comptage : valeurs identiques d'une "
            "année à l'autre (Tunisie 2022 = 2023).",
            "refugees_*_wdi s'arrêtent en 2016 : utiliser le jeu refugees (HCR).",
            "Deux séries de population : population (WDI, 1960–2025) et population_wpp (ONU WPP 2024 via "
            "gdidata, 1950–2023) ; indiquer laquelle sert de dénominateur. remittances_paid_usd (envois de fonds "
            "versés, WDI BM.TRF.PWKR.CD.DT via gdidata) s'arrête en 2023.",
            "Montants en dollars US courants (sans correction de l'inflation) ; envois de fonds = canaux formels.",
        ],
        "caveats_en": [
            "World Bank aggregates are mixed with countries: column is_aggregate; drop them before ranking or "
            "summing.",
            "Long format: a missing year is an absent row, not a zero.",
            "In the gdidata file, 0 means missing for money series: those rows were removed.",
            "net_migration is modelled (UN WPP 2024), not counted.",
            "refugees_*_wdi stop in 2016: use the refugees dataset (UNHCR).",
            "Two population series: population (WDI, 1960–2025) and population_wpp (UN WPP 2024 via gdidata, "
            "1950–2023); state which one is the denominator. remittances_paid_usd stops in 2023.",
            "Current US dollars (no inflation adjustment); remittances = formal channels.",
        ],
        "fields": [
            F(
                "iso3",
                "Code pays ISO3 ou code d'agrégat Banque mondiale (voir countries.is_aggregate)",
                "ISO3 country code or World Bank aggregate code",
            ),
            F("year", "Année", "Year", "année", minimum=1950),
            F(
                "indicator",
                "Nom de l'indicateur",
                "Indicator name",
                enum=[
                    "gdp_usd",
                    "migrant_stock_wdi",
                    "net_migration",
                    "population",
                    "population_wpp",
                    "refugees_by_asylum_wdi",
                    "refugees_by_origin_wdi",
                    "remittances_paid_usd",
                    "remittances_received_usd",
                ],
            ),
            F("value", "Valeur", "Value"),
            F("unit", "Unité de la valeur", "Unit of the value"),
            F("source_code", "Code de la série dans la source", "Series code in the source"),
            F(
                "is_aggregate",
                "Vrai pour un agrégat Banque mondiale (jamais à additionner aux pays)",
                "True for a World Bank aggregate",
            ),
        ],
    },
    "countries": {
        "title_fr": "Référentiel des pays, zones, codes spéciaux et agrégats",
        "title_en": "Reference table of countries, areas, special codes and aggregates",
        "description_fr": "Liste M49 des Nations Unies (via gdidata), noms français et arabes de Natural Earth "
        "(jointure ISO_A3_EH, à défaut ADM0_A3) ou de Babel/CLDR, agrégats de la Banque mondiale.",
        "description_en": "UN M49 list (via gdidata), French and Arabic names from Natural Earth or Babel/CLDR, "
        "World Bank aggregates.",
        "producer": "Nations Unies (M49), Natural Earth, Banque mondiale",
        "dataset": "référentiel des pays M-LEARN",
        "edition": "2026",
        "reference_date_fr": "sans objet",
        "licence": PUBLIC_DOMAIN,
        "citation_fr": "Nations Unies, Division de statistique, Codes standard des pays et des zones (M49), via IOM "
        "gdidata ; noms de Natural Earth (domaine public) ; agrégats de la Banque mondiale.",
        "citation_en": "United Nations Statistics Division, M49 standard codes, via IOM gdidata; names from Natural "
        "Earth (public domain); World Bank aggregates.",
        "sources": [
            {"title": "UN M49", "path": "https://unstats.un.org/unsd/methodology/m49/"},
            {"title": "Natural Earth Admin 0 – Countries 1:50m", "path": "https://www.naturalearthdata.com/"},
        ],
        "raw": [
            "undesa-migrant-stock/country_codes_m49_gdidata.csv",
            "boundaries/ne_50m_admin_0_countries.geojson",
            *[
                f"worldbank/wdi_{c}.csv"
                for c in (
                    "SP.POP.TOTL",
                    "NY.GDP.MKTP.CD",
                    "BX.TRF.PWKR.CD.DT",
                    "SM.POP.NETM",
                    "SM.POP.TOTL",
                    "SM.POP.REFG",
                    "SM.POP.REFG.OR",
                )
            ],
        ],
        "primary_key": ["iso3"],
        "caveats_fr": [
            "Codes spéciaux (is_pseudo) : OOO, OOS, STL, UNK, XXA, TIB désignent des catégories, pas des lieux ; "
            "à garder dans les tableaux, jamais sur une carte ni rattachés à un pays.",
            "Agrégats Banque mondiale (is_aggregate) : à exclure avant tout classement ou somme de pays.",
            "ESH (Sahara occidental), PSE, XKX (Kosovo), XCX / CHI (îles Anglo-Normandes) : lignes propres, jamais "
            "fusionnées avec un autre pays.",
            NOTE_ESH_FR,
        ],
        "caveats_en": [
            "Pseudo codes (is_pseudo) are categories, not places.",
            "World Bank aggregates (is_aggregate): exclude before ranking or summing countries.",
            "ESH, PSE, XKX, XCX / CHI have their own rows, never merged with another country.",
            NOTE_ESH_EN,
        ],
        "fields": [
            F("iso3", "Code ISO3, code spécial ou code d'agrégat", "ISO3, special or aggregate code"),
            F("iso2", "Code ISO2 (« NA » = Namibie, pas une valeur manquante)", "ISO2 code ('NA' = Namibia)"),
            F("m49", "Code numérique M49", "M49 numeric code"),
            F("name_fr", "Nom français", "French name"),
            F("name_en", "Nom anglais (liste M49 ou Banque mondiale)", "English name"),
            F("name_ar", "Nom arabe (Natural Earth ou CLDR)", "Arabic name"),
            F("region", "Région M49 (anglais)", "M49 region"),
            F("subregion", "Sous-région M49 (anglais)", "M49 sub-region"),
            F("is_aggregate", "Vrai pour un agrégat Banque mondiale", "True for a World Bank aggregate"),
            F("is_pseudo", "Vrai pour un code de catégorie (inconnu, apatride…)", "True for a category code"),
            F("eu", "Vrai pour les 27 États membres de l'UE", "True for the 27 EU member states"),
            F("note_fr", "Note sur le code (statut, correspondances)", "Note on the code (French)"),
        ],
    },
    "migration_matrix_knomad": {
        "title_fr": "Matrice bilatérale des migrations 2021 (KNOMAD / Banque mondiale, estimations)",
        "title_en": "Bilateral migration matrix 2021 (KNOMAD / World Bank, estimates)",
        "description_fr": "Stocks de migrants 2021 par origine et destination, format long ; lignes et colonnes "
        "« World », « Other North », « Other South » conservées (origin_iso3 = WLD pour World).",
        "description_en": "Migrant stocks 2021 by origin and destination, long format; World / Other rows kept.",
        "producer": "KNOMAD / Banque mondiale",
        "dataset": "Bilateral Migration Matrix 2021",
        "edition": "version de décembre 2022",
        "reference_date_fr": "2021",
        "licence": KNOMAD_LICENCE,
        "citation_fr": "KNOMAD/Banque mondiale, Bilateral Migration Matrix 2021, décembre 2022.",
        "citation_en": "KNOMAD/World Bank Bilateral Migration Matrix 2021, December 2022.",
        "sources": [
            {"title": "KNOMAD migration and remittances data", "path": "https://www.knomad.org/data"}
        ],
        "raw": ["worldbank/knomad_bilateral_migration_matrix_2021.xlsx"],
        "primary_key": ["origin_name", "destination_name"],
        "caveats_fr": [
            "Estimations de la Banque mondiale fondées sur UN DESA 2020 et d'autres sources : différentes de "
            "l'édition 2024 d'UN DESA.",
            "Noms de pays à la Banque mondiale ; codes ISO3 ajoutés par M-LEARN (vides pour Other North / South).",
            "Les lignes World / Other sont des totaux : ne pas les additionner aux pays.",
        ],
        "caveats_en": [
            "World Bank estimates based on UN DESA 2020 and other sources; not UN DESA 2024.",
            "World Bank names; ISO3 codes added by M-LEARN (empty for Other North / South).",
            "World / Other rows are totals: never add them to countries.",
        ],
        "fields": [
            F("year", "Année de référence", "Reference year", "année"),
            F("origin_iso3", "Pays d'origine (ISO3, WLD = monde)", "Origin (ISO3, WLD = world)"),
            F("destination_iso3", "Pays de destination (ISO3, WLD = monde)", "Destination (ISO3)"),
            F("origin_name", "Pays d'origine (nom Banque mondiale)", "Origin (World Bank name)"),
            F(
                "destination_name",
                "Pays de destination (nom Banque mondiale)",
                "Destination (World Bank name)",
            ),
            F("migrants", "Stock de migrants estimé", "Estimated migrant stock", PERSONS, minimum=0),
        ],
    },
    "remittance_matrix_knomad": {
        "title_fr": "Matrice bilatérale des envois de fonds 2021 (KNOMAD / Banque mondiale, modèle)",
        "title_en": "Bilateral remittance matrix 2021 (KNOMAD / World Bank, model)",
        "description_fr": "Envois de fonds estimés 2021 du pays d'envoi (sender) vers le pays de réception "
        "(receiver), en millions de dollars US ; ligne et colonne « WORLD » conservées (WLD).",
        "description_en": "Estimated 2021 remittances from sender to receiver, million US$; WORLD kept (WLD).",
        "producer": "KNOMAD / Banque mondiale",
        "dataset": "Bilateral Remittance Matrix 2021",
        "edition": "version de décembre 2022",
        "reference_date_fr": "2021",
        "licence": KNOMAD_LICENCE,
        "citation_fr": "KNOMAD/Banque mondiale, Bilateral Remittance Matrix 2021, décembre 2022.",
        "citation_en": "KNOMAD/World Bank Bilateral Remittance Matrix 2021, December 2022.",
        "sources": [
            {"title": "KNOMAD migration and remittances data", "path": "https://www.knomad.org/data"}
        ],
        "raw": ["worldbank/knomad_bilateral_remittance_matrix_2021.xlsx"],
        "primary_key": ["sender_name", "receiver_name"],
        "note_fr": "estimations modélisées (KNOMAD), pas des flux observés",
        "caveats_fr": [
            "Estimations modélisées (méthode Ratha et Shaw 2007 : stocks de migrants × revenus), pas des flux "
            "observés par corridor.",
            "Millésime de données plus ancien que les WDI actuels (Tunisie 2021 : 2 194,5 M$ ici contre 2 967,2 M$ "
            "dans les WDI).",
            "Canaux informels absents ; Inde↔Pakistan, Liban↔Israël, Azerbaïdjan↔Arménie fixés à zéro par "
            "hypothèse.",
            "La ligne WORLD est un total : ne pas l'additionner aux pays.",
        ],
        "caveats_en": [
            "Modelled estimates (Ratha & Shaw 2007), not observed corridor flows.",
            "Older vintage than current WDI (Tunisia 2021: 2,194.5 vs 2,967.2 million US$).",
            "Informal channels missing; some corridors set to zero by assumption.",
            "The WORLD row is a total: never add it to countries.",
        ],
        "fields": [
            F("year", "Année de référence", "Reference year", "année"),
            F("sender_iso3", "Pays d'envoi (ISO3, WLD = monde)", "Sending country (ISO3)"),
            F("receiver_iso3", "Pays de réception (ISO3, WLD = monde)", "Receiving country (ISO3)"),
            F("sender_name", "Pays d'envoi (nom Banque mondiale)", "Sending country (World Bank name)"),
            F(
                "receiver_name",
                "Pays de réception (nom Banque mondiale)",
                "Receiving country (World Bank name)",
            ),
            F(
                "remittances_musd",
                "Envois de fonds estimés",
                "Estimated remittances",
                "millions de dollars US courants",
                minimum=0,
            ),
        ],
    },
}

_LEGACY_FIELDS = [
    F("year", "Année civile", "Calendar year", "année", minimum=2008),
    F("reporting", "Pays déclarant (ISO3) ou agrégat : EU28 (UE à 28), EU27_2007 (UE à 27 d'avant 2013), TOTAL (tous "
      "les pays déclarants)",
      "Reporting country (ISO3) or aggregate EU28 / EU27_2007"),
    F("citizenship_iso3", "Nationalité (ISO3 ; vide pour les groupes : Total, America, Oceania, non-citoyens "
      "reconnus…)", "Citizenship (ISO3; empty for groups such as Total)"),
    F("citizenship_label", "Libellé Eurostat de la nationalité (anglais, 2017)", "Eurostat citizenship label"),
    F("persons", "Effectif (vide = « : », non disponible)", "Count (empty = ':' not available)", PERSONS,
      minimum=0),
    F("flag", "Indicateur Eurostat : d définition différente, p provisoire, b rupture de série",
      "Eurostat flag: d definition differs, p provisional, b break in series"),
]  # fmt: skip
_LEGACY_COMMON = {
    "producer": "Eurostat",
    "reference_date_fr": "année civile",
    "licence": EUROSTAT_LICENCE,
    "primary_key": ["year", "reporting", "citizenship_label"],
    "fields": _LEGACY_FIELDS,
}
_LEGACY_CAVEATS_FR = [
    "Extraction d'époque (2017, UE à 28, libellés au lieu de codes), conservée par l'équipe données de la Deutsche "
    "Welle : Eurostat a révisé ces chiffres depuis.",
    "Les lignes EU28, EU27_2007 et TOTAL sont des agrégats : ne jamais les additionner entre elles ni aux pays "
    "membres.",
    "Ne pas mélanger avec les agrégats EU27 (UE à 27, 2020) des extractions récentes.",
]
_LEGACY_CAVEATS_EN = [
    "Period extract (2017, EU28, labels instead of codes) kept by Deutsche Welle's data team; Eurostat has revised "
    "these figures since.",
    "EU28 and EU27_2007 rows are aggregates: never add them to each other or to the member states.",
    "Do not mix with the EU27 (2020) aggregates of recent extracts.",
]
_DW_SOURCE = {"title": "Eurostat, extraction de 2017 conservée par dw-data/quantify-europe_asylum-seekers",
              "path": "https://github.com/dw-data/quantify-europe_asylum-seekers"}  # fmt: skip

DATASETS.update(
    {
        "asylum_eu_legacy": {
            **_LEGACY_COMMON,
            "title_fr": "Primo-demandeurs d'asile dans l'UE à 28, 2012–2016 (Eurostat, extraction de 2017)",
            "title_en": "First-time asylum applicants in the EU28, 2012–2016 (Eurostat, 2017 extract)",
            "description_fr": "migr_asyappctza, primo-demandeurs, tous sexes et âges, par pays déclarant et "
            "nationalité, tel que publié en 2017 (agrégat EU28).",
            "description_en": "migr_asyappctza, first-time applicants, both sexes, all ages, as published in 2017.",
            "dataset": "primo-demandeurs d'asile (migr_asyappctza)",
            "edition": "extraction d'avril–mai 2017",
            "citation_fr": "Eurostat, migr_asyappctza, primo-demandeurs d'asile, extraction d'avril–mai 2017 (via "
            "Deutsche Welle, dw-data).",
            "citation_en": "Eurostat, migr_asyappctza, first-time asylum applicants, April–May 2017 extract (via "
            "Deutsche Welle, dw-data).",
            "sources": [_DW_SOURCE],
            "raw": ["eurostat/dw_migr_asyappctza_allcitizenships.csv"],
            "caveats_fr": _LEGACY_CAVEATS_FR
            + [
                "Comparer avec asylum_first_time_eu : Marocains 2016, EU28 (2017) 11 190 contre EU27_2020 (2025) "
                "11 700."
            ],
            "caveats_en": _LEGACY_CAVEATS_EN,
        },
        "irregular_presence_eu": {
            **_LEGACY_COMMON,
            "title_fr": "Ressortissant·e·s de pays tiers en séjour irrégulier constaté dans l'UE, 2012–2016 "
            "(Eurostat)",
            "title_en": "Third-country nationals found to be illegally present in the EU, 2012–2016 (Eurostat)",
            "description_fr": "migr_eipre : constats de séjour irrégulier (interpellations sur le territoire), par "
            "pays déclarant et nationalité ; le fichier contient une ligne EU28 et une ligne EU27_2007.",
            "description_en": "migr_eipre: persons found to be illegally present, by reporting country and "
            "citizenship; the file holds both an EU28 and an EU27_2007 row.",
            "dataset": "ressortissants de pays tiers en séjour irrégulier constaté (migr_eipre)",
            "edition": "extraction de 2017",
            "citation_fr": "Eurostat, migr_eipre, ressortissants de pays tiers en séjour irrégulier constaté, "
            "extraction de 2017 (via Deutsche Welle, dw-data).",
            "citation_en": "Eurostat, migr_eipre, third-country nationals found to be illegally present, 2017 "
            "extract (via Deutsche Welle, dw-data).",
            "sources": [_DW_SOURCE],
            "raw": ["eurostat/dw_migr_eipre_1_Data_allcitizens.csv"],
            "note_fr": "constats, et non personnes",
            "caveats_fr": [
                "Des constats (interpellations), pas un stock de personnes : une même personne peut être comptée "
                "dans plusieurs pays ou plusieurs années ; inclut les dépassements de visa.",
                "Additionner EU28 et EU27_2007 double le chiffre (Marocains 2016 : 76 175 au lieu de 38 140).",
            ]
            + _LEGACY_CAVEATS_FR,
            "caveats_en": [
                "Apprehensions, not a stock of people; one person can be counted in several countries or years.",
                "Adding EU28 and EU27_2007 doubles the figure (Moroccans 2016: 76,175 instead of 38,140).",
            ]
            + _LEGACY_CAVEATS_EN,
        },
        "refusals_of_entry_eu": {
            **_LEGACY_COMMON,
            "title_fr": "Refus d'entrée aux frontières extérieures de l'UE, 2012–2016 (Eurostat)",
            "title_en": "Refusals of entry at the EU external borders, 2012–2016 (Eurostat)",
            "description_fr": "migr_eirfs : ressortissants de pays tiers refoulés aux frontières extérieures, tous "
            "motifs, par pays déclarant et nationalité.",
            "description_en": "migr_eirfs: third-country nationals refused entry at the external borders.",
            "dataset": "ressortissants de pays tiers refoulés aux frontières extérieures (migr_eirfs)",
            "edition": "extraction de 2017",
            "citation_fr": "Eurostat, migr_eirfs, ressortissants de pays tiers refoulés aux frontières extérieures, "
            "extraction de 2017 (via Deutsche Welle, dw-data).",
            "citation_en": "Eurostat, migr_eirfs, third-country nationals refused entry, 2017 extract (via Deutsche "
            "Welle, dw-data).",
            "sources": [_DW_SOURCE],
            "raw": ["eurostat/dw_migr_eirfs_Data_allcitizenships.csv"],
            "note_fr": "refus (événements), et non personnes",
            "caveats_fr": [
                "Des refus, pas des personnes : une même personne peut être refoulée plusieurs fois (travailleurs "
                "et commerçants frontaliers de Ceuta et Melilla pour les Marocains).",
            ]
            + _LEGACY_CAVEATS_FR,
            "caveats_en": ["Refusals, not people: one person can be refused many times."]
            + _LEGACY_CAVEATS_EN,
        },
    }
)

_mmp_fields = {f["name"]: f for f in DATASETS["missing_migrants"]["fields"]}
DATASETS["missing_migrants_europe"] = {
    "title_fr": "Migrant·e·s mort·e·s et disparu·e·s sur les routes vers l'Europe, 2014 – avril 2026 (sous-ensemble "
    "dérivé, OIM)",
    "title_en": "Dead and missing migrants on routes to Europe, 2014 – April 2026 (derived subset, IOM data)",
    "description_fr": "Sous-ensemble des incidents du Missing Migrants Project sur les routes vers l'Europe "
    "(Méditerranée, Afrique du Nord et de l'Ouest, Atlantique, Europe, Asie de l'Ouest), constitué par G. Coppola "
    "(Hertie School, mai 2026) ; lignes cumulatives retirées, incidents de 2026 ajoutés. À n'utiliser que pour "
    "les mois 2025–2026 : la référence reste missing_migrants.",
    "description_en": "Curated subset of MMP incidents on routes to Europe (G. Coppola, Hertie School, May 2026), "
    "cumulative rows dropped, 2026 appended. Use only for 2025–2026; missing_migrants is the reference.",
    "producer": "OIM, Missing Migrants Project (sous-ensemble de G. Coppola)",
    "dataset": "personnes mortes et disparues sur les routes vers l'Europe",
    "edition": "export du 6 mai 2026",
    "reference_date_fr": "date de l'incident",
    "licence": {"name": "CC-BY-4.0 + IOM-MMP-terms", "title": "CC BY 4.0 (sélection) ; données sous les "
                "conditions de l'OIM", "title_en": "CC BY 4.0 (subset); data under IOM's terms", "path": "https://missingmigrants.iom.int/downloads"},
    "citation_fr": "Organisation internationale pour les migrations (OIM), Missing Migrants Project ; sous-ensemble "
    "« Europe » de G. Coppola, Missing-Migrants-Count (Hertie School, mai 2026).",
    "citation_en": "International Organization for Migration, Missing Migrants Project; Europe subset by "
    "G. Coppola, Missing-Migrants-Count (Hertie School, May 2026).",
    "sources": [{"title": "giocopp/Missing-Migrants-Count", "path": "https://github.com/giocopp/Missing-Migrants-Count"}],
    "raw": ["missing-migrants/iom_europe_curated_2014-2026.csv"],
    "primary_key": ["incident_id"],
    "note_fr": "estimation minimale ; sous-ensemble dérivé",
    "caveats_fr": [
        "Même source, autre export : les totaux diffèrent de missing_migrants (Méditerranée 2024 : 2 573 ici contre "
        "2 475 dans l'export de référence) à cause des révisions de l'OIM et du retrait des lignes cumulatives.",
        "À n'utiliser que pour 2025–2026 ; ne pas raccorder à missing_migrants dans une même série sans le dire.",
        "2026 = janvier – début mai seulement ; l'export de 2026 peut être incomplet.",
    ]
    + DATASETS["missing_migrants"]["caveats_fr"][:3],
    "caveats_en": [
        "Same source, different export: totals differ from missing_migrants (Mediterranean 2024: 2,573 vs 2,475).",
        "Use only for 2025–2026.",
        "2026 = January – early May only.",
    ]
    + DATASETS["missing_migrants"]["caveats_en"][:3],
    "fields": [
        _mmp_fields["incident_id"], _mmp_fields["main_id"], _mmp_fields["incident_type"],
        F("date", "Date de l'incident (colonne incident_date_clean)", "Incident date"),
        F("year", "Année de l'incident", "Incident year", "année", minimum=2014),
        F("month", "Mois de l'incident (1–12)", "Incident month", minimum=1, maximum=12),
        *[_mmp_fields[c] for c in ["region", "route", "country_of_incident", "dead", "missing", "dead_and_missing",
                                   "survivors", "females", "males", "children", "cause", "country_of_origin",
                                   "region_of_origin", "latitude", "longitude", "source_quality"]],
    ],
}  # fmt: skip

# build order: countries first (it is the reference of codes for the others)
ORDER = [
    "countries",
    "migrant_stock",
    "migrant_stock_2020_edition",
    "refugees",
    "asylum_applications",
    "asylum_decisions",
    "asylum_first_time_eu",
    "border_detections",
    "missing_migrants",
    "missing_migrants_europe",
    "indicators",
    "migration_matrix_knomad",
    "remittance_matrix_knomad",
    "asylum_eu_legacy",
    "irregular_presence_eu",
    "refusals_of_entry_eu",
]

# English wording of the source line fields: (producer, dataset, edition, reference date, standing note)
ENGLISH = {
    "migrant_stock": ("United Nations, DESA, Population Division", "International Migrant Stock 2024",
                      "2024 edition", "mid-year (1 July)", None),
    "migrant_stock_2020_edition": ("United Nations, DESA, Population Division", "International Migrant Stock 2020",
                                   "2020 edition", "mid-year (1 July)", None),
    "refugees": ("UNHCR", "Refugee Data Finder, end-year population", "Global Trends 2025", "end of year (31 "
                 "December)", None),
    "asylum_applications": ("UNHCR", "Refugee Data Finder, asylum applications", "Global Trends 2025",
                            "calendar year", None),
    "asylum_decisions": ("UNHCR", "Refugee Data Finder, asylum decisions", "Global Trends 2025", "calendar year",
                         None),
    "asylum_first_time_eu": ("Eurostat", "first-time asylum applicants (migr_asyappctza)", "extracted 26 May 2025",
                             "calendar year", None),
    "border_detections": ("Frontex", "monthly detections of irregular border crossings", "data as of 3 June 2025",
                          "month of detection", "detections, not people"),
    "missing_migrants": ("IOM, Missing Migrants Project", "dead and missing migrants", "April 2025 export",
                         "date of incident", "minimum estimate"),
    "missing_migrants_europe": ("IOM, Missing Migrants Project (subset by G. Coppola)",
                                "dead and missing migrants on routes to Europe", "export of 6 May 2026",
                                "date of incident", "minimum estimate; derived subset"),
    "indicators": ("World Bank", "World Development Indicators (WDI)", "snapshot of 1 July 2026",
                   "calendar year (population: mid-year)", None),
    "countries": ("United Nations (M49), Natural Earth, World Bank", "M-LEARN country reference", "2026",
                  "not applicable", None),
    "migration_matrix_knomad": ("KNOMAD / World Bank", "Bilateral Migration Matrix 2021", "December 2022 version",
                                "2021", None),
    "remittance_matrix_knomad": ("KNOMAD / World Bank", "Bilateral Remittance Matrix 2021",
                                 "December 2022 version", "2021", "modelled estimates (KNOMAD), not observed flows"),
    "asylum_eu_legacy": ("Eurostat", "first-time asylum applicants (migr_asyappctza)", "April–May 2017 extract",
                         "calendar year", None),
    "irregular_presence_eu": ("Eurostat", "third-country nationals found to be illegally present (migr_eipre)",
                              "2017 extract", "calendar year", "apprehensions, not people"),
    "refusals_of_entry_eu": ("Eurostat", "third-country nationals refused entry (migr_eirfs)", "2017 extract",
                             "calendar year", "refusals (events), not people"),
}  # fmt: skip
for _name, (_p, _d, _e, _r, _n) in ENGLISH.items():
    DATASETS[_name].update(producer_en=_p, dataset_en=_d, edition_en=_e, reference_date_en=_r, note_en=_n)

# Column order: the columns named in issue 3 come first, in the order (a public API); extras follow.
COLUMN_ORDER = {
    "countries": ["iso3", "m49", "name_fr", "name_en", "name_ar", "region", "subregion", "is_aggregate", "iso2",
                  "is_pseudo", "eu", "note_fr"],
    "refugees": ["year", "origin_iso3", "asylum_iso3", "refugees", "asylum_seekers", "idps", "stateless",
                 "others_of_concern", "returned_refugees", "returned_idps", "other_in_need_of_protection",
                 "host_community"],
    "border_detections": ["month", "route", "border_type", "citizenship_iso3", "detections", "year"],
    "missing_migrants": ["incident_id", "date", "year", "region", "route", "country_of_incident", "dead", "missing",
                         "dead_and_missing", "survivors", "females", "males", "children", "cause",
                         "country_of_origin", "latitude", "longitude", "source_quality", "main_id", "incident_type",
                         "location", "region_of_origin", "unsd_grouping", "information_source", "url"],
    "missing_migrants_europe": ["incident_id", "date", "year", "month", "region", "route", "country_of_incident",
                                "dead", "missing", "dead_and_missing", "survivors", "females", "males", "children",
                                "cause", "country_of_origin", "latitude", "longitude", "source_quality", "main_id",
                                "incident_type", "region_of_origin"],
}  # fmt: skip
for _name, _order in COLUMN_ORDER.items():
    _by_name = {f["name"]: f for f in DATASETS[_name]["fields"]}
    assert set(_order) == set(_by_name), (_name, set(_order) ^ set(_by_name))
    DATASETS[_name]["fields"] = [_by_name[c] for c in _order]
