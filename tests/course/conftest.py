"""One execution of the course for all course and manual tests (2 notebooks at a time, fresh kernels).

The notebooks run exactly as committed, with one hidden first cell added by the manual's executor that makes
explorers display their widget view *and* a static HTML copy (see ``mlearn.manual.static``); the manual is
then built from these same executions, so the course is executed once per test session.
"""

from __future__ import annotations

import pytest

from mlearn.manual.execute import course_notebooks, execute_all
from tests.conftest import ROOT

COURSE = ROOT / "course"


@pytest.fixture(scope="session")
def executed_course():
    return execute_all(course_notebooks(COURSE), static=True, workers=2, timeout=240)


@pytest.fixture(scope="session")
def manual_site(executed_course, tmp_path_factory):
    from mlearn.manual.build import build_manual, find_chromium
    from tests.conftest import IN_CI

    if find_chromium() is None:
        message = "chromium is missing: the manual's PDF cannot be printed"
        if IN_CI:
            pytest.fail(message + " (CI=true)")
        pytest.skip(message)
    out = tmp_path_factory.mktemp("manual") / "site"
    return build_manual(out, executed=executed_course, pdf=True, course_dir=COURSE)
