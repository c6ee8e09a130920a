#!/usr/bin/env bash
# Provisions the browser the UI tests drive (issue 16: "Debian 12's chromium + chromium-driver, installed by the
# project's own provisioning, never downloaded from elsewhere"). Fast no-op when both are present and of one version.
# Order: $PLUMBLINE_CHROMIUM and $PLUMBLINE_CHROMEDRIVER (binaries you name), else /usr/bin/chromium and
# /usr/bin/chromedriver, installed when missing with `apt-get install chromium chromium-driver` from the machine's own
# apt sources (as root, or through passwordless sudo). Nothing is fetched from anywhere but the apt mirror: no
# Selenium Manager, no Chrome for Testing downloads. The tests read the same two variables (dev.plumbline.ui.Browser).
set -euo pipefail
browser="${PLUMBLINE_CHROMIUM:-/usr/bin/chromium}"
driver="${PLUMBLINE_CHROMEDRIVER:-/usr/bin/chromedriver}"

version() { "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+' | head -n1; }

present() {
  [[ -x $browser && -x $driver ]] || return 1
  local b d
  b=$(version "$browser"); d=$(version "$driver")
  [[ -n $b && $b == "$d" ]]
}

if present; then
  exit 0
fi
if [[ -n ${PLUMBLINE_CHROMIUM:-}${PLUMBLINE_CHROMEDRIVER:-} ]]; then
  echo "provision-chromium: PLUMBLINE_CHROMIUM=$browser and PLUMBLINE_CHROMEDRIVER=$driver must both be executables of" \
    "one version (have: '$(version "$browser")' and '$(version "$driver")')" >&2
  exit 1
fi
command -v apt-get >/dev/null || {
  echo "provision-chromium: no $browser / $driver and no apt-get: install Debian 12's chromium and chromium-driver" \
    "packages, or set PLUMBLINE_CHROMIUM and PLUMBLINE_CHROMEDRIVER" >&2
  exit 1
}
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "provision-chromium: chromium and chromium-driver are missing and installing them needs root:" \
    "run 'sudo apt-get update && sudo apt-get install -y chromium chromium-driver' once" >&2
  exit 1
fi
echo "provision-chromium: installing chromium and chromium-driver from the apt sources (once per machine)"
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get install -y -q chromium chromium-driver >/dev/null 2>&1; then
  echo "provision-chromium: apt-get update (package lists missing or stale)"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -q chromium chromium-driver >/dev/null || {
    echo "provision-chromium: apt-get install chromium chromium-driver failed (see above)" >&2
    exit 1
  }
fi
present || { echo "provision-chromium: after the install, $browser and $driver are still missing or of two versions" >&2; exit 1; }
echo "provision-chromium: $("$browser" --version 2>/dev/null) and $("$driver" --version | head -n1) installed"
