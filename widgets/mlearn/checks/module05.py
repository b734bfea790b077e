"""Self-checks of lecture 5 — Sexe, âge et analyse de genre (UN DESA, Eurostat, OIM)."""

from mlearn.checks._registry import register
from mlearn.checks.questions import MultipleChoiceQuestion, NumberQuestion

q1 = NumberQuestion(
    "Part des femmes (en %) parmi les personnes nées en Algérie vivant à l'étranger, mi-2024.",
    50.53,
    tol=0.006,
    unit="%",
    hints=["Femmes / (femmes + hommes) × 100, avec origin_iso3 == 'DZA' et year == 2024."],
    solution="Un peu plus de la moitié : 50,5 % de femmes.",
    solution_code=(
        "s = stock.query(\"year == 2024 and origin_iso3 == 'DZA'\")\n"
        "100 * s.query(\"sex == 'female'\").migrants.sum() / s.query(\"sex == 'total'\").migrants.sum()"
    ),
)

q2 = NumberQuestion(
    "Part des femmes (en %) parmi les personnes nées au Maroc vivant en Espagne, mi-2024.",
    41.89,
    unit="%",
    traps=[(51.69, "51,69 %, c'est la part des femmes parmi les personnes nées au Maroc vivant en France.")],
    hints=["Même calcul, en ajoutant destination_iso3 == 'ESP'."],
    solution="41,9 % en Espagne, contre 51,7 % en France : la structure par sexe dépend du corridor.",
    solution_code="s = stock.query(\"year == 2024 and origin_iso3 == 'MAR' and destination_iso3 == 'ESP'\")\n100 * s.query(\"sex == 'female'\").migrants.sum() / s.query(\"sex == 'total'\").migrants.sum()",
)

q3 = NumberQuestion(
    "Part des femmes (en %) parmi l'ensemble des primo-demandeur·euse·s d'asile dans l'UE27 en 2023, toutes "
    "nationalités (Eurostat). Le dénominateur inclut le sexe inconnu.",
    100 * 340_540 / 1_130_825,
    tol=0.004,
    unit="%",
    traps=[
        (
            100 * 340_540 / (340_540 + 790_030),
            "vous avez exclu le sexe inconnu du dénominateur : le total est femmes + hommes + inconnu.",
        ),
    ],
    hints=["Eurostat : total = femmes + hommes + sexe inconnu (255 personnes en 2023)."],
    solution="340 540 femmes sur 1 130 825 demandeur·euse·s : 30,1 %.",
    solution_code="eu = data.load('asylum_first_time_eu').query(\"reporting == 'EU27' and year == 2023\")\n100 * eu.query(\"sex == 'female'\").applicants.sum() / eu.query(\"sex == 'total'\").applicants.sum()",
)

q4 = MultipleChoiceQuestion(
    "En Méditerranée (2014–2024), le sexe n'est renseigné que pour 20 % des 31 330 personnes mortes et "
    "disparues, et parmi elles une majorité d'hommes. Que peut-on conclure ?",
    {
        "a": "Les victimes sont presque toutes des hommes.",
        "b": "On ne peut pas conclure sur la répartition par sexe de l'ensemble : le sexe est inconnu pour 80 %.",
        "c": "Les femmes migrent peu par la mer.",
    },
    "b",
    explanations={
        "a": "La part d'hommes parmi les cas connus ne s'extrapole pas aux 80 % de sexe inconnu.",
        "c": "Une donnée manquante n'est pas une absence : les femmes sont souvent moins identifiées.",
    },
)

QUESTIONS = register(globals(), "Module 5")
