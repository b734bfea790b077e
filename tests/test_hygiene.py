"""Repository hygiene: notebooks without outputs, no checkpoints, no student data or raw sources tracked."""

import json
import subprocess

import pytest

from tests.conftest import ROOT


def tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


def all_notebooks() -> list[str]:
    """Tracked notebooks plus untracked, not-ignored ones (what the next commit would add)."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.ipynb"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return sorted({f for f in out.split("\0") if f and (ROOT / f).is_file()})


@pytest.mark.parametrize("path", all_notebooks() or ["<none>"])
def test_notebook_has_no_outputs_or_execution_counts(path):
    if path == "<none>":
        pytest.skip("no notebook yet")
    nb = json.loads((ROOT / path).read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert dirty == [], f"{path}: cells {dirty} carry outputs or execution counts (strip them: nbstripout)"


def test_no_checkpoints_student_data_or_generated_files_tracked():
    bad = []
    for f in tracked_files():
        parts = f.split("/")
        if ".ipynb_checkpoints" in parts or parts[0] in ("submitted", "feedback", "exchange"):
            bad.append(f)
        elif f.endswith("gradebook.db") or (parts[0] == "autograded" and f != "autograded/README.md"):
            bad.append(f)
        elif parts[0] in (".venv", "test-artifacts", "dashboards-static", "site"):
            bad.append(f)
    assert bad == []


def test_no_large_files_tracked():
    big = [f for f in tracked_files() if (ROOT / f).stat().st_size > 5 * 2**20]
    assert big == [], "files over 5 MB are tracked"


def test_no_raw_source_file_copied_into_the_repo(raw_dir):
    import hashlib

    def digest(path):
        return hashlib.sha256(path.read_bytes()).hexdigest()

    raw = {digest(p): p.name for p in raw_dir.rglob("*") if p.is_file() and p.stat().st_size > 50_000}
    copies = [f for f in tracked_files() if (ROOT / f).stat().st_size > 50_000 and digest(ROOT / f) in raw]
    assert copies == []
