#!/usr/bin/env bash
# provision-registry.sh — provide a real OCI registry (CNCF Distribution's `registry`) for the tests of OCI chart
# repositories, built from Go modules into ~/.cache/plumbline/registry/VERSION/registry (built once, then cached).
#
# How: a throw-away module requiring github.com/distribution/distribution/v3 at VERSION, `go build` of its
# cmd/registry (CGO off, toolchain of this machine: GOTOOLCHAIN=local). The module proxy is used for Go modules only.
#
# Stdout: only the last line, `PLUMBLINE_REGISTRY=<path of the executable>`. Stderr: progress, prefixed [registry].
# Exit codes: 0 ok; 2 cannot build (the log's tail says why); 3 no Go on the PATH.
set -euo pipefail

VERSION=${PLUMBLINE_REGISTRY_VERSION:-v3.0.0}
CACHE_ROOT=${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/registry
TARGET=$CACHE_ROOT/$VERSION
WORK=$CACHE_ROOT/work-$VERSION
log() { echo "[registry] $*" >&2; }

export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
command -v go >/dev/null || { log "ERROR: no 'go' on the PATH: the registry is built from Go modules"; exit 3; }

if [[ -x $TARGET/registry ]]; then
  log "using cached $TARGET/registry"
  echo "PLUMBLINE_REGISTRY=$TARGET/registry"
  exit 0
fi
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.provision-$VERSION.lock"
flock 9
if [[ -x $TARGET/registry ]]; then
  echo "PLUMBLINE_REGISTRY=$TARGET/registry"
  exit 0
fi
rm -rf "$WORK"
mkdir -p "$WORK"
LOGF=$WORK/build.log
log "building github.com/distribution/distribution/v3/cmd/registry@$VERSION with $(go env GOVERSION) (log: $LOGF)…"
START=$SECONDS
if ! (
  set -euo pipefail
  cd "$WORK"
  go mod init plumbline.dev/registry-build
  go get "github.com/distribution/distribution/v3@$VERSION"
  go build -trimpath -ldflags=-s -o "$WORK/registry" github.com/distribution/distribution/v3/cmd/registry
) >"$LOGF" 2>&1 </dev/null; then
  log "ERROR: the build failed. Last 30 lines of $LOGF:"
  tail -n 30 "$LOGF" | sed 's/^/[registry]   | /' >&2
  exit 2
fi
mkdir -p "$TARGET"
mv "$WORK/registry" "$TARGET/registry.tmp" && mv "$TARGET/registry.tmp" "$TARGET/registry"
log "built in $((SECONDS - START))s: $TARGET/registry"
echo "PLUMBLINE_REGISTRY=$TARGET/registry"
