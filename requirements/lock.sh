#!/usr/bin/env bash
# Regenerate the lockfiles in requirements/ from pyproject.toml, with hashes, for every
# Python >= 3.11 and every platform at once (uv's --universal resolution writes markers
# where a dependency differs, e.g. async-timeout below Python 3.11.3).
#
#   .venv/bin/pip install 'uv>=0.13'       # once; only needed to regenerate, not to install
#   bash requirements/lock.sh              # after editing dependencies in pyproject.toml
#   bash requirements/lock.sh --upgrade    # move every pin to the newest allowed release
#   bash requirements/lock.sh -P redis     # move one package
#
# app.txt         the base install (SQLite, one machine): the README's first command
# production.txt  app + the [postgres] and [redis] extras: the scaled-out setup
# test.txt        production + the [test] extra (runners, ruff, mypy, import-linter): CI
# Each file is constrained by the one before, so CI tests exactly the versions that ship.
# tests/test_lockfiles.py fails when pyproject.toml and these files disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-.venv/bin/uv}"
command -v "$UV" >/dev/null || { echo "uv not found: .venv/bin/pip install 'uv>=0.13'" >&2; exit 1; }
compile() {
  "$UV" pip compile --quiet --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "bash requirements/lock.sh" "$@" pyproject.toml
}
compile -o requirements/app.txt "$@"
compile --extra postgres --extra redis -c requirements/app.txt -o requirements/production.txt "$@"
compile --extra test -c requirements/production.txt -o requirements/test.txt "$@"
