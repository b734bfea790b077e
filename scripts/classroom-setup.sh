#!/usr/bin/env bash
# What `mlearn classroom` and its tests need beyond the kit: the `classroom` extra (jupyterhub, psycopg)
# from PyPI, Debian's postgresql (for the PostgreSQL gradebook), node/npm (configurable-http-proxy is then
# installed by `mlearn classroom up` itself into the classroom folder), util-linux (unshare, setpriv).
# Idempotent; Debian packages are installed only when missing and when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install --quiet -c requirements/constraints.txt -e ".[classroom]"

missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
command -v useradd >/dev/null 2>&1 || missing+=(passwd)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installation (Debian) : ${missing[*]}…"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        # Debian starts a system-wide cluster on 5432; the classroom runs its own on its own port.
        if command -v pg_lsclusters >/dev/null 2>&1; then
            pg_lsclusters --no-header 2>/dev/null | while read -r version name _; do
                pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
            done
        fi
    else
        echo "Manquant : ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
        [ "${CI:-}" = "true" ] && exit 1
    fi
fi
exit 0
