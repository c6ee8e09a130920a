#!/usr/bin/env bash
# Provisions the Prometheus server the analysis tests query (issue 14: "a real Prometheus server, Debian 12's
# prometheus package"): ~/.cache/plumbline/prometheus/prometheus. Fast no-op once there.
# Order: $PLUMBLINE_PROMETHEUS (a binary you name), the cache, a `prometheus` on PATH (copied), else Debian's package
# downloaded with `apt-get download` and unpacked (no install, no service started; `apt-get update` first when the
# package lists are empty and we may run it). Tests start their own server on 127.0.0.1 only.
set -euo pipefail
dir="${PLUMBLINE_PROMETHEUS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/prometheus}"
bin="$dir/prometheus"
if [[ -n ${PLUMBLINE_PROMETHEUS:-} ]]; then
  [[ -x $PLUMBLINE_PROMETHEUS ]] || { echo "provision-prometheus: PLUMBLINE_PROMETHEUS=$PLUMBLINE_PROMETHEUS is not an executable" >&2; exit 1; }
  exit 0
fi
if [[ -x $bin ]] && "$bin" --version >/dev/null 2>&1; then
  exit 0
fi
mkdir -p "$dir"
if command -v prometheus >/dev/null 2>&1; then
  cp "$(command -v prometheus)" "$bin.tmp" && mv "$bin.tmp" "$bin"
  echo "provision-prometheus: copied $(command -v prometheus) to $bin"
  exit 0
fi
command -v apt-get >/dev/null || { echo "provision-prometheus: no prometheus and no apt-get: install Debian 12's prometheus package or set PLUMBLINE_PROMETHEUS" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download -q prometheus >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "provision-prometheus: apt-get update (package lists missing or stale)"
    apt-get update -qq
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq
  fi
  apt-get download -q prometheus >/dev/null || { echo "provision-prometheus: apt-get download prometheus failed" >&2; exit 1; }
fi
dpkg-deb -x prometheus_*.deb unpacked
cp unpacked/usr/bin/prometheus "$bin.tmp" && mv "$bin.tmp" "$bin"
echo "provision-prometheus: $("$bin" --version 2>&1 | head -n1) unpacked to $bin"
