"""Self-checks of lecture 6 — Réfugiés, demandeurs d'asile et déplacés internes (HCR)."""

from mlearn.checks._registry import register
from mlearn.checks.questions import MultipleChoiceQuestion, NumberQuestion

q1 = NumberQuestion(
    "Combien de réfugié·e·s et de demandeur·euse·s d'asile l'Égypte accueillait-elle fin 2025 (HCR) ?",
    220_033 + 878_268,
    unit="personnes",
    traps=[
        (220_033, "220 033, ce sont les réfugié·e·s seulement : ajoutez les demandeur·euse·s d'asile."),
        (878_268, "878 268, ce sont les demandeur·euse·s d'asile seulement : ajoutez les réfugié·e·s."),
    ],
    hints=["Jeu refugees : asylum_iso3 == 'EGY', year == 2025 ; additionnez refugees et asylum_seekers."],
    solution="220 033 réfugié·e·s + 878 268 demandeur·euse·s d'asile = 1 098 301 (dont 76 % venu·e·s du Soudan).",
    solution_code=(
        "r = data.load('refugees').query(\"asylum_iso3 == 'EGY' and year == 2025\")\n"
        "r.refugees.sum() + r.asylum_seekers.sum()"
    ),
)

q2 = NumberQuestion(
    "Taux de protection (en %) des ressortissant·e·s marocain·e·s dans l'UE27 en 2023, toutes instances "
    "confondues : (reconnu·e·s + autres protections) / (reconnu·e·s + autres protections + rejets).",
    100 * 888 / 15_913,
    unit="%",
    traps=[
        (
            10.76,
            "10,76 %, c'est le taux en première instance seulement ; la question porte sur toutes les instances.",
        ),
        (
            3.21,
            "3,21 % : vous avez ajouté les dossiers clos au dénominateur ; ils n'ont pas reçu de décision sur le fond.",
        ),
    ],
    hints=["Les dossiers clos (retraits, Dublin) n'entrent pas au dénominateur d'un taux de protection."],
    solution="888 décisions positives sur 15 913 décisions sur le fond : 5,6 %. Le même jeu donne 10,8 % en "
    "première instance et 3,2 % si l'on ajoute les dossiers clos : dites toujours quel dénominateur vous utilisez.",
    solution_code="d = data.load('asylum_decisions')\nue = set(data.load('countries').query('eu').iso3)\nd = d[d.asylum_iso3.isin(ue) & (d.origin_iso3 == 'MAR') & (d.year == 2023)]\npositives = d.dec_recognized.sum() + d.dec_other.sum()\n100 * positives / (positives + d.dec_rejected.sum())",
)

q3 = NumberQuestion(
    "Indicateur ODD 10.7.4 pour la Tunisie en 2025 : réfugié·e·s originaires de Tunisie (pays d'asile différent "
    "de la Tunisie) pour 100 000 habitant·e·s de la Tunisie.",
    30.05,
    tol=0.01,
    unit="pour 100 000",
    hints=[
        "Numérateur : origin_iso3 == 'TUN' et asylum_iso3 != 'TUN' ; dénominateur : population 2025 (WDI)."
    ],
    solution="Environ 30 réfugié·e·s pour 100 000 habitant·e·s.",
    solution_code="r = data.load('refugees').query(\"year == 2025 and origin_iso3 == 'TUN' and asylum_iso3 != 'TUN'\").refugees.sum()\npop = data.load('indicators').query(\"iso3 == 'TUN' and year == 2025 and indicator == 'population'\").value.item()\n1e5 * r / pop",
)

q4 = MultipleChoiceQuestion(
    "Le nombre de réfugié·e·s originaires du Sahara occidental en Algérie passe de 90 000 (2023) à 173 600 "
    "(2024) dans les données du HCR. Quelle lecture est correcte ?",
    {
        "a": "Un afflux de 83 600 personnes en un an.",
        "b": "Une rupture de série : un chiffre de planification révisé, constant depuis 2005.",
        "c": "Une erreur de saisie à ignorer.",
    },
    "b",
    explanations={
        "a": "Le chiffre était plat de 2005 à 2023 : c'est une nouvelle estimation, pas une arrivée de personnes.",
        "c": "Ce n'est pas une erreur : c'est une révision documentée, à signaler comme rupture de série.",
    },
)

QUESTIONS = register(globals(), "Module 6")
