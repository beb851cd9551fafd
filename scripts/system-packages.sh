#!/bin/sh
# Install the Debian packages Nama needs, or say exactly how to.
# Usage: scripts/system-packages.sh PACKAGE...
set -eu

missing=""
for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
# A Python without ensurepip (Debian's python3 without python3-venv) cannot make the venv.
if ! python3 -c 'import ensurepip' 2>/dev/null; then
    missing="$missing python3-venv"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
    echo "Nama needs these Debian packages. Install them as root, then run make again:" >&2
    echo "    sudo apt-get install -y$missing" >&2
    exit 1
fi
