"""Self-checks of lecture 8 — Envois de fonds et développement (WDI, KNOMAD)."""

from mlearn.checks._registry import register
from mlearn.checks.questions import MultipleChoiceQuestion, NumberQuestion

q1 = NumberQuestion(
    "Envois de fonds reçus par le Maroc en 2024, en % du PIB (indicateur ODD 17.3.2).",
    7.79,
    unit="%",
    hints=["remittances_received_usd / gdp_usd × 100, pour iso3 == 'MAR' et year == 2024 (jeu indicators)."],
    solution="12,5 milliards de dollars US courants, soit 7,8 % du PIB.",
    solution_code=(
        "ind = data.load('indicators').query(\"iso3 == 'MAR' and year == 2024\").set_index('indicator').value\n"
        "100 * ind['remittances_received_usd'] / ind['gdp_usd']"
    ),
)

q2 = NumberQuestion(
    "Rang de l'Égypte en 2024 pour les envois de fonds reçus en dollars US courants, parmi les pays (sans les "
    "agrégats régionaux) qui ont à la fois les envois de fonds et le PIB.",
    6,
    tol=0,
    hints=[
        "Retirez les agrégats (is_aggregate dans le jeu countries) avant de classer, puis rank(ascending=False)."
    ],
    solution="L'Égypte est 6e en dollars, mais seulement 35e en % du PIB : le classement dépend de l'indicateur.",
    solution_code="ind = data.load('indicators').query('year == 2024')\nw = ind.pivot_table(index='iso3', columns='indicator', values='value')\nw = w[['remittances_received_usd', 'gdp_usd']].dropna()\npays = data.load('countries').query('not is_aggregate').iso3\nw = w[w.index.isin(pays)]\nw.remittances_received_usd.rank(ascending=False)['EGY']",
)

q3 = NumberQuestion(
    "Envois de fonds reçus par la Tunisie en 2024, en % du PIB.",
    6.34,
    unit="%",
    hints=["Même calcul qu'à la question 1, avec iso3 == 'TUN'."],
    solution="3,3 milliards de dollars US courants, soit 6,3 % du PIB.",
    solution_code="ind = data.load('indicators').query(\"iso3 == 'TUN' and year == 2024\").set_index('indicator').value\n100 * ind['remittances_received_usd'] / ind['gdp_usd']",
)

q4 = MultipleChoiceQuestion(
    "La matrice KNOMAD indique que le Maroc a reçu 3 416,5 M$ depuis la France en 2021. De quoi s'agit-il ?",
    {
        "a": "De transferts observés, enregistrés par les banques.",
        "b": "D'une estimation modélisée, à partir des stocks de migrant·e·s et des revenus des pays.",
        "c": "Du total des envois de fonds reçus par le Maroc.",
    },
    "b",
    explanations={
        "a": "Les flux bilatéraux ne sont pas observés : KNOMAD les répartit par un modèle.",
        "c": "Le total KNOMAD pour le Maroc est 10 704,8 M$ ; la France en représente 31,9 %.",
    },
)

QUESTIONS = register(globals(), "Module 8")
