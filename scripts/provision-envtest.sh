#!/usr/bin/env bash
# provision-envtest.sh [VERSION] — provide a real kube-apiserver + etcd (and, where built, kube-controller-manager)
# for the integration tests, the demo and the benchmark (envtest convention: one folder holding the executables).
#
# VERSION: `newest` (default; also $PLUMBLINE_K8S), `oldest`, or an exact release such as 1.20.2 or 1.37.2.
#   newest = the newest Kubernetes release pinned here that builds with this machine's Go (see NEWEST below);
#            on a machine without a recent enough Go it falls back to `oldest`, loudly, and records why.
#   oldest = 1.20.2, the oldest supported release, built from Debian 12's own packages (no Go module proxy).
#
# Order of preference:
#   1. $KUBEBUILDER_ASSETS, if it holds executable kube-apiserver and etcd (whatever version they are: the tests'
#      version check then compares what they report with the version asked for).
#   2. The cache folder ~/.cache/plumbline/envtest/<version>/ (fast path).
#   3. Build: 1.20.2 by scripts/envtest/debian-1.20.2.sh, any other release by scripts/envtest/go-build.sh.
# For `newest`, the resolved version is written to ~/.cache/plumbline/envtest/newest (one line: the version, then
# an optional `fallback: <reason>` line) so tests, demo and bench find the same folder.
#
# Stdout: only the last line, `KUBEBUILDER_ASSETS=<folder>`. Stderr: progress, prefixed with [envtest].
# Exit codes: 0 ok; 2 cannot provision (see message).
set -euo pipefail

NEWEST=1.37.2       # pinned: scripts/envtest/go/1.37.2 holds its checksum-pinned wrapper module
OLDEST=1.20.2
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE_ROOT=${PLUMBLINE_ENVTEST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/envtest}
REQUEST=${1:-${PLUMBLINE_K8S:-newest}}

log() { echo "[envtest] $*" >&2; }

# A non-interactive shell (CI) may not have read the profile that puts Go on the PATH: look where Go installs itself.
if ! command -v go >/dev/null; then
  for d in /usr/local/go/bin "$HOME"/sdk/go*/bin /usr/lib/go/bin; do
    if [[ -x $d/go ]]; then export PATH="$d:$PATH"; log "using Go from $d (not on the PATH)"; break; fi
  done
fi

if [[ -n ${KUBEBUILDER_ASSETS:-} ]]; then
  if [[ -x $KUBEBUILDER_ASSETS/kube-apiserver && -x $KUBEBUILDER_ASSETS/etcd ]]; then
    log "using \$KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS ($("$KUBEBUILDER_ASSETS/kube-apiserver" --version 2>/dev/null || echo 'version unknown'))"
    echo "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
    exit 0
  fi
  log "warning: \$KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS lacks executable kube-apiserver and etcd; ignoring it"
  unset KUBEBUILDER_ASSETS
fi

# go_ok — this machine has a Go new enough for $NEWEST (Go >= 1.24 builds 1.34; 1.37 needs the go line of its go.mod)
go_ok() {
  command -v go >/dev/null || return 1
  local have need
  have=$(go env GOVERSION 2>/dev/null) || return 1
  have=${have#go}
  need=$(sed -n 's/^go //p' "$HERE/envtest/go/$NEWEST/go.mod")
  [[ $(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n1) == "$need" ]]
}

build() {
  case $1 in
    "$OLDEST") bash "$HERE/envtest/debian-$OLDEST.sh" ;;
    *) bash "$HERE/envtest/go-build.sh" "$1" ;;
  esac
}

case $REQUEST in
  oldest) build "$OLDEST" ;;
  newest)
    mkdir -p "$CACHE_ROOT"
    if go_ok; then
      out=$(build "$NEWEST")
      printf '%s\n' "$NEWEST" >"$CACHE_ROOT/newest"
    else
      reason="no Go >= $(sed -n 's/^go //p' "$HERE/envtest/go/$NEWEST/go.mod") on the PATH ($(go env GOVERSION 2>/dev/null || echo 'no go'))"
      log "WARNING: the newest release ($NEWEST) is built from Go modules, but there is $reason."
      log "WARNING: falling back to Kubernetes $OLDEST from Debian's packages. To test on a current release,"
      log "WARNING: install Go >= 1.26 and re-run, or: export KUBEBUILDER_ASSETS=\"\$(setup-envtest use 1.34.x -p path)\""
      out=$(build "$OLDEST")
      printf '%s\nfallback: %s\n' "$OLDEST" "$reason" >"$CACHE_ROOT/newest"
    fi
    echo "$out" | tail -n1
    ;;
  [0-9]*.[0-9]*.[0-9]*) build "$REQUEST" ;;
  *) log "ERROR: unknown version '$REQUEST' (use newest, oldest or an exact release such as $NEWEST)"; exit 2 ;;
esac
