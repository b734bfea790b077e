"""Self-checks of lecture 7 — Traversées irrégulières et décès : ce que mesurent les détections."""

from mlearn.checks._registry import register
from mlearn.checks.questions import MultipleChoiceQuestion, NumberQuestion

q1 = NumberQuestion(
    "Combien de franchissements irréguliers ont été détectés par Frontex sur la route de la Méditerranée "
    "centrale en 2023 ?",
    158_026,
    unit="détections",
    hints=[
        "Jeu border_detections : additionnez les 12 mois de 2023 pour la route « Central Mediterranean Route »."
    ],
    solution="158 026 détections (et non personnes).",
    solution_code=(
        "fx = data.load('border_detections')\n"
        "fx[(fx.month.dt.year == 2023) & (fx.route == 'Central Mediterranean Route')].detections.sum()"
    ),
)

q2 = NumberQuestion(
    "Part (en %) des détections Frontex de janvier 2009 à avril 2025 dont la nationalité est inconnue "
    "(code OOO).",
    100 * 686_021 / 4_966_869,
    unit="%",
    hints=["Numérateur : citizenship_iso3 == 'OOO' ; dénominateur : toutes les détections de la période."],
    solution="686 021 détections sur 4 966 869 : 13,8 % sans nationalité connue.",
    solution_code="fx = data.load('border_detections')\n100 * fx.query(\"citizenship_iso3 == 'OOO'\").detections.sum() / fx.detections.sum()",
)

q3 = NumberQuestion(
    "Part (en %) des personnes disparues parmi les personnes mortes et disparues en Méditerranée de 2014 à "
    "2024 (OIM, projet Migrants disparus).",
    100 * 20_138 / 31_330,
    unit="%",
    hints=[
        "Disparues / (mortes + disparues) × 100, incidents de la région Méditerranée, années 2014 à 2024."
    ],
    solution="20 138 sur 31 330 : 64,3 % n'ont jamais été retrouvées. Ce sont des estimations minimales.",
    solution_code="mmp = data.load('missing_migrants')\nmed = mmp[(mmp.region == 'Mediterranean') & mmp.year.between(2014, 2024)]\n100 * med.missing.sum() / med.dead_and_missing.sum()",
)

q4 = NumberQuestion(
    "Personnes mortes et disparues sur la route de la Méditerranée centrale (OIM) pour 1 000 détections "
    "Frontex sur la même route, en 2018.",
    55.95,
    tol=0.01,
    unit="pour 1 000 détections",
    hints=["Attention : le numérateur et le dénominateur viennent de deux systèmes différents."],
    solution="Environ 56 pour 1 000 en 2018, contre 16 en 2023 : un indicateur fragile, à commenter avec ses limites.",
    solution_code="mmp = data.load('missing_migrants').query(\"route == 'Central Mediterranean' and year == 2018\")\nfx = data.load('border_detections').query(\"route == 'Central Mediterranean Route' and year == 2018\")\n1000 * mmp.dead_and_missing.sum() / fx.detections.sum()",
)

q5 = MultipleChoiceQuestion(
    "Un titre affirme : « 1,8 million de migrants illégaux sont entrés en Europe en 2015 ». Que disent les "
    "données Frontex ?",
    {
        "a": "Elles confirment le titre.",
        "b": "Elles comptent 1 822 102 détections : une même personne peut être détectée plusieurs fois, par "
        "exemple en Méditerranée orientale puis dans les Balkans occidentaux.",
        "c": "Elles comptent les personnes en séjour irrégulier en Europe.",
    },
    "b",
    explanations={
        "a": "Frontex compte des détections, pas des personnes ; et « illégal » ne qualifie pas une personne.",
        "c": "Les détections ont lieu aux frontières ; le séjour irrégulier est mesuré par d'autres sources.",
    },
)

QUESTIONS = register(globals(), "Module 7")
