#!/usr/bin/env bash
# go-build.sh VERSION — build kube-apiserver, kube-controller-manager and etcd for Kubernetes VERSION (1.2x.y or
# later) from Go modules, into ~/.cache/plumbline/envtest/VERSION/ (envtest convention: one folder, all binaries).
# Called by scripts/provision-envtest.sh; runs on its own too.
#
# How: k8s.io/kubernetes is not meant to be a dependency (its go.mod replaces every k8s.io/* staging module with
# ./staging/...), so a small wrapper module of our own requires k8s.io/kubernetes vVERSION and replaces each staging
# module with its published release v0.MINOR.PATCH. scripts/envtest/go/VERSION/ holds that module (go.mod, go.sum)
# for the pinned versions, so builds are checksum-pinned; for another version it is generated here.
# etcd comes from its own module go.etcd.io/etcd/server/v3, at the newest patch of the minor that the chosen
# Kubernetes' go.mod names for its etcd client.
#
# Stdout: only the last line, `KUBEBUILDER_ASSETS=<folder>`. Stderr: progress, prefixed with [envtest].
# Exit codes: 0 ok; 2 cannot provision (message says why); 3 the Go toolchain here is too old for VERSION.
set -euo pipefail

VERSION=${1:?usage: go-build.sh VERSION}
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE_ROOT=${PLUMBLINE_ENVTEST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/envtest}
TARGET=$CACHE_ROOT/$VERSION
WORK=$CACHE_ROOT/work-go-$VERSION
LOGS=$WORK/logs
NSTEPS=5
MINOR=${VERSION#1.}; MINOR=${MINOR%%.*}
STAGING_VERSION=v0.${VERSION#1.}

log() { echo "[envtest] $*" >&2; }

# The Go toolchain must not fetch another toolchain by itself; the module proxy is only for modules.
export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
command -v go >/dev/null || { log "ERROR: no 'go' on the PATH: Kubernetes $VERSION is built from Go modules"; exit 3; }

assets_ok() {
  [[ -x $1/kube-apiserver && -x $1/etcd && -x $1/kube-controller-manager ]] || return 1
  [[ $("$1/kube-apiserver" --version 2>/dev/null) == "Kubernetes v$VERSION" ]]
}
if assets_ok "$TARGET"; then
  log "using cached $TARGET"
  echo "KUBEBUILDER_ASSETS=$TARGET"
  exit 0
fi

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.provision-$VERSION.lock"
if ! flock -n 9; then
  log "another provisioning run holds $CACHE_ROOT/.provision-$VERSION.lock; waiting for it"
  flock 9
fi
if assets_ok "$TARGET"; then
  log "using cached $TARGET"
  echo "KUBEBUILDER_ASSETS=$TARGET"
  exit 0
fi
mkdir -p "$WORK/k8s" "$WORK/etcd" "$LOGS"
STAGE=$CACHE_ROOT/.$VERSION.tmp.$$
rm -rf "$CACHE_ROOT/.$VERSION.tmp."*
trap 'rm -rf "$STAGE"' EXIT
START=$SECONDS

# run_step N NAME DESCRIPTION FUNCTION — FUNCTION's output goes to $LOGS/NAME.log; on failure show its tail, exit 2.
run_step() {
  local n=$1 name=$2 desc=$3 fn=$4 rc logf=$LOGS/$2.log t0=$SECONDS
  log "$desc ($n/$NSTEPS)… (log: $logf)"
  set +e
  ( set -euo pipefail; "$fn" ) >"$logf" 2>&1 </dev/null
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    log "ERROR: step $n/$NSTEPS '$desc' failed (exit $rc). Last 30 lines of $logf:"
    tail -n 30 "$logf" | sed 's/^/[envtest]   | /' >&2
    exit 2
  fi
  log "$desc ($n/$NSTEPS): done in $((SECONDS - t0))s"
}

# go_at_least HAVE NEED — compares Go versions such as 1.26.8 and 1.26.0.
go_at_least() { [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1) == "$2" ]]; }

# ---------------------------------------------------------------- 1: the wrapper module
step_module() {
  cd "$WORK/k8s"
  if [[ -f $HERE/go/$VERSION/go.mod ]]; then
    echo "using the pinned wrapper module scripts/envtest/go/$VERSION"
    cp "$HERE/go/$VERSION/go.mod" "$HERE/go/$VERSION/go.sum" .
  else
    echo "generating a wrapper module for k8s.io/kubernetes v$VERSION"
    local mod
    mod=$(go mod download -json "k8s.io/kubernetes@v$VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    [[ -s $mod ]] || { echo "k8s.io/kubernetes@v$VERSION: no go.mod from the module proxy"; return 1; }
    {
      echo "module plumbline.dev/envtest-build"
      echo
      echo "go $(sed -n 's/^go //p' "$mod")"
      echo
      echo "require k8s.io/kubernetes v$VERSION"
      echo
      echo "replace ("
      grep -o 'k8s.io/[a-z0-9-]* => ./staging' "$mod" | awk -v v="$STAGING_VERSION" '{print "\t" $1 " => " $1 " " v}'
      echo ")"
    } >go.mod
    : >go.sum
  fi
  cat >tools.go <<'EOF'
//go:build tools

// Package tools only names the commands this module builds.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
EOF
  go mod tidy
  local need have
  need=$(sed -n 's/^go //p' go.mod)
  have=$(go env GOVERSION); have=${have#go}
  go_at_least "$have" "$need" || { echo "Go $have is older than the go $need that Kubernetes $VERSION needs"; return 3; }
  echo "go $have builds a module that needs go $need"
}

# ---------------------------------------------------------------- 2+3: Kubernetes commands
ldflags() {
  local p=k8s.io/component-base/version
  # /version and --version report these; without them the binary says v0.0.0-master and its emulation version breaks
  echo "-s -w -X $p.gitVersion=v$VERSION -X $p.gitMajor=1 -X $p.gitMinor=$MINOR -X $p.gitTreeState=clean" \
    "-X $p.buildDate=1970-01-01T00:00:00Z"
}
step_apiserver() {
  cd "$WORK/k8s"
  go build -trimpath -ldflags "$(ldflags)" -o "$STAGE/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
}
step_controller_manager() {
  cd "$WORK/k8s"
  go build -trimpath -ldflags "$(ldflags)" -o "$STAGE/kube-controller-manager" \
    k8s.io/kubernetes/cmd/kube-controller-manager
}

# ---------------------------------------------------------------- 4: etcd
step_etcd() {
  local client minor etcd
  client=$(cd "$WORK/k8s" && go list -m -f '{{.Version}}' go.etcd.io/etcd/client/v3)
  minor=$(echo "$client" | cut -d. -f1,2)
  etcd=$(go list -m -versions go.etcd.io/etcd/server/v3 | tr ' ' '\n' | grep -E "^${minor}\.[0-9]+$" | sort -V | tail -n1)
  [[ -n $etcd ]] || { echo "no go.etcd.io/etcd/server/v3 release $minor.x on the module proxy"; return 1; }
  echo "Kubernetes $VERSION uses etcd client $client: building etcd $etcd"
  cd "$WORK/etcd"
  printf 'module plumbline.dev/etcd-build\n\ngo 1.21\n' >go.mod
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >tools.go
  go get "go.etcd.io/etcd/server/v3@$etcd"
  go mod tidy
  go build -trimpath -ldflags "-s -w" -o "$STAGE/etcd" go.etcd.io/etcd/server/v3
}

# ---------------------------------------------------------------- 5: install
step_install() {
  local v
  v=$("$STAGE/kube-apiserver" --version)
  [[ $v == "Kubernetes v$VERSION" ]] || { echo "unexpected kube-apiserver version: $v"; return 1; }
  "$STAGE/kube-controller-manager" --version
  "$STAGE/etcd" --version
  cat >"$STAGE/PROVENANCE" <<EOF
kube-apiserver and kube-controller-manager v$VERSION, built by scripts/envtest/go-build.sh from the Go module
k8s.io/kubernetes v$VERSION (staging modules at $STAGING_VERSION) with $(go env GOVERSION); etcd from
go.etcd.io/etcd/server/v3 ($("$STAGE/etcd" --version | head -n1)).
EOF
  rm -rf "$TARGET"
  mv -T "$STAGE" "$TARGET"
}

mkdir -p "$STAGE"
log "building Kubernetes $VERSION from Go modules (once per machine; about 6 min on 2 cores)"
set +e
( run_step 1 module "resolving the wrapper module for k8s.io/kubernetes v$VERSION" step_module )
rc=$?
set -e
if [[ $rc -ne 0 ]]; then
  grep -q "is older than the go" "$LOGS/module.log" 2>/dev/null && exit 3
  exit 2
fi
run_step 2 apiserver "building kube-apiserver v$VERSION" step_apiserver
run_step 3 controller-manager "building kube-controller-manager v$VERSION" step_controller_manager
run_step 4 etcd "building etcd" step_etcd
run_step 5 install "installing and verifying binaries in $TARGET" step_install
log "ready in $((SECONDS - START))s: $TARGET"
echo "KUBEBUILDER_ASSETS=$TARGET"
