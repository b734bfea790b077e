"""Self-checks of lecture 9 — Taux ou effectifs ? Dénominateurs, comparaisons et révisions."""

from mlearn.checks._registry import register
from mlearn.checks.questions import MultipleChoiceQuestion, NumberQuestion

q1 = NumberQuestion(
    "Primo-demandeur·euse·s d'asile de nationalité égyptienne dans l'UE27 en 2023 (26 610), pour 100 000 "
    "habitant·e·s de l'Égypte (population 2023 : 114 535 772).",
    100_000 * 26_610 / 114_535_772,
    tol=0.01,
    unit="pour 100 000",
    hints=["Taux pour 100 000 = effectif / population × 100 000."],
    solution="Environ 23 pour 100 000, contre 78 pour le Maroc : des effectifs proches, des taux très différents.",
    solution_code="eu = data.load('asylum_first_time_eu').query(\"reporting == 'EU27' and year == 2023 and sex == 'total'\")\nn = eu.query(\"citizenship_iso3 == 'EGY'\").applicants.sum()\npop = data.load('indicators').query(\"iso3 == 'EGY' and year == 2023 and indicator == 'population_wpp'\").value.item()\n1e5 * n / pop",
)

q2 = NumberQuestion(
    "Personnes nées au Maroc vivant à l'étranger en 2024, en % de la population résidente du Maroc "
    "(3 627 829 / 38 081 173).",
    100 * 3_627_829 / 38_081_173,
    unit="%",
    per_sex=True,
    hints=["Le dénominateur est la population du pays d'origine, pas celle des pays de destination."],
    solution="9,5 % : un rapport entre la diaspora et la population résidente (ce n'est pas une part de la même population).",
    solution_code="emig = stock.query(\"year == 2024 and origin_iso3 == 'MAR' and sex == 'total'\").migrants.sum()\npop = data.load('indicators').query(\"iso3 == 'MAR' and year == 2024 and indicator == 'population'\").value.item()\n100 * emig / pop",
)

q3 = NumberQuestion(
    "Révision entre éditions : personnes nées en Tunisie vivant à l'étranger en 2020, édition 2024 moins "
    "édition 2020 d'UN DESA.",
    674_089 - 902_268,
    unit="personnes",
    hints=[
        "Même année de référence (2020), deux éditions : migrant_stock et migrant_stock_2020_edition.",
        "Édition 2024 moins édition 2020 : le résultat est négatif.",
    ],
    solution="674 089 − 902 268 = −228 179 : l'édition 2024 a fortement révisé l'année 2020 à la baisse.",
    solution_code="sel = \"year == 2020 and origin_iso3 == 'TUN' and sex == 'total'\"\ndata.load('migrant_stock').query(sel).migrants.sum() - data.load('migrant_stock_2020_edition').query(sel).migrants.sum()",
)

q4 = MultipleChoiceQuestion(
    "Croissance du nombre de personnes nées au Maroc vivant en Espagne entre 2020 et 2024 : laquelle est "
    "correcte ?",
    {
        "a": "+38,5 %, en rapportant la valeur 2024 (édition 2024) à la valeur 2020 (édition 2020).",
        "b": "+19,1 %, en prenant les deux années dans la même édition (2024).",
        "c": "Les deux se valent : il suffit de prendre la plus récente.",
    },
    "b",
    explanations={
        "a": "Raccorder deux éditions crée une fausse hausse : ne mélangez jamais les millésimes dans une série.",
        "c": "Seule une série d'une même édition est comparable dans le temps.",
    },
)

QUESTIONS = register(globals(), "Module 9")
