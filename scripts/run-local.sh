#!/bin/sh
# Serve Nama on 127.0.0.1:$PORT with one task worker beside it; Ctrl-C stops both.
set -eu
PORT="${PORT:-8000}"
PY=.venv/bin/python

$PY manage.py run_worker --no-reload --verbosity 0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM

echo
echo "Nama is at http://127.0.0.1:$PORT/  (Ctrl-C stops the server and the task worker)"
echo
$PY manage.py runserver "127.0.0.1:$PORT"
