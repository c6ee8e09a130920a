#!/usr/bin/env bash
# provision-envtest.sh — provide a real kube-apiserver 1.20.2 and etcd for the
# integration tests (envtest convention: one folder holding both executables).
#
# Order of preference:
#   1. $KUBEBUILDER_ASSETS, if it holds executable kube-apiserver and etcd.
#   2. The cache folder ~/.cache/plumbline/envtest/1.20.2 (fast path).
#   3. On Debian 12 only: build it, rootless, from Debian's own packages:
#        - source package `kubernetes` (1.20.5+really1.20.2, vendored deps),
#        - golang-1.19-go/-src, etcd-server, rsync (+ libs) via `apt-get download`,
#          unpacked with `dpkg -x` into a private root,
#      using a private apt configuration (own sources.list, lists, cache), so
#      nothing is installed system-wide and /etc is never written.
#
# Stdout: only the last line, `KUBEBUILDER_ASSETS=<folder>`, for callers to capture.
# Stderr: progress, prefixed with [envtest].
# Exit codes: 0 ok; 2 cannot provision (see message).
#
# Environment knobs:
#   PLUMBLINE_ENVTEST_DIR        cache root (default ${XDG_CACHE_HOME:-~/.cache}/plumbline/envtest)
#   PLUMBLINE_ENVTEST_KEEP_WORK  1 = keep the whole work dir after success (debugging)
#   PLUMBLINE_ENVTEST_KEEP_DEBS  1 = keep downloaded .deb/.dsc/.tar files after success
set -euo pipefail

K8S_VERSION=1.20.2
GO_PKG=golang-1.19            # Debian 12's default Go (golang-go 2:1.19~1)
GO_VER=${GO_PKG#golang-}
CACHE_ROOT=${PLUMBLINE_ENVTEST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/plumbline/envtest}
TARGET=$CACHE_ROOT/$K8S_VERSION
WORK=$CACHE_ROOT/work
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
NSTEPS=5

log() { echo "[envtest] $*" >&2; }

# assets_ok DIR [strict] — DIR holds executable kube-apiserver and etcd;
# with "strict", kube-apiserver --version must also report v$K8S_VERSION.
assets_ok() {
  local d=$1
  [[ -n $d && -x $d/kube-apiserver && -x $d/etcd ]] || return 1
  if [[ ${2:-} == strict ]]; then
    local v
    v=$("$d/kube-apiserver" --version 2>/dev/null) || return 1
    [[ $v == "Kubernetes v${K8S_VERSION}" ]] || return 1
  fi
}

done_ok() {
  echo "KUBEBUILDER_ASSETS=$1"
  exit 0
}

# ---------------------------------------------------------------- fast paths
if [[ -n ${KUBEBUILDER_ASSETS:-} ]]; then
  if assets_ok "$KUBEBUILDER_ASSETS"; then
    log "using \$KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS (kube-apiserver and etcd found there)"
    done_ok "$KUBEBUILDER_ASSETS"
  fi
  log "warning: \$KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS lacks executable kube-apiserver and etcd; ignoring it"
fi
if assets_ok "$TARGET" strict; then
  log "using cached $TARGET"
  done_ok "$TARGET"
fi

# ---------------------------------------------------------------- platform check
os_id= os_version= os_codename=
OS_RELEASE=${PLUMBLINE_ENVTEST_OS_RELEASE:-/etc/os-release}   # override only for testing
if [[ -r $OS_RELEASE ]]; then
  # shellcheck disable=SC1090
  os_id=$(. "$OS_RELEASE" && echo "${ID:-}")
  # shellcheck disable=SC1090
  os_version=$(. "$OS_RELEASE" && echo "${VERSION_ID:-}")
  # shellcheck disable=SC1090
  os_codename=$(. "$OS_RELEASE" && echo "${VERSION_CODENAME:-}")
fi
if [[ $os_id != debian || $os_version != 12 ]]; then
  cat >&2 <<EOF
[envtest] ERROR: no kube-apiserver/etcd ${K8S_VERSION} found, and automatic provisioning
[envtest] only works on Debian 12 (this is ID=${os_id:-?} VERSION_ID=${os_version:-?}).
[envtest] Provide them yourself: set KUBEBUILDER_ASSETS to a folder holding executable
[envtest] 'kube-apiserver' and 'etcd', for example:
[envtest]     go install sigs.k8s.io/controller-runtime/tools/setup-envtest@latest
[envtest]     export KUBEBUILDER_ASSETS="\$(setup-envtest use ${K8S_VERSION} -p path)"
[envtest] or copy both binaries into ${TARGET}/
EOF
  exit 2
fi
os_codename=${os_codename:-bookworm}

# ---------------------------------------------------------------- lock
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.provision.lock"
if ! flock -n 9; then
  log "another provisioning run holds $CACHE_ROOT/.provision.lock; waiting for it"
  flock 9
fi
# The other run may have finished the job while we waited.
if assets_ok "$TARGET" strict; then
  log "using cached $TARGET"
  done_ok "$TARGET"
fi

APTD=$WORK/apt
DL=$WORK/downloads
ROOT=$WORK/root           # private root for dpkg -x
SRC=$WORK/src/kubernetes  # unpacked source tree
LOGS=$WORK/logs
MARK=$WORK/state
mkdir -p "$APTD" "$DL/src" "$DL/debs" "$LOGS" "$MARK" "$WORK/bin" "$WORK/home" "$WORK/tmp"

STAGE=$CACHE_ROOT/.${K8S_VERSION}.tmp.$$
rm -rf "$CACHE_ROOT/.${K8S_VERSION}.tmp."*   # leftovers of killed runs (we hold the lock)
cleanup() { rm -rf "$STAGE"; }
trap cleanup EXIT

START=$SECONDS

# run_step N NAME DESCRIPTION FUNCTION — run FUNCTION with its output in
# $LOGS/NAME.log; skip if already done; on failure show the log tail, exit 2.
run_step() {
  local n=$1 name=$2 desc=$3 fn=$4 rc logf=$LOGS/$2.log
  if [[ -e $MARK/$name.done ]]; then
    log "$desc ($n/$NSTEPS): already done, skipping"
    return 0
  fi
  log "$desc ($n/$NSTEPS)… (log: $logf)"
  local t0=$SECONDS
  set +e
  ( set -euo pipefail; "$fn" ) >"$logf" 2>&1 </dev/null
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    log "ERROR: step $n/$NSTEPS '$desc' failed (exit $rc). Last 30 lines of $logf:"
    tail -n 30 "$logf" | sed 's/^/[envtest]   | /' >&2
    log "Fix the cause and re-run: finished steps are skipped. Or set KUBEBUILDER_ASSETS (see script header)."
    exit 2
  fi
  touch "$MARK/$name.done"
  log "$desc ($n/$NSTEPS): done in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------- private apt
APT_OPTS=(
  -o "Dir::State=$APTD/state"
  -o "Dir::State::Lists=$APTD/lists"
  -o "Dir::State::status=$APTD/status"
  -o "Dir::Cache=$APTD/cache"
  -o "Dir::Cache::archives=$APTD/cache/archives"
  -o "Dir::Etc::SourceList=$APTD/sources.list"
  -o "Dir::Etc::SourceParts=$APTD/empty"
  -o "Dir::Etc::Preferences=$APTD/empty/preferences"
  -o "Dir::Etc::PreferencesParts=$APTD/empty"
  -o "Dir::Etc::Trusted=$KEYRING"
  -o "Dir::Etc::TrustedParts=$APTD/empty"
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=$(id -un)"
  -o "Acquire::Languages=none"
  -q
)
papt_get() { apt-get "${APT_OPTS[@]}" "$@"; }
# A download may 404 when the lists are stale (skipped step 1): refresh once, retry.
papt_fetch() { papt_get "$@" || { echo "retrying after apt-get update"; papt_get update && papt_get "$@"; }; }

# Print "URI SUITE" for every enabled binary source of $os_codename* with
# component main, from the system's deb822 and one-line source files.
system_sources() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk -v cn="$os_codename" '
      function flush(  n, m, i, j, U, S) {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) !~ /no/ &&
            comps ~ /(^|[ \t])main([ \t]|$)/) {
          n = split(uris, U, /[ \t]+/); m = split(suites, S, /[ \t]+/)
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
            if (U[i] != "" && S[j] ~ ("^" cn)) print U[i], S[j]
        }
        types = uris = suites = comps = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[A-Za-z-]+:/ {
        k = tolower(substr($0, 1, index($0, ":") - 1)); v = substr($0, index($0, ":") + 1)
        if (k == "types") types = v; else if (k == "uris") uris = v
        else if (k == "suites") suites = v; else if (k == "components") comps = v
        else if (k == "enabled") enabled = v
      }
      END { flush() }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r $f ]] || continue
    awk -v cn="$os_codename" '
      $1 == "deb" {
        i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        uri = $i; suite = $(i + 1); has = 0
        for (k = i + 2; k <= NF; k++) if ($k == "main") has = 1
        if (has && suite ~ ("^" cn)) print uri, suite
      }' "$f"
  done
}

step_apt() {
  [[ -r $KEYRING ]] || { echo "missing $KEYRING (package debian-archive-keyring)"; return 1; }
  command -v apt-get >/dev/null || { echo "apt-get not found"; return 1; }
  mkdir -p "$APTD"/{state,lists/partial,cache/archives/partial,empty}
  : >"$APTD/status"
  local pairs
  pairs=$(system_sources | awk '!seen[$0]++')
  if [[ -z $pairs ]]; then
    echo "no Debian $os_codename main source found in /etc/apt; using deb.debian.org"
    pairs="http://deb.debian.org/debian $os_codename"
  fi
  {
    echo "# generated by provision-envtest.sh from the system's apt sources"
    while read -r uri suite; do
      echo "deb [signed-by=$KEYRING] $uri $suite main"
      echo "deb-src [signed-by=$KEYRING] $uri $suite main"
    done <<<"$pairs"
  } >"$APTD/sources.list"
  cat "$APTD/sources.list"
  papt_get update
  apt-cache "${APT_OPTS[@]}" showsrc kubernetes >"$APTD/kubernetes.showsrc"
  grep '^Version:' "$APTD/kubernetes.showsrc"
}

# ---------------------------------------------------------------- kubernetes source
# Fallback for a missing dpkg-source: unpack a 3.0 (quilt) source by hand.
unpack_by_hand() {
  local dsc=$1 dest=$2 f comp
  mkdir -p "$dest"
  # Files listed in the .dsc (first "Files:" block: md5 size name).
  local files
  files=$(awk '/^Files:/{on=1; next} /^[^ ]/{on=0} on && NF==3 {print $3}' "$dsc")
  for f in $files; do
    case $f in
      *.orig.tar.*) tar -xf "$DL/src/$f" -C "$dest" --strip-components=1 ;;
    esac
  done
  for f in $files; do
    case $f in
      *.orig-*.tar.*)   # component tarball: name.orig-COMP.tar.xx -> dest/COMP
        comp=${f##*.orig-}; comp=${comp%%.tar.*}
        rm -rf "${dest:?}/$comp"; mkdir -p "$dest/$comp"
        tar -xf "$DL/src/$f" -C "$dest/$comp" --strip-components=1 ;;
    esac
  done
  for f in $files; do
    case $f in *.debian.tar.*) tar -xf "$DL/src/$f" -C "$dest" ;; esac
  done
  if [[ -s $dest/debian/patches/series ]]; then
    command -v patch >/dev/null || { echo "neither dpkg-source nor patch is available"; return 1; }
    local p
    while read -r p _; do
      [[ -z $p || $p == \#* ]] && continue
      echo "applying $p"
      patch -d "$dest" -p1 -N -s <"$dest/debian/patches/$p"
    done <"$dest/debian/patches/series"
  fi
}

step_source() {
  cd "$DL/src"
  local dsc
  dsc=$(ls -1 kubernetes_*.dsc 2>/dev/null | tail -n1 || true)
  if [[ -z $dsc ]]; then
    papt_fetch source --download-only kubernetes
    dsc=$(ls -1 kubernetes_*.dsc | tail -n1)
  fi
  echo "source: $dsc"
  rm -rf "$SRC" "$SRC.tmp"
  mkdir -p "$(dirname "$SRC")"
  if command -v dpkg-source >/dev/null; then
    dpkg-source --no-check -x "$dsc" "$SRC.tmp"     # applies debian/patches
  else
    echo "dpkg-source not found (package dpkg-dev): unpacking the tarballs by hand"
    unpack_by_hand "$DL/src/$dsc" "$SRC.tmp"
  fi
  [[ -f $SRC.tmp/hack/lib/golang.sh && -d $SRC.tmp/vendor ]]
  mv "$SRC.tmp" "$SRC"
}

# ---------------------------------------------------------------- toolchain debs
step_toolchain() {
  cd "$DL/debs"
  local pkgs=(
    "$GO_PKG-go" "$GO_PKG-src"              # Go toolchain (-go depends on -src)
    etcd-server                              # /usr/bin/etcd 3.4
    rsync libpopt0 libxxhash0                # rsync is used by hack/lib/golang.sh to place binaries
    golang-github-modern-go-reflect2-dev     # reflect2 1.0.2 source, see patch_tree
  )
  command -v make >/dev/null || pkgs+=(make)
  local need=() p
  for p in "${pkgs[@]}"; do
    compgen -G "${p}_*.deb" >/dev/null || need+=("$p")
  done
  if ((${#need[@]})); then papt_fetch download "${need[@]}"; fi
  rm -rf "$ROOT" "$ROOT.tmp"; mkdir -p "$ROOT.tmp"
  for p in *.deb; do echo "dpkg -x $p"; dpkg -x "$p" "$ROOT.tmp"; done
  mv "$ROOT.tmp" "$ROOT"
  # rsync needs libpopt0 (and maybe libxxhash0), which may not be installed system-wide.
  local libpath="" d
  for d in "$ROOT"/usr/lib/*-linux-gnu* "$ROOT"/lib/*-linux-gnu*; do
    [[ -d $d ]] && libpath+="${libpath:+:}$d"
  done
  cat >"$WORK/bin/rsync" <<EOF
#!/bin/sh
LD_LIBRARY_PATH="$libpath\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$ROOT/usr/bin/rsync" "\$@"
EOF
  chmod +x "$WORK/bin/rsync"
  if ! "$WORK/bin/rsync" --version >/dev/null 2>&1; then
    # The kube build only runs `rsync -pc FILE DIR`; a cp stand-in does the same.
    echo "unpacked rsync does not run here; using a cp-based stand-in"
    printf '#!/bin/sh\n# stand-in for: rsync -pc FILE... DIR\nwhile [ $# -gt 0 ]; do case $1 in -*) shift;; *) break;; esac; done\nexec cp -p "$@"\n' >"$WORK/bin/rsync"
  fi
  if [[ -x $ROOT/usr/bin/make ]] && ! command -v make >/dev/null; then ln -sf "$ROOT/usr/bin/make" "$WORK/bin/make"; fi
  "$ROOT/usr/lib/go-$GO_VER/bin/go" version
  "$ROOT/usr/bin/etcd" --version
  "$WORK/bin/rsync" --version | sed -n 1p
}

# ---------------------------------------------------------------- build
GOROOT_DIR=$ROOT/usr/lib/go-$GO_VER
build_env() {
  # A clean environment: no user GOFLAGS/GO111MODULE/GOBIN etc. leak in.
  env -i \
    HOME="$WORK/home" USER="$(id -un)" LANG=C.UTF-8 TMPDIR="$WORK/tmp" \
    PATH="$WORK/bin:$GOROOT_DIR/bin:$ROOT/usr/bin:/usr/local/bin:/usr/bin:/bin" \
    GOROOT="$GOROOT_DIR" GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" \
    GOENV=off GOPROXY=off GOTOOLCHAIN=local GOTELEMETRY=off CGO_ENABLED=0 \
    KUBE_GIT_VERSION="v$K8S_VERSION" KUBE_VERBOSE=2 \
    "$@"
}

# Source tweaks needed because Debian 12 only has Go 1.19, while Kubernetes
# 1.20 was released with Go 1.15:
#  * vendor/github.com/modern-go/reflect2 v1.0.1 reads Go runtime map
#    internals that changed in Go 1.18; json-iterator (the apiserver's JSON
#    codec) then crashes ("fatal error: unexpected signal") when encoding any
#    map. Upstream fixed this by bumping to v1.0.2 (API-compatible); we drop in
#    v1.0.2 from Debian's golang-github-modern-go-reflect2-dev package.
#  * hack/lib/golang.sh's minimum-Go check (go1.15.0) accepts go1.19, and the
#    tree forces GO111MODULE=off (GOPATH mode over vendor/), so GOFLAGS must
#    stay empty (it also parses GOFLAGS for -tags) — no -mod=vendor needed.
patch_tree() {
  local r2=$ROOT/usr/share/gocode/src/github.com/modern-go/reflect2
  local v=$SRC/vendor/github.com/modern-go/reflect2
  if [[ ! -e $v/.plumbline-reflect2-1.0.2 ]]; then
    [[ -f $r2/go_above_118.go ]] || { echo "reflect2 1.0.2 source not found in $r2"; return 1; }
    echo "replacing vendored reflect2 v1.0.1 with v1.0.2 (Go >= 1.18 fix)"
    rm -rf "$v"; mkdir -p "$v"
    cp -r "$r2"/. "$v"/
    rm -f "$v/go.mod" "$v/go.sum"
    touch "$v/.plumbline-reflect2-1.0.2"
  fi
}

step_build() {
  patch_tree
  cd "$SRC"
  build_env go version
  build_env make WHAT=cmd/kube-apiserver
  local b
  for b in _output/bin/kube-apiserver _output/local/bin/linux/*/kube-apiserver; do
    [[ -x $b ]] && { echo "built $SRC/$b"; return 0; }
  done
  echo "make succeeded but no kube-apiserver binary found under _output"; return 1
}

# ---------------------------------------------------------------- install
step_install() {
  local b=""
  for b in "$SRC"/_output/bin/kube-apiserver "$SRC"/_output/local/bin/linux/*/kube-apiserver; do
    [[ -x $b ]] && break
  done
  rm -rf "$STAGE"; mkdir -p "$STAGE"
  cp "$b" "$STAGE/kube-apiserver"
  cp "$ROOT/usr/bin/etcd" "$STAGE/etcd"
  chmod 755 "$STAGE/kube-apiserver" "$STAGE/etcd"
  local v
  v=$("$STAGE/kube-apiserver" --version); echo "$v"
  [[ $v == "Kubernetes v$K8S_VERSION" ]] || { echo "unexpected kube-apiserver version: $v"; return 1; }
  "$STAGE/etcd" --version
  cat >"$STAGE/README" <<EOF
kube-apiserver v$K8S_VERSION built by scripts/provision-envtest.sh from Debian's
kubernetes source package with $("$GOROOT_DIR/bin/go" version | awk '{print $3}');
etcd from Debian's etcd-server package ($(ls "$DL/debs" | grep '^etcd-server_' || true)).
EOF
  rm -rf "$TARGET"
  mv -T "$STAGE" "$TARGET"
}

run_step 1 apt       "setting up private apt config and updating package lists" step_apt
run_step 2 source    "downloading and unpacking kubernetes source"              step_source
run_step 3 toolchain "downloading Go $GO_PKG, etcd-server, rsync"               step_toolchain
run_step 4 build     "building kube-apiserver (slow: ~6+ min on 2 cores)"       step_build
rm -f "$MARK/install.done"
run_step 5 install   "installing and verifying binaries in $TARGET"            step_install

# Keep the (small) step logs next to the result for later inspection.
rm -rf "$CACHE_ROOT/last-build-logs"
cp -r "$LOGS" "$CACHE_ROOT/last-build-logs" 2>/dev/null || true
if [[ ${PLUMBLINE_ENVTEST_KEEP_WORK:-0} == 1 ]]; then
  log "keeping work dir $WORK (PLUMBLINE_ENVTEST_KEEP_WORK=1)"
elif [[ ${PLUMBLINE_ENVTEST_KEEP_DEBS:-0} == 1 ]]; then
  log "cleaning up $WORK (keeping downloads in $DL)"
  chmod -R u+w "$WORK/src" "$WORK/gopath" 2>/dev/null || true
  rm -rf "$WORK/src" "$WORK/root" "$WORK/gopath" "$WORK/gocache" "$WORK/tmp" "$WORK/home" "$APTD" "$MARK" "$LOGS"
else
  log "cleaning up $WORK"
  chmod -R u+w "$WORK" 2>/dev/null || true   # Go module caches are read-only
  rm -rf "$WORK"
fi
log "ready in $((SECONDS - START))s: $TARGET"
done_ok "$TARGET"
