#!/usr/bin/env bash
# Debian packages the tests need: database servers for the Lambda tests.
# Idempotent: installs only what is missing. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || packages+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || packages+=(mariadb-server)

[ ${#packages[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian packages: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# The packages' own services are not wanted: tests start their own servers.
for svc in mariadb postgresql; do
  $sudo service "$svc" stop >/dev/null 2>&1 || true
done
