#!/usr/bin/env bash
# Set up everything vanthu needs on a fresh Debian machine with Python 3.11:
# Tesseract with Vietnamese data (apt, sudo only when not root), then .venv with the
# pinned Python dependencies (the web extra included: `vanthu serve` works after
# `make demo`) and vanthu itself. Safe to run again: it skips what is there.
#
#   scripts/setup.sh            what `make demo` / `make nightly` need
#   scripts/setup.sh --browser  also Debian's chromium + chromium-driver, for the desk's
#                               browser test in `make test` (never a browser download)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "setup: installing $* with apt-get" >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

browser=0
for arg in "$@"; do
    case "$arg" in
        --browser) browser=1 ;;
        *) echo "setup: unknown option $arg" >&2; exit 2 ;;
    esac
done

need=()
if [ "$browser" -eq 1 ]; then
    command -v chromium >/dev/null 2>&1 || need+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
fi
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if ! tesseract --list-langs 2>/dev/null | grep -qx vie; then need+=(tesseract-ocr-vie); fi
if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi

if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_install python3-venv
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ requirements-nodeps.txt -nt "$stamp" ] \
   || [ pyproject.toml -nt "$stamp" ]; then
    echo "setup: installing the pinned Python dependencies into .venv (log: .venv/setup.log)" >&2
    [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
    log=.venv/setup.log
    if ! { .venv/bin/python -m pip install -q --upgrade pip \
           && .venv/bin/python -m pip install -q -r requirements.txt \
           && .venv/bin/python -m pip install -q --no-deps -r requirements-nodeps.txt \
           && .venv/bin/python -m pip install -q --no-deps -e . ; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "setup: pip failed; the whole log is in $log" >&2
        exit 1
    fi
    touch "$stamp"
fi
