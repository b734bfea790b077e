"""The JupyterHub configuration of the classroom, as data: ``classroom.json`` → traitlets ``c``.

``mlearn classroom up`` writes ``DIR/run/classroom.json`` (ports, users and roles, the interpreter users
run, the exchange, the gradebook URL, tokens) and a three-line ``jupyterhub_config.py`` that calls
:func:`configure`. Everything a person may want to change is in the JSON; the code below only maps it
onto JupyterHub's traits. Imported by the hub process only.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Like the servers themselves (SO_REUSEADDR): a port in TIME_WAIT is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def make_pre_spawn_hook(settings: dict):
    roles = {u["username"]: u["role"] for u in settings["users"]}
    first, last = settings["ports"]["users"]
    taken: dict[str, int] = {}

    def pre_spawn_hook(spawner):
        name = spawner.user.name
        role = roles.get(name, "student")
        # One port per user inside the classroom's range (the machine's port plan), reused on restart.
        port = taken.get(name)
        if port is None or not _port_free(port):
            in_use = set(taken.values())
            port = next((p for p in range(first, last + 1) if p not in in_use and _port_free(p)), 0)
            taken[name] = port
        spawner.port = port
        env = dict(spawner.environment)
        env["JUPYTER_CONFIG_PATH"] = str(Path(settings["etc_dir"]) / role)
        if role == "instructor" and settings.get("gradebook_url"):
            env["MLEARN_GRADEBOOK_URL"] = settings["gradebook_url"]
        spawner.environment = env

    return pre_spawn_hook


def configure(c, settings_path: str) -> None:
    settings = json.loads(Path(settings_path).read_text(encoding="utf-8"))
    run = Path(settings["run_dir"])
    ports = settings["ports"]

    c.JupyterHub.ip = settings.get("ip", "127.0.0.1")
    c.JupyterHub.port = ports["hub"]
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = ports["hub_api"]
    c.JupyterHub.db_url = f"sqlite:///{run / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(run / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(run / "hub.pid")
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = False

    # The proxy is started (and stopped) by mlearn classroom, not by the hub.
    c.ConfigurableHTTPProxy.should_start = False
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{ports['proxy_api']}"
    c.ConfigurableHTTPProxy.auth_token = Path(settings["proxy_token_file"]).read_text().strip()

    c.JupyterHub.authenticator_class = "mlearn.classroom.auth.RosterAuthenticator"
    c.RosterAuthenticator.roster_file = settings["roster_file"]
    c.Authenticator.allowed_users = {u["username"] for u in settings["users"]}
    c.Authenticator.admin_users = set()

    if settings["isolation"] == "linux-users":
        c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    else:
        c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
        c.SimpleLocalProcessSpawner.home_dir_template = str(Path(settings["home_root"]) / "{username}")
    c.Spawner.cmd = [settings["user_python"], "-m", "jupyterhub.singleuser"]
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    c.Spawner.ip = "127.0.0.1"
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 180
    c.Spawner.environment = dict(settings["user_env"])
    c.Spawner.pre_spawn_hook = make_pre_spawn_hook(settings)

    services = [{"name": "mlearn-admin", "api_token": Path(settings["admin_token_file"]).read_text().strip()}]
    dashboards = settings.get("dashboards")
    if dashboards:
        service = {
            "name": "dashboards",
            "display": True,
            "url": f"http://127.0.0.1:{ports['dashboards']}",
            "command": dashboards["command"],
            "environment": dashboards["environment"],
            "cwd": dashboards["cwd"],
        }
        if dashboards.get("user"):
            service["user"] = dashboards["user"]
        services.append(service)
    c.JupyterHub.services = services
    c.JupyterHub.load_roles = [{"name": "admin", "services": ["mlearn-admin"]}]
