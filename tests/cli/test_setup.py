"""The setup path: a clear message without Python >= 3.11, and ``pip install .`` into an empty venv."""

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_bootstrap_without_python_311_says_what_to_install(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap.sh", tmp_path / "scripts" / "bootstrap.sh")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    for name in ("python3", "python3.11", "python3.12", "python3.13"):
        fake = fake_bin / name
        fake.write_text("#!/bin/sh\necho 'Python 3.9.2'\nexit 1\n")
        fake.chmod(0o755)
    env = {"PATH": f"{fake_bin}:/usr/bin:/bin", "HOME": str(tmp_path)}
    # /usr/bin/python3 could be a real 3.11: hide the real ones by putting the fakes first and checking names only
    proc = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "bootstrap.sh"), "runtime"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "Python 3.11 ou plus récent est requis" in proc.stderr
    assert "apt-get install python3" in proc.stderr
    assert not (tmp_path / ".venv").exists()


@pytest.mark.slow
def test_pip_install_into_an_empty_venv_gives_a_working_cli(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "-c", str(ROOT / "requirements" / "constraints.txt"), str(ROOT)],
        check=True, timeout=900, cwd=tmp_path,
    )  # fmt: skip
    mlearn = str(venv / "bin" / "mlearn")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLEARN_")}
    help_proc = subprocess.run([mlearn, "--help"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert help_proc.returncode == 0 and "doctor" in help_proc.stdout
    doctor = subprocess.run(
        [mlearn, "doctor"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300
    )
    assert doctor.returncode == 0, doctor.stderr
    assert "mlearn-kit   0.1.0" in doctor.stdout
    assert "[OK ] extension serveur nbgrader.server_extensions.formgrader" in doctor.stdout
    # outside a checkout there is no data/: doctor says so and how to fix it, without a traceback
    assert "[KO ] données data/" in doctor.stdout and "Traceback" not in doctor.stdout + doctor.stderr
    site = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import mlearn, pathlib; print(pathlib.Path(mlearn.__file__).parent)"],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    ).stdout.strip()  # fmt: skip
    assert "site-packages" in site, "the non-editable install must not point back at the checkout"
