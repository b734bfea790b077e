"""The Voilà dashboards as a JupyterHub service: ``python -m mlearn.classroom.dashboards_service PORT [HOST]``.

Runs the dashboards engineer's server (``mlearn.dashboards.server``: same configuration, template and
folder) under the hub's service prefix ``/services/dashboards/`` so the hub's proxy can route to it.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    from mlearn.dashboards.server import dashboards_dir, server_env, voila_command

    port = int(argv[0])
    host = argv[1] if len(argv) > 1 else "127.0.0.1"  # 0.0.0.0 in a Kubernetes pod
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/dashboards/")
    root = dashboards_dir()
    cmd = voila_command(root, port, host, overrides={"Voila": {"base_url": prefix}})
    os.chdir(root)
    os.execve(cmd[0], cmd, server_env())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
