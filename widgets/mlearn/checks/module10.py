"""Self-checks of lecture 10 — Communiquer les données sans discriminer."""

from mlearn.checks._registry import register
from mlearn.checks.questions import MultipleChoiceQuestion, NumberQuestion, SetQuestion

q1 = NumberQuestion(
    "Détections en Méditerranée centrale : 105 561 en 2022, 158 026 en 2023. Par quel facteur le nombre a-t-il "
    "réellement été multiplié (2 décimales) ?",
    158_026 / 105_561,
    tol=0.01,
    traps=[
        (
            10.43,
            "10,43, c'est le facteur apparent sur un graphique dont l'axe commence à 100 000 : "
            "l'axe tronqué exagère la hausse. Le vrai rapport se calcule sur les valeurs.",
        ),
    ],
    hints=["Divisez la valeur 2023 par la valeur 2022."],
    solution="158 026 / 105 561 ≈ 1,50 : une hausse de moitié, pas un décuplement.",
    solution_code="fx = data.load('border_detections').query(\"route == 'Central Mediterranean Route'\")\npar_an = fx.groupby('year').detections.sum()\npar_an[2023] / par_an[2022]",
)

q2 = SetQuestion(
    "Quels termes à éviter contient ce titre ? « Afflux massif de clandestins : une vague d'arrivées à "
    "Lampedusa ». Donnez une liste de termes en minuscules, tels qu'ils apparaissent.",
    ["afflux massif", "clandestins", "vague"],
    hints=["Trois termes : une métaphore de l'eau, une de la quantité, et un mot qui désigne des personnes."],
    solution="« afflux massif », « clandestins » et « vague ». Titre neutre : « Lampedusa : 8 500 arrivées par "
    "la mer en trois jours (septembre 2023, source : ministère de l'Intérieur italien) ».",
)

q3 = NumberQuestion(
    "Part (en %) des premières demandes d'asile de ressortissant·e·s tunisien·ne·s dans l'UE27 en 2022 déposées "
    "en Autriche (13 125 sur 21 695).",
    100 * 13_125 / 21_695,
    unit="%",
    hints=["Rapportez la ligne AUT à la ligne EU27, même année, même nationalité."],
    solution="60,5 % : un effet de pays de transit. La géographie des demandes n'est pas celle de l'installation.",
    solution_code="eu = data.load('asylum_first_time_eu').query(\"citizenship_iso3 == 'TUN' and year == 2022 and sex == 'total'\")\nlignes = eu.set_index('reporting').applicants\n100 * lignes['AUT'] / lignes['EU27']",
)

q4 = MultipleChoiceQuestion(
    "Quel titre respecte les conventions du cours ?",
    {
        "a": "« Invasion à Ceuta : des milliers de Subsahariens forcent la frontière »",
        "b": "« Frontex : 158 026 franchissements irréguliers détectés en Méditerranée centrale en 2023 "
        "(détections, et non personnes) »",
        "c": "« Les Tunisiens, première nationalité des clandestins en Italie »",
    },
    "b",
    explanations={
        "a": "Métaphore guerrière, désignation collective de personnes par leur origine, pas de source ni d'unité.",
        "b": "Indicateur, lieu, date, unité et source : c'est le modèle.",
        "c": "Associe une nationalité à un terme stigmatisant ; « clandestin » est à proscrire.",
    },
)

QUESTIONS = register(globals(), "Module 10")
