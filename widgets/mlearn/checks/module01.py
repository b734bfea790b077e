"""Self-checks of lecture 1 — Pourquoi les données comptent (UN DESA 2024, WDI population)."""

from mlearn.checks._registry import register
from mlearn.checks.questions import MultipleChoiceQuestion, NumberQuestion

q1 = NumberQuestion(
    "Part des immigré·e·s (stock UN DESA, mi-2024) dans la population de la Libye en 2024, en % "
    "(population : Banque mondiale, SP.POP.TOTL, même année).",
    100 * 897_751 / 7_381_023,
    tol=0.05,
    unit="%",
    per_sex=True,
    hints=[
        "Numérateur : somme des effectifs « total » dont destination_iso3 == 'LBY' en 2024.",
        "Dénominateur : l'indicateur « population » de la Libye en 2024 ; multipliez le rapport par 100.",
    ],
    solution="Stock d'immigré·e·s en Libye (897 751) divisé par la population totale, × 100.",
    solution_code=(
        "stock = data.load('migrant_stock')\n"
        "imm = stock.query(\"year == 2024 and destination_iso3 == 'LBY' and sex == 'total'\").migrants.sum()\n"
        "ind = data.load('indicators')\n"
        "pop = ind.query(\"iso3 == 'LBY' and year == 2024 and indicator == 'population'\").value.item()\n"
        "100 * imm / pop"
    ),
)

q2 = NumberQuestion(
    "Combien de personnes nées dans l'un des six pays (MAR, DZA, TUN, LBY, EGY, MRT) vivaient hors de leur "
    "pays de naissance à la mi-2024 ?",
    11_192_058,
    unit="personnes",
    per_sex=True,
    hints=[
        "Filtrez origin_iso3 sur la liste des six codes avec .isin(...), l'année 2024 et sex == 'total'.",
        "Ne comptez pas deux fois : les lignes « total » valent déjà femmes + hommes.",
    ],
    solution="Somme des stocks dont le pays de naissance est l'un des six pays.",
    solution_code=(
        "SIX = ['MAR', 'DZA', 'TUN', 'LBY', 'EGY', 'MRT']\n"
        "stock.query(\"year == 2024 and sex == 'total' and origin_iso3 in @SIX\").migrants.sum()"
    ),
)

q3 = NumberQuestion(
    "Rapport émigré·e·s / immigré·e·s pour la Tunisie en 2024 : personnes nées en Tunisie vivant à l'étranger, "
    "divisées par les immigré·e·s vivant en Tunisie (2 décimales).",
    715_249 / 63_201,
    tol=0.01,
    hints=[
        "Numérateur : origin_iso3 == 'TUN' ; dénominateur : destination_iso3 == 'TUN' ; année 2024, sex == 'total'.",
    ],
    solution="715 249 personnes nées en Tunisie vivent à l'étranger, 63 201 immigré·e·s vivent en Tunisie.",
    solution_code=(
        "s24 = stock.query(\"year == 2024 and sex == 'total'\")\n"
        "s24.query(\"origin_iso3 == 'TUN'\").migrants.sum() / s24.query(\"destination_iso3 == 'TUN'\").migrants.sum()"
    ),
)

q4 = MultipleChoiceQuestion(
    "Quelles affirmations les données UN DESA 2024 permettent-elles de soutenir ? (plusieurs réponses)",
    {
        "a": "Les immigré·e·s recensé·e·s représentent moins de 1 % de la population au Maroc, en Algérie, "
        "en Tunisie et en Égypte.",
        "b": "Il n'y a pas de migrant·e·s en situation irrégulière au Maroc, puisque les chiffres sont faibles.",
        "c": "Les personnes nées au Maroc qui vivent en France sont presque toutes arrivées récemment.",
        "d": "Il y a bien plus de personnes nées au Maroc vivant à l'étranger que d'immigré·e·s au Maroc.",
    },
    {"a", "d"},
    explanations={
        "a": "Maroc 0,29 %, Tunisie 0,51 %, Algérie 0,55 %, Égypte 0,98 % en 2024.",
        "b": "Les personnes en situation irrégulière sont mal couvertes par les sources : faible chiffre enregistré, "
        "avec des lacunes connues, ne veut pas dire zéro.",
        "c": "648 162 personnes nées au Maroc vivaient déjà en France en 1990 : un stock se construit sur des décennies.",
        "d": "Rapport d'environ 33 émigré·e·s pour 1 immigré·e en 2024.",
    },
    hints=["Deux affirmations sont exactes ; pour les autres, demandez-vous ce que la source ne mesure pas."],
)

QUESTIONS = register(globals(), "Module 1")
