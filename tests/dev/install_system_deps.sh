#!/usr/bin/env bash
# Debian packages the tests need: database servers for the Lambda tests, PgBouncer (the multiplexing
# pooler in front of PostgreSQL), and pam_script, through which they check IAM tokens (pam_exec would
# cut a token to 512 bytes); Node.js, npm and PHP with mysqli for the functions of examples/functions.
# Idempotent: installs only what is missing. Needs root (or sudo) only when something is missing.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

packages=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || packages+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || packages+=(mariadb-server)
installed libpam-script || packages+=(libpam-script)
[ -x /usr/sbin/pgbouncer ] || packages+=(pgbouncer)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
php -r 'exit(extension_loaded("mysqli") ? 0 : 1);' >/dev/null 2>&1 || packages+=(php-cli php-mysql)

# typeorm 1.x (examples/functions) needs Node.js 20.19 or later; Debian 12's own nodejs is 18.
check_node() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || { echo "Node.js $(node --version) is too old: examples/functions needs 20.19 or later" >&2; return 1; }
}

if [ ${#packages[@]} -eq 0 ]; then
  check_node
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian packages: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# The packages' own services are not wanted: tests start their own servers.
for svc in mariadb postgresql pgbouncer; do
  $sudo service "$svc" stop >/dev/null 2>&1 || true
done
# libpam-script adds itself to the system-wide common-* PAM stacks; the tests use it only in PAM
# services of their own, so take it back out of the shared ones.
if [[ " ${packages[*]} " == *" libpam-script "* ]] && command -v pam-auth-update >/dev/null 2>&1; then
  $sudo pam-auth-update --package --remove pam_script
fi
check_node
