"""Self-checks of lecture 3 — Sources : recensements, enquêtes, registres, frontières, compilations."""

from mlearn.checks._registry import register
from mlearn.checks.questions import LabelsQuestion, NumberQuestion

q1 = NumberQuestion(
    "Combien de primo-demandeur·euse·s d'asile de nationalité marocaine l'UE27 a-t-elle enregistré·e·s en "
    "2023 selon Eurostat (ligne agrégée EU27, tous sexes) ?",
    29_400,
    unit="personnes",
    per_sex=True,
    traps=[
        (
            60_440,
            "vous avez additionné la ligne agrégée EU27 et les lignes des États membres : double compte. "
            "Gardez soit l'agrégat, soit les pays.",
        ),
        (29_936, "29 936 est le chiffre du HCR (toutes demandes confondues), pas celui d'Eurostat."),
        (
            25_930,
            "25 930 est le chiffre du HCR pour les nouvelles demandes ; la question porte sur Eurostat.",
        ),
        (1_865, "1 865, ce sont les femmes seulement : le total est femmes + hommes + sexe inconnu."),
    ],
    hints=[
        "Jeu de données asylum_first_time_eu : reporting == 'EU27', citizenship_iso3 == 'MAR', year == 2023.",
        "Prenez la ligne sex == 'total' (ou additionnez femmes, hommes et inconnu, pas les quatre).",
    ],
    solution="Eurostat compte les primo-demandeur·euse·s (arrondi à 5) : 29 400.",
    solution_code=(
        "eu = data.load('asylum_first_time_eu')\n"
        "eu.query(\"reporting == 'EU27' and citizenship_iso3 == 'MAR' and year == 2023 and sex == 'total'\")"
        ".applicants.sum()"
    ),
)

q2 = NumberQuestion(
    "Personnes nées au Maroc vivant en France, année de référence 2020 : écart entre l'édition 2020 "
    "et l'édition 2024 d'UN DESA (édition 2020 moins édition 2024).",
    1_059_918 - 1_027_490,
    unit="personnes",
    hints=[
        "Chargez migrant_stock et migrant_stock_2020_edition ; filtrez year == 2020, MAR → FRA, sex == 'total'.",
    ],
    solution="1 059 918 (édition 2020) − 1 027 490 (édition 2024) = 32 428 : la même année révisée.",
    solution_code=(
        "q = \"year == 2020 and origin_iso3 == 'MAR' and destination_iso3 == 'FRA' and sex == 'total'\"\n"
        "data.load('migrant_stock_2020_edition').query(q).migrants.sum() - "
        "data.load('migrant_stock').query(q).migrants.sum()"
    ),
)

q3 = NumberQuestion(
    "Envois de fonds reçus par la Tunisie en 2021 : écart entre la Banque mondiale (WDI, 2 967,2 M$) et la "
    "matrice KNOMAD (2 194,5 M$), en millions de dollars US (WDI moins KNOMAD).",
    2_967.2 - 2_194.5,
    tol=0.15,
    unit="M$",
    hints=["Attention à l'unité : la question est en millions de dollars."],
    solution="2 967,2 − 2 194,5 = 772,7 M$ : la matrice KNOMAD est un modèle, d'un autre millésime.",
    solution_code="wdi = data.load('indicators').query(\"iso3 == 'TUN' and year == 2021 and indicator == 'remittances_received_usd'\").value.item() / 1e6\nkn = data.load('remittance_matrix_knomad').query(\"receiver_iso3 == 'TUN' and sender_iso3 == 'WLD'\").remittances_musd.item()\nwdi - kn",
)

SOURCES = ["undesa", "unhcr", "eurostat", "frontex", "mmp", "wdi"]
q4 = LabelsQuestion(
    "Pour chaque question, choisissez la source la plus adaptée. Étiquettes : undesa (Nations unies, DESA), "
    "unhcr (HCR), eurostat, frontex, mmp (OIM, projet Migrants disparus), wdi (Banque mondiale).",
    {"a": "undesa", "b": "eurostat", "c": "unhcr", "d": "frontex", "e": "mmp", "f": "wdi"},
    labels=SOURCES,
    min_correct=5,
    items={
        "a": "Combien de personnes nées en Égypte vivent en Arabie saoudite ?",
        "b": "Combien de premières demandes d'asile de ressortissant·e·s tunisien·ne·s l'UE a-t-elle reçues en 2023 ?",
        "c": "Combien de réfugié·e·s soudanais·es l'Égypte accueillait-elle fin 2025 ?",
        "d": "Combien de franchissements irréguliers ont été détectés en Méditerranée centrale en 2023 ?",
        "e": "Combien de personnes sont mortes ou disparues en Méditerranée en 2023 ?",
        "f": "Quel montant d'envois de fonds la Tunisie a-t-elle reçu en 2024 ?",
    },
    hints=["Chaque source répond à une question : stock (UN DESA), asile UE (Eurostat), protection (HCR)…"],
    solution="a) UN DESA (stock par pays de naissance) ; b) Eurostat ; c) HCR ; d) Frontex ; e) OIM, projet "
    "Migrants disparus ; f) Banque mondiale (WDI).",
)

QUESTIONS = register(globals(), "Module 3")
