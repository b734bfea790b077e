"""Name the questions of a module (``q1``, ``q2``…) and collect them in order for the tests and the manual."""

from __future__ import annotations

import re

from mlearn.checks.core import Question


def register(namespace: dict, module_title: str) -> list[tuple[str, Question]]:
    found = []
    for name, obj in namespace.items():
        if isinstance(obj, Question) and re.fullmatch(r"q\d+", name):
            obj.name = name
            obj.module = module_title
            found.append((name, obj))
    return sorted(found, key=lambda item: int(item[0][1:]))
