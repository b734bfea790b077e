#!/usr/bin/env bash
# Browser tests use Debian's chromium through Python Playwright (never `playwright install`).
set -uo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de chromium (Debian) pour les tests navigateur…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
    if [ "${CI:-}" = "true" ]; then
        echo "Erreur : /usr/bin/chromium manque et CI=true : les tests navigateur ne peuvent pas être sautés." >&2
        exit 1
    fi
    echo "Attention : chromium absent, les tests navigateur seront sautés (sudo apt-get install chromium)." >&2
fi
exit 0
