#!/usr/bin/env bash
# The outside peers the tests judge Certwright by, all Debian packages: OpenSSL, GnuTLS certtool,
# Debian's Chromium (the e2e browser), the places exported bundles go (Go's standard library, nginx,
# curl, unzip), python3 (the audit log's documented outside verifier), and the JWT verifiers service
# tokens are judged by: golang-jwt's own `jwt` command, python3-jwt (with python3-cryptography for
# ES256/RS256/EdDSA), Debian's golang-jwt and gRPC sources the generated Go middleware builds with,
# and the ACME clients the ACME server is judged by (lego, certbot); the monitoring peers endpoint
# watching is judged by (prometheus, promtool, prometheus-blackbox-exporter); the step-ca server remote
# authorities drive (Debian's smallstep Go sources, built by the tests, with gcc for cgo) and the
# MariaDB two step-ca instances share; and the Noto CJK fonts,
# so Chinese renders in Chromium's screenshots instead of empty boxes.
#
# `npm test` runs this first, and so does CI through it: the one place that knows the list. Missing
# packages are installed when this user may (root, or sudo without a password); otherwise it stops at
# once and names the one apt-get line to run.
set -euo pipefail

missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v certtool >/dev/null 2>&1 || missing+=(gnutls-bin)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v jwt >/dev/null 2>&1 || missing+=(jwt)
# Debian's python3, not whichever python3 comes first on PATH (a pyenv one has no Debian modules).
/usr/bin/python3 -c 'import jwt' >/dev/null 2>&1 || missing+=(python3-jwt)
/usr/bin/python3 -c 'import cryptography' >/dev/null 2>&1 || missing+=(python3-cryptography)
[ -d /usr/share/gocode/src/github.com/golang-jwt/jwt ] || missing+=(golang-github-golang-jwt-jwt-dev)
[ -d /usr/share/gocode/src/google.golang.org/grpc ] || missing+=(golang-google-grpc-dev)
# step-ca (smallstep's online CA) built from Debian's Go sources by test/support/step-ca.ts; its
# badger database binds zstd through cgo, hence gcc. MariaDB is step-ca's shared database for two
# instances (run by the tests on a loopback port, never as the system service).
[ -d /usr/share/gocode/src/github.com/smallstep/certificates/commands ] || missing+=(golang-github-smallstep-certificates-dev)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
[ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ] || missing+=(mariadb-server)
command -v lego >/dev/null 2>&1 || missing+=(lego)
command -v certbot >/dev/null 2>&1 || missing+=(certbot)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# prometheus brings promtool.
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-blackbox-exporter >/dev/null 2>&1 || missing+=(prometheus-blackbox-exporter)

if [ "${#missing[@]}" -gt 0 ]; then
  line="apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "peers: the tests need Debian packages that are missing: ${missing[*]}" >&2
    echo "peers: install them with:  sudo apt-get update && sudo ${line}" >&2
    exit 1
  fi
  echo "peers: installing ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

openssl version
certtool --version | head -n 1
go version
nginx -v 2>&1 || /usr/sbin/nginx -v
python3 --version
/usr/bin/python3 -c 'import jwt; print("python3-jwt", jwt.__version__)'
lego --version
certbot --version
prometheus --version 2>&1 | head -n 1
prometheus-blackbox-exporter --version 2>&1 | head -n 1
(/usr/sbin/mariadbd --version 2>/dev/null || /usr/sbin/mysqld --version) | head -n 1
"${CHROMIUM_PATH:-/usr/bin/chromium}" --version
