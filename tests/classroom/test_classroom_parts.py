"""Fast checks of the classroom's parts: roster and passwords, the generated configurations, the private view,
and the command's behaviour when there is nothing to do. The running classroom is in test_classroom_e2e.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from traitlets.config import Config

from mlearn.classroom import control, roster, runtime
from mlearn.errors import MlearnError

ROOT = Path(__file__).resolve().parents[2]
MLEARN = [sys.executable, "-m", "mlearn.cli"]


def test_demo_roster_has_students_and_one_instructor():
    members = roster.demo_roster(12)
    assert [m.username for m in members[:2]] == ["etudiant01", "etudiant02"]
    assert members[-1].username == "enseignant" and members[-1].is_instructor
    assert sum(not m.is_instructor for m in members) == 12
    with pytest.raises(MlearnError, match="Nombre d'étudiants invalide"):
        roster.demo_roster(0)


def test_users_csv_is_read_and_every_bad_line_reported(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(
        "username,role,first_name,last_name\nAmina,étudiant,Amina,B\nprof-x,enseignant,,\n", "utf-8"
    )
    members = roster.read_roster(good)
    assert [(m.username, m.role) for m in members] == [("amina", "student"), ("prof-x", "instructor")]
    bad = tmp_path / "bad.csv"
    bad.write_text("username,role\n1abc,student\nok,student\nok,student\nzed,chef\n", "utf-8")
    with pytest.raises(MlearnError) as err:
        roster.read_roster(bad)
    message = str(err.value)
    assert "ligne 2" in message and "ligne 4" in message and "ligne 5" in message and "chef" in message
    missing = tmp_path / "nocol.csv"
    missing.write_text("name\nx\n", "utf-8")
    with pytest.raises(MlearnError, match="username"):
        roster.read_roster(missing)
    only_students = tmp_path / "students.csv"
    only_students.write_text("username,role\na,student\n", "utf-8")
    with pytest.raises(MlearnError, match="enseignant"):
        roster.read_roster(only_students)


def test_passwords_are_individual_and_only_hashes_reach_the_hub(tmp_path):
    members = roster.demo_roster(30)
    roster.assign_passwords(members)
    assert len({m.password for m in members}) == len(members)
    roster.write_hashes(members, tmp_path / "roster.json")
    roster.write_accounts_csv(members, tmp_path / "comptes.csv")
    assert (tmp_path / "roster.json").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "comptes.csv").stat().st_mode & 0o777 == 0o600
    text = (tmp_path / "roster.json").read_text()
    assert not any(m.password in text for m in members)
    records = json.loads(text)
    first, second = members[0], members[1]
    assert roster.check_password(first.password, records[first.username])
    assert not roster.check_password(second.password, records[first.username])
    assert [m.password for m in roster.read_accounts_csv(tmp_path / "comptes.csv")] == [
        m.password for m in members
    ]


def test_port_plan_stays_in_the_block():
    plan = control.port_plan(9700, 6)
    assert plan["hub"] == 9700 and plan["proxy_api"] == 9701 and plan["postgres"] == 9704
    assert plan["users"] == [9710, 9721]


def _load_config(path: Path, env: dict) -> Config:
    from traitlets.config.loader import PyFileConfigLoader

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


def test_course_config_switches_gradebook_on_mlearn_gradebook_url(tmp_path):
    course = tmp_path / "mlearn"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(control.course_config_text("mig-101", tmp_path / "exchange"))
    sqlite = _load_config(course / "nbgrader_config.py", {"MLEARN_GRADEBOOK_URL": ""})
    assert sqlite.CourseDirectory.db_url == f"sqlite:///{course / 'gradebook.db'}"
    assert sqlite.CourseDirectory.course_id == "mig-101"
    assert sqlite.CourseDirectory.root == str(course)
    assert sqlite.Exchange.root == str(tmp_path / "exchange")
    url = "postgresql://g:pw@127.0.0.1:9704/gradebook_mig_101"
    pg = _load_config(course / "nbgrader_config.py", {"MLEARN_GRADEBOOK_URL": url})
    assert pg.CourseDirectory.db_url == url
    # The kit's own course settings come along (restore deleted test cells, French stubs).
    assert pg.OverwriteCells.add_missing_cells is True


def test_hub_configuration_maps_the_settings(tmp_path):
    from mlearn.classroom.hubconfig import configure

    (tmp_path / "proxy_token").write_text("p" * 64)
    (tmp_path / "admin_token").write_text("a" * 64)
    settings = {
        "root": str(tmp_path), "run_dir": str(tmp_path), "etc_dir": str(tmp_path / "etc"), "home_root": str(tmp_path / "home"),
        "ip": "127.0.0.1", "ports": control.port_plan(9700, 3), "course_id": "mlearn", "isolation": "linux-users",
        "users": [{"username": "e1", "role": "student"}, {"username": "e2", "role": "student"}, {"username": "p", "role": "instructor"}],
        "user_python": sys.executable, "user_env": {"PATH": "/usr/bin"}, "roster_file": str(tmp_path / "roster.json"),
        "proxy_token_file": str(tmp_path / "proxy_token"), "admin_token_file": str(tmp_path / "admin_token"),
        "gradebook_url": "postgresql://g:pw@127.0.0.1:9704/gb",
        "dashboards": {"command": ["x"], "environment": {}, "cwd": "/", "user": "svc"},
    }  # fmt: skip
    (tmp_path / "classroom.json").write_text(json.dumps(settings))
    c = Config()
    configure(c, str(tmp_path / "classroom.json"))
    assert c.JupyterHub.port == 9700 and c.JupyterHub.hub_port == 9702
    assert c.ConfigurableHTTPProxy.should_start is False
    assert c.Authenticator.allowed_users == {"e1", "e2", "p"} and c.Authenticator.admin_users == set()
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    assert {s["name"] for s in c.JupyterHub.services} == {"mlearn-admin", "dashboards"}
    dashboards = next(s for s in c.JupyterHub.services if s["name"] == "dashboards")
    assert dashboards["user"] == "svc" and dashboards["url"] == "http://127.0.0.1:9703"

    class FakeSpawner:
        def __init__(self, name):
            self.user = type("U", (), {"name": name})()
            self.environment = dict(c.Spawner.environment)
            self.port = 0

    hook = c.Spawner.pre_spawn_hook
    spawned = {n: FakeSpawner(n) for n in ("e1", "e2", "p")}
    for spawner in spawned.values():
        hook(spawner)
    assert spawned["p"].environment["MLEARN_GRADEBOOK_URL"] == settings["gradebook_url"]
    assert "MLEARN_GRADEBOOK_URL" not in spawned["e1"].environment
    assert spawned["e1"].environment["JUPYTER_CONFIG_PATH"].endswith("/etc/student")
    assert spawned["p"].environment["JUPYTER_CONFIG_PATH"].endswith("/etc/instructor")
    ports = [s.port for s in spawned.values()]
    assert len(set(ports)) == 3 and all(9710 <= p <= 9728 for p in ports)


@pytest.fixture
def open_tmp():
    """A temp folder others can traverse (pytest's own are private, which would hide everything below)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="mlearn-classroom-parts-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_private_view_script_exposes_only_what_users_need(open_tmp, monkeypatch):
    tmp_path = open_tmp
    hidden = tmp_path / "private"
    (hidden / "python" / "bin").mkdir(parents=True)
    (hidden / "secret.txt").write_text("x")
    hidden.chmod(0o700)
    monkeypatch.setattr(runtime, "needed_paths", lambda: [hidden / "python" / "bin", Path("/usr/bin")])
    assert runtime.hidden_mounts() == {hidden: [hidden / "python"]}
    if os.geteuid() != 0:
        with pytest.raises(MlearnError):
            runtime.view_script(tmp_path)
        return
    prefix = runtime.view_script(tmp_path)
    assert prefix[:2] == ["unshare", "--mount"]
    probe = "ls -A " + str(hidden) + "; cat " + str(hidden / "secret.txt") + " 2>/dev/null || echo hidden"
    result = subprocess.run([*prefix, "sh", "-c", probe], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["python", "hidden"]
    assert (hidden / "secret.txt").read_text() == "x" and hidden.stat().st_mode & 0o777 == 0o700  # untouched


def test_down_with_nothing_running_and_purge_refuses_a_foreign_folder(tmp_path):
    empty = tmp_path / "nothing"
    first = subprocess.run(
        [*MLEARN, "classroom", "down", "--dir", str(empty)], capture_output=True, text=True, timeout=60
    )
    assert first.returncode == 0 and "Rien à arrêter" in first.stdout
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "keep.jpg").write_text("precious")
    purge = subprocess.run(
        [*MLEARN, "classroom", "down", "--dir", str(foreign), "--purge"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert purge.returncode == 2 and "n'est pas un dossier de classe" in purge.stderr
    assert (foreign / "keep.jpg").read_text() == "precious"
    status = subprocess.run(
        [*MLEARN, "classroom", "status", "--dir", str(empty)], capture_output=True, text=True, timeout=60
    )
    assert status.returncode == 3 and "Arrêtée" in status.stdout


def test_up_refuses_bad_input_before_touching_anything(tmp_path):
    bad = tmp_path / "users.csv"
    bad.write_text("username,role\nBad Name,student\n", "utf-8")
    out = subprocess.run([*MLEARN, "classroom", "up", "--dir", str(tmp_path / "c"), "--users-file", str(bad)],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 2 and "invalide" in out.stderr
    assert not (tmp_path / "c").exists()


def test_up_refuses_a_classroom_folder_the_accounts_could_not_reach(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("only root creates Linux accounts")
    private = tmp_path / "private"  # pytest's temp folders are mode 700
    private.mkdir(mode=0o700)
    out = subprocess.run(
        [*MLEARN, "classroom", "up", "--dir", str(private / "c"), "--port", "9790", "--no-dashboards", "--students", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 2 and "ne peuvent pas" in out.stderr, out.stderr
    from mlearn.classroom.accounts import tagged_users

    assert tagged_users(private / "c") == []  # refused before any account was created
