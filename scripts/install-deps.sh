#!/bin/sh
# install-deps.sh — install the Debian packages jalon needs to build, run and test.
#
# Idempotent and quick when everything is there: it asks dpkg first and runs
# apt-get (update, then install) only for what is missing. Needs root for that.
set -eu

packages="
build-essential meson ninja-build pkg-config gettext
libsqlite3-dev libjansson-dev libunistring-dev
libcmocka-dev valgrind clang libclang-rt-14-dev
sqlite3 python3 python3-jsonschema jq
"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "jalon: installing missing packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
