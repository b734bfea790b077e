"""The cluster path (``deploy/``): values, manifests and image definition checked with the tools at hand.

No cluster here: the helm values are validated against the Zero to JupyterHub keys the kit uses (closed JSON
schema), the hub's extra configuration is executed against stand-in hub objects, the Kubernetes manifests
are checked for the references between them, the Dockerfile is linted with hadolint (from PyPI), and the
pod start-up module the image and the values call is run for real in a temporary home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

from tests.classroom.z2jh_keys import SCHEMA

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifests() -> list[dict]:
    return [
        d for d in yaml.safe_load_all((DEPLOY / "k8s" / "classroom.yaml").read_text(encoding="utf-8")) if d
    ]


def test_values_use_only_known_z2jh_keys(values):
    jsonschema.validate(values, SCHEMA)


def test_the_schema_rejects_a_misspelt_key(values):
    broken = yaml.safe_load(yaml.safe_dump(values))
    broken["singleuser"]["memmory"] = broken["singleuser"].pop("memory")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def _walk(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield path + (key,), value
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, path + (index,))


def test_values_hold_no_secret(values):
    secret_keys = {"password", "client_secret", "apiToken", "api_token", "cookieSecret", "secretToken"}
    leaks = [path for path, value in _walk(values) if path[-1] in secret_keys and value]
    assert leaks == []
    assert ":" not in values["hub"]["db"]["url"].split("://", 1)[1].split("@")[0]  # no password in the URL
    assert values["hub"]["extraEnv"]["MLEARN_GRADEBOOK_URL"]["valueFrom"]["secretKeyRef"]


def _run_extra_config(values, instructors: str, gradebook: str) -> dict:
    config = SimpleNamespace(KubeSpawner=SimpleNamespace())
    env = {
        "MLEARN_INSTRUCTORS": instructors,
        "MLEARN_GRADEBOOK_URL": gradebook,
        "MLEARN_COURSE_ID": "mig-101",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    spawners = {}
    try:  # the hub's environment holds these for its whole life: the hook reads them when a user spawns
        namespace = {"c": config}
        for name, code in sorted(values["hub"]["extraConfig"].items()):
            exec(compile(code, name, "exec"), namespace)  # noqa: S102 - the hub does exactly this
        hook = config.KubeSpawner.pre_spawn_hook
        for user_id, name in enumerate(["amina", "youssef", "prof-benali"], start=1):
            spawner = SimpleNamespace(user=SimpleNamespace(name=name, id=user_id), environment={"KEEP": "1"})
            hook(spawner)
            spawners[name] = spawner
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return spawners


def test_hub_extra_config_gives_roles_uids_and_the_gradebook_to_instructors_only(values):
    url = "postgresql://mlearn_grader:s3cret@mlearn-postgresql:5432/gradebook"
    spawners = _run_extra_config(values, "prof-benali", url)
    prof = spawners["prof-benali"]
    assert prof.environment["MLEARN_ROLE"] == "instructor"
    assert prof.environment["MLEARN_GRADEBOOK_URL"] == url
    assert prof.environment["JUPYTER_CONFIG_PATH"] == "/etc/jupyter/mlearn/instructor"
    for name in ("amina", "youssef"):
        env = spawners[name].environment
        assert env["MLEARN_ROLE"] == "student" and "MLEARN_GRADEBOOK_URL" not in env
        assert env["JUPYTER_CONFIG_PATH"] == "/etc/jupyter/mlearn/student" and env["KEEP"] == "1"
        assert env["MLEARN_COURSE_ID"] == "mig-101"
    uids = [s.uid for s in spawners.values()]
    assert len(set(uids)) == 3 and min(uids) >= 100000  # one Unix uid per user, none of the image's


def test_manifests_reference_each_other_and_the_values(values, manifests):
    kinds = {(d["kind"], d["metadata"]["name"]) for d in manifests}
    assert ("PersistentVolumeClaim", "nbgrader-exchange") in kinds
    pvc = next(d for d in manifests if d["kind"] == "PersistentVolumeClaim")
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    claims = [
        v["persistentVolumeClaim"]["claimName"] for v in values["singleuser"]["storage"]["extraVolumes"]
    ]
    assert claims == ["nbgrader-exchange"]
    mount = values["singleuser"]["storage"]["extraVolumeMounts"][0]["mountPath"]
    assert mount == values["singleuser"]["extraEnv"]["MLEARN_EXCHANGE"]

    deployment = next(d for d in manifests if d["kind"] == "Deployment")
    service = next(d for d in manifests if d["kind"] == "Service")
    assert service["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    assert (
        deployment["spec"]["selector"]["matchLabels"].items()
        <= deployment["spec"]["template"]["metadata"]["labels"].items()
    )
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    port = service["spec"]["ports"][0]["port"]
    assert container["ports"][0]["containerPort"] == port
    assert values["hub"]["services"]["dashboards"]["url"] == f"http://{service['metadata']['name']}:{port}"
    image = f"{values['singleuser']['image']['name']}:{values['singleuser']['image']['tag']}"
    assert container["image"] == image
    assert container["command"][:3] == ["python", "-m", "mlearn.classroom.dashboards_service"]
    assert container["command"][3] == str(port)
    probe = container["readinessProbe"]["httpGet"]["path"]
    assert probe == "/services/dashboards/"
    job = next(d for d in manifests if d["kind"] == "Job")
    assert job["spec"]["template"]["spec"]["containers"][0]["image"] == image


def test_dockerfile_passes_hadolint_and_uses_the_kit_files(classroom_deps):
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run(
        [hadolint, str(DEPLOY / "Dockerfile")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # What the Dockerfile relies on exists in the checkout.
    assert "--file /opt/mlearn/environment.yml" in dockerfile and (ROOT / "environment.yml").is_file()
    assert (
        "/opt/mlearn/scripts/enable-extensions.sh" in dockerfile
        and (ROOT / "scripts" / "enable-extensions.sh").is_file()
    )
    assert "ARG JUPYTERHUB_VERSION=" in dockerfile
    assert "python -m mlearn.classroom.podstart roles /etc/jupyter/mlearn" in dockerfile
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    for private in (".venv", ".classroom", "submitted", "gradebook.db", "feedback", "autograded"):
        assert private in ignored


def test_podstart_roles_and_homes(tmp_path):
    env = {**os.environ, "MLEARN_COURSE_ID": "mig-101", "MLEARN_EXCHANGE": str(tmp_path / "exchange")}
    etc = tmp_path / "etc"
    subprocess.run(
        [sys.executable, "-m", "mlearn.classroom.podstart", "roles", str(etc)],
        env=env,
        check=True,
        timeout=60,
    )
    assert (
        f"c.Exchange.root = {str(tmp_path / 'exchange')!r}"
        in (etc / "student" / "nbgrader_config.py").read_text()
    )
    assert "mig-101/nbgrader_config.py" in (etc / "instructor" / "nbgrader_config.py").read_text()
    server = yaml.safe_load((etc / "student" / "jupyter_server_config.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is False

    for role in ("student", "instructor"):
        home = tmp_path / role
        home.mkdir()
        run_env = {**env, "HOME": str(home), "MLEARN_ROLE": role}
        for _ in range(2):  # idempotent: the second run keeps the user's files
            subprocess.run(
                [sys.executable, "-m", "mlearn.classroom.podstart", "home"],
                env=run_env,
                check=True,
                timeout=60,
            )
    assert (tmp_path / "student" / "cours" / "00-accueil.ipynb").is_file()
    assert not (tmp_path / "student" / "mig-101").exists()
    course = tmp_path / "instructor" / "mig-101"
    assert sorted(p.name for p in (course / "source").iterdir()) == sorted(
        p.name for p in (ROOT / "source").iterdir() if p.is_dir()
    )
    # The generated course configuration is the kit's plus the classroom's, and nbgrader reads it so.
    from mlearn.classroom.gradebook import course_config

    cfg = course_config(course)
    assert cfg.CourseDirectory.course_id == "mig-101"
    assert cfg.Exchange.root == str(tmp_path / "exchange")
    assert cfg.CourseDirectory.db_url == f"sqlite:///{course / 'gradebook.db'}"
    assert cfg.OverwriteCells.add_missing_cells is True  # from the kit's nbgrader_config.py
