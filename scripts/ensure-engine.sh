#!/usr/bin/env bash
# Makes the real Pulumi engine available with no binary download:
#   pulumi                         the CLI and engine, built from github.com/pulumi/pulumi/pkg/v3
#   pulumi-language-nodejs         this project's Node.js language host (tools/pulumi/cmd/...)
#   pulumi-resource-pulumi-nodejs  a launcher for @pulumi/pulumi's dynamic-provider host
#
# The version rule (docs/engine.md), checked by scripts/pulumi-version-rule.mjs first:
#   package.json pins @pulumi/pulumi exactly (devDependencies), the peer range starts there,
#   node_modules holds it, and tools/pulumi/go.mod pins pkg/v3 and sdk/v3 at the same release.
# 1. If all three tools are on PATH and `pulumi version` is at least that version, within the same
#    major version, use them (an engine is compatible with every older SDK of its major version).
# 2. Otherwise build them from the Go module proxy at exactly that version into
#    ~/.cache/pulumi-predibase/<version>/bin (override with PULUMI_PREDIBASE_CACHE), once.
#
# Prints the bin directory as its last line; scripts/engine-env.mjs puts it on PATH.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_bin="$root/node_modules/.bin/node"
[ -x "$node_bin" ] || node_bin="node"

wanted="$("$node_bin" "$root/scripts/pulumi-version-rule.mjs")" || exit 1

log() { echo "ensure-engine: $*" >&2; }

version_at_least() { # $1 >= $2, both x.y.z
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# 1. Tools already on PATH (a developer's own install, or a CI image that has them).
if [ -z "${PULUMI_PREDIBASE_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1 \
  && command -v pulumi-language-nodejs >/dev/null 2>&1 \
  && command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null | sed 's/^v//' || true)"
  if [ -n "$have" ] && [ "${have%%.*}" = "${wanted%%.*}" ] && version_at_least "${have%%-*}" "$wanted"; then
    log "using pulumi $have from PATH ($(command -v pulumi))"
    dirname "$(command -v pulumi)"
    exit 0
  fi
fi

cache="${PULUMI_PREDIBASE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-predibase}/$wanted"
bin="$cache/bin"
# Two stamps: the CLI (long to build) depends only on the module pins; the language host on its
# own few files, so changing the host rebuilds it alone.
cli_stamp="$bin/.cli"
host_stamp="$bin/.host"
cli_hash="$(cat "$root"/tools/pulumi/go.mod "$root"/tools/pulumi/go.sum | sha256sum | cut -c1-16)"
host_hash="$(cat "$root"/tools/pulumi/go.mod "$root"/tools/pulumi/cmd/*/*.go | sha256sum | cut -c1-16)"
cli_fresh() { [ -f "$cli_stamp" ] && [ "$(cat "$cli_stamp")" = "$cli_hash" ] && [ -x "$bin/pulumi" ]; }
host_fresh() { [ -f "$host_stamp" ] && [ "$(cat "$host_stamp")" = "$host_hash" ] && [ -x "$bin/pulumi-language-nodejs" ]; }

if cli_fresh && host_fresh && [ -x "$bin/pulumi-resource-pulumi-nodejs" ]; then
  log "using cached engine $wanted in $bin"
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  for candidate in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [ -x "$candidate" ] && PATH="$(dirname "$candidate"):$PATH" && break
  done
fi
command -v go >/dev/null 2>&1 || { log "Go is needed to build the Pulumi engine (apt-get install golang-go)"; exit 1; }

mkdir -p "$bin"
start=$(date +%s)
ldflag="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$wanted"
log "building the Pulumi engine v$wanted from the Go module proxy into $bin (first time only: 444 s on 2 idle cores, 819 s on 2 busy ones)"
(
  cd "$root/tools/pulumi"
  export GOFLAGS="${GOFLAGS:-} -mod=readonly"
  # `go build` fetches only the modules the binaries import; `go mod download` would also ask for
  # test-only modules of the graph, some of which the proxy refuses.
  if ! cli_fresh; then
    log "[1/2] downloading and compiling pulumi, the CLI and engine (the long step)"
    go build -trimpath -ldflags "$ldflag -s -w" -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    echo "$cli_hash" >"$cli_stamp"
  fi
  if ! host_fresh; then
    log "[2/2] compiling pulumi-language-nodejs"
    go build -trimpath -ldflags "-X main.version=$wanted -s -w" -o "$bin/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs
    echo "$host_hash" >"$host_stamp"
  fi
)

# The engine starts this from the program's directory; it resolves @pulumi/pulumi from there, as
# the launcher Pulumi ships does, so the dynamic provider runs the program's own SDK version.
cat >"$bin/pulumi-resource-pulumi-nodejs" <<'LAUNCHER'
#!/bin/sh
script=$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"))') || {
  echo "pulumi-resource-pulumi-nodejs: @pulumi/pulumi not found from $(pwd); run npm install" >&2
  exit 1
}
exec node "$script" "$@"
LAUNCHER
chmod +x "$bin/pulumi-resource-pulumi-nodejs"

log "built in $(( $(date +%s) - start )) s: $("$bin/pulumi" version) ($(du -sh "$bin" | cut -f1))"
echo "$bin"
