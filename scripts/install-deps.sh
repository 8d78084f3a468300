#!/usr/bin/env bash
# Installs what Carteiro needs from Debian's packages, only what is missing.
#   scripts/install-deps.sh          build and run dependencies
#   scripts/install-deps.sh --test   also what the tests use (real mail clients and servers)
set -euo pipefail

# cmake only recommends gcc and make; its compiler checks use them: name them.
BUILD_PACKAGES=(g++ gcc make cmake ninja-build pkg-config libasio-dev libssl-dev libsqlite3-dev libfmt-dev
                libtomlplusplus-dev libcli11-dev libunbound-dev doctest-dev)
# What the daemon reads at run time: the Public Suffix List (DMARC's organizational domains)
# and the DNSSEC root trust anchor (DANE for outbound mail).
RUNTIME_PACKAGES=(publicsuffix dns-root-data)
# swaks speaks TLS only with libnet-ssleay-perl, which it merely recommends: name it.
TEST_PACKAGES=(python3 python3-yaml sqlite3 curl swaks libnet-ssleay-perl fetchmail isync offlineimap3 unbound postfix
               openssl ca-certificates haproxy sieve-connect python3-spf python3-dkim
               ldnsutils)  # ldns-keygen, ldns-signzone: the DNSSEC-signed zone of the DANE test
# python3-dkim's ARC sealing needs python3-authres, which it only suggests: name it.
TEST_PACKAGES+=(python3-authres)

want=("${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}")
[ "${1:-}" = "--test" ] && want+=("${TEST_PACKAGES[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Packages with services of their own (postfix, unbound) must not start them here: the
# tests start private instances on loopback ports.
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  trap '$SUDO rm -f "$POLICY"' EXIT
fi
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections 2>/dev/null || true
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
