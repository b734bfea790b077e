"""The course notebooks: complete, executable top to bottom in fresh kernels, in clear vocabulary."""

from __future__ import annotations

import re

import nbformat
import pytest

from mlearn.manual.execute import course_notebooks
from tests.conftest import ROOT

COURSE = ROOT / "course"
NOTEBOOKS = course_notebooks(COURSE)
MODULES = [p for p in NOTEBOOKS if re.match(r"(0[1-9]|10)-", p.name)]

# §2.6 of the curriculum: never in our own French prose (quoting them as « what not to say » is fine).
FORBIDDEN = [
    r"clandestins?e?s?",
    r"ill[ée]ga(?:l|le|les|ux)",
    r"vagues?",
    r"afflux massifs?",
    r"invasions?",
    r"flots?",
    r"les subsahariens",
]
QUOTED = re.compile(r"«[^«»]*(?:«[^«»]*»[^«»]*)*»")


def markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_the_course_has_home_ten_modules_and_glossary():
    names = [p.name for p in NOTEBOOKS]
    assert names[0] == "00-accueil.ipynb" and names[-1] == "glossaire.ipynb"
    assert [n[:2] for n in names[1:-1]] == [f"{i:02d}" for i in range(1, 11)]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_module_structure(path):
    nb = nbformat.read(path, as_version=4)
    text = markdown(nb)
    for heading in ("Objectifs d'apprentissage", "À vous de jouer", "À retenir", "La lecture erronée"):
        assert heading in text, f"{path.name}: section « {heading} » missing"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    used = set(re.findall(r"explorers\.(\w+)\(", code))
    assert used, "no explorer in the module"
    from mlearn.explorers import catalog

    assert used <= set(catalog()), f"unknown explorers: {used - set(catalog())}"
    number = int(path.name[:2])
    assert f"module{number:02d} as q" in code
    from mlearn.checks import questions

    asked = set(re.findall(r"q\.(q\d+)\.check\(", code))
    assert asked == set(questions(f"module{number:02d}")), "every self-check of the module is asked, once"
    assert 3 <= len(asked) <= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_vocabulary_outside_quotes(path):
    nb = nbformat.read(path, as_version=4)
    prose = QUOTED.sub(" ", markdown(nb))
    found = [w for w in FORBIDDEN if re.search(rf"\b{w}\b", prose, flags=re.IGNORECASE)]
    assert found == [], f"{path.name}: forbidden terms outside « quotes »: {found}"


def test_vocabulary_check_catches_unquoted_terms():
    prose = QUOTED.sub(" ", "On dit « vague » à tort. Une vague d'arrivées.")
    assert re.search(r"\bvagues?\b", prose)
    assert not re.search(r"\bvagues?\b", QUOTED.sub(" ", "Ne dites pas « une vague de « clandestins » »."))


def test_internal_links_point_to_existing_notebooks():
    for path in NOTEBOOKS:
        for target in re.findall(r"\]\(([^)#]+\.ipynb)", markdown(nbformat.read(path, as_version=4))):
            assert (COURSE / target).exists(), f"{path.name} links to missing {target}"


@pytest.mark.slow
def test_every_notebook_executes_in_a_fresh_kernel(executed_course):
    errors = [run.error for run in executed_course if run.error]
    assert errors == []
    assert len(executed_course) == len(NOTEBOOKS)  # speed is measured in benchmarks/course.py, not here


@pytest.mark.slow
def test_self_checks_run_and_show_unanswered(executed_course):
    for run in executed_course:
        if run.path not in MODULES:
            continue
        outputs = [o for c in run.notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        texts = " ".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
        assert "À compléter" in texts, f"{run.path.name}: self-checks did not display"
        assert "Traceback" not in texts
        widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert widgets, f"{run.path.name}: no explorer widget was displayed"
