"""Self-checks of lecture 2 — Concepts et définitions (UN DESA flags, 12-month rule, stock vs flow)."""

from mlearn.checks._registry import register
from mlearn.checks.questions import CountrySetQuestion, LabelsQuestion, MultipleChoiceQuestion, NumberQuestion

q1 = NumberQuestion(
    "Dans l'édition 2024 d'UN DESA, combien de pays ou territoires de destination fondent leur estimation sur "
    "le lieu de naissance (personnes nées à l'étranger) ?",
    182,
    unit="destinations",
    traps=[
        (
            48,
            "48, c'est le nombre de destinations qui comptent les ressortissant·e·s étranger·ère·s (citoyenneté).",
        ),
        (
            233,
            "233, c'est le nombre total de destinations : ne gardez que celles fondées sur le lieu de naissance.",
        ),
    ],
    hints=[
        "Une ligne par destination : regroupez par destination_iso3 avant de compter.",
        "Le marqueur type_b vaut 1 quand la destination compte les personnes nées à l'étranger.",
    ],
    solution="182 destinations sur 233 comptent les personnes nées à l'étranger, 48 les ressortissant·e·s "
    "étranger·ère·s (le Bénin et la Guinée ont les deux marqueurs), 5 sont entièrement imputées.",
    solution_code=("s24 = stock.query('year == 2024')\ns24.groupby('destination_iso3').type_b.max().sum()"),
)

LABELS = ["migrant_long_terme", "mobilite_temporaire", "non_migrant", "migrant_de_retour"]
q2 = LabelsQuestion(
    "Classez chaque situation selon la règle des 12 mois (étiquettes : " + ", ".join(LABELS) + ").",
    {
        "a": "migrant_long_terme",
        "b": "non_migrant",
        "c": "mobilite_temporaire",
        "d": "migrant_long_terme",
        "e": "migrant_de_retour",
        "f": "non_migrant",
    },
    labels=LABELS,
    items={
        "a": "Infirmière née au Maroc, en poste en Allemagne depuis 2 ans.",
        "b": "Touriste algérien, 2 semaines en Tunisie.",
        "c": "Ouvrier égyptien, contrat saisonnier de 5 mois au Qatar.",
        "d": "Demandeuse d'asile malienne, au Maroc depuis 18 mois.",
        "e": "Tunisien revenu vivre à Sfax après 4 ans au Canada.",
        "f": "Jeune femme née à Marseille de parents tunisiens, qui y a toujours vécu.",
    },
    hints=[
        "Ce qui compte : le changement de pays de résidence habituelle et sa durée (12 mois), pas la nationalité.",
        "Les voyages touristiques, familiaux, d'affaires, médicaux et les pèlerinages ne sont pas des migrations.",
    ],
    solution="a) 2 ans en Allemagne : long terme. b) tourisme : non-migrant. c) 5 mois : mobilité temporaire. "
    "d) 18 mois de résidence, quel que soit le statut : long terme. e) retour après 4 ans : migrant de retour. "
    "f) née en France, n'a jamais changé de pays : non-migrante.",
)

q3 = CountrySetQuestion(
    "Parmi les six pays (MAR, DZA, TUN, LBY, EGY, MRT), lesquels comptent leurs immigré·e·s par la "
    "nationalité étrangère plutôt que par le lieu de naissance (édition 2024) ? Donnez les codes ISO3.",
    ["MAR", "TUN", "LBY", "MRT"],
    hints=["Regardez le marqueur type_c (nationalité) des six pays comme destinations, en 2024."],
    solution="Le Maroc, la Tunisie, la Libye et la Mauritanie comptent les ressortissant·e·s étranger·ère·s ; "
    "l'Algérie et l'Égypte comptent les personnes nées à l'étranger.",
    solution_code=(
        "SIX = ['MAR', 'DZA', 'TUN', 'LBY', 'EGY', 'MRT']\n"
        "flags = stock.query('year == 2024 and destination_iso3 in @SIX').groupby('destination_iso3').type_c.max()\n"
        "sorted(flags[flags == 1].index)"
    ),
)

q4 = MultipleChoiceQuestion(
    "Le stock de personnes nées au Maroc vivant à l'étranger a augmenté de 334 659 entre mi-2020 et mi-2024, "
    "alors que le solde migratoire du Maroc cumulé sur 2021–2024 vaut −172 948. Pourquoi ces chiffres ne "
    "coïncident-ils pas ?",
    {
        "a": "L'un des deux chiffres est faux.",
        "b": "Ce sont deux concepts différents : un stock de personnes nées au Maroc vivant ailleurs, et un flux "
        "net modélisé qui concerne tous les résidents du Maroc, y compris les étranger·ère·s.",
        "c": "Le solde migratoire ne compte que les Marocain·e·s qui partent en Europe.",
        "d": "Le stock compte les enfants nés à l'étranger de parents marocains.",
    },
    "b",
    explanations={
        "a": "Deux sources cohérentes peuvent différer : elles ne mesurent pas la même chose.",
        "b": "Le stock dépend aussi des décès et des retours, et de l'édition ; le solde est modélisé (WPP).",
        "c": "Le solde concerne tous les résidents et toutes les destinations.",
        "d": "Non : UN DESA compte les personnes nées dans un autre pays ; un enfant né en France n'est pas migrant.",
    },
)

QUESTIONS = register(globals(), "Module 2")
