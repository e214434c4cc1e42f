#!/usr/bin/env bash
# deps.sh: installs the Debian packages the e2e tests run as real programs,
# when they are missing (a second run does nothing):
#   tinyproxy   an HTTP CONNECT proxy (tests/e2e/proxy.rs: proxy-url http://, HTTPS_PROXY)
#   microsocks  a SOCKS5 proxy (proxy-url socks5://)
#   socat       TLS in front of tinyproxy (proxy-url https://)
# Needs root or password-less sudo when something is missing; Debian or Ubuntu.
set -euo pipefail

declare -A needs=([tinyproxy]=tinyproxy [microsocks]=microsocks [socat]=socat)
missing=()
for cmd in "${!needs[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${needs[$cmd]}")
done
[ ${#missing[@]} -gt 0 ] || exit 0

log() { echo "[deps] $*" >&2; }
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    log "error: missing ${missing[*]}; install them as root: apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
fi
command -v apt-get >/dev/null 2>&1 || { log "error: missing ${missing[*]} and no apt-get to install them"; exit 1; }

log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet; update only when needed.
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi
for cmd in "${!needs[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || { log "error: $cmd is still missing after installing ${needs[$cmd]}"; exit 1; }
done
