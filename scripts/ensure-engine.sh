#!/usr/bin/env bash
# Makes the real Pulumi engine available with no binary download:
#   pulumi                         the CLI and engine, built from github.com/pulumi/pulumi/pkg/v3
#   pulumi-language-nodejs         this project's Node.js language host (tools/pulumi/cmd/...)
#   pulumi-resource-pulumi-nodejs  a launcher for @pulumi/pulumi's dynamic-provider host
#   pulumi-language-yaml           Pulumi YAML's language host, built from github.com/pulumi/pulumi-yaml
#                                  (its own module, tools/pulumi-yaml: it needs an older pkg/v3)
#   pulumi-resource-predibase      a launcher for this repository's native plugin
#                                  (dist/provider/plugin/main.js, so `npm run build` first)
#
# The version rule (docs/engine.md), checked by scripts/pulumi-version-rule.mjs first:
#   package.json pins @pulumi/pulumi exactly (devDependencies), the peer range starts there,
#   node_modules holds it, and tools/pulumi/go.mod pins pkg/v3 and sdk/v3 at the same release.
# 1. If the first three tools are on PATH and `pulumi version` is at least that version, within the
#    same major version, use them (an engine is compatible with every older SDK of its major
#    version): ~/.cache/pulumi-predibase/<version>/from-path/bin then gets links to them, to a
#    pulumi-language-yaml (the PATH's, else the one built here) and the plugin launcher.
# 2. Otherwise build them from the Go module proxy at exactly that version into
#    ~/.cache/pulumi-predibase/<version>/bin (override with PULUMI_PREDIBASE_CACHE), once.
#
# Prints the bin directory (the one with `pulumi` and everything above) as its last line;
# scripts/engine-env.mjs puts it first on PATH.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_bin="$root/node_modules/.bin/node"
[ -x "$node_bin" ] || node_bin="node"

wanted="$("$node_bin" "$root/scripts/pulumi-version-rule.mjs")" || exit 1

log() { echo "ensure-engine: $*" >&2; }

version_at_least() { # $1 >= $2, both x.y.z
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

cache="${PULUMI_PREDIBASE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-predibase}/$wanted"
bin="$cache/bin"

need_go() {
  if ! command -v go >/dev/null 2>&1; then
    for candidate in /usr/local/go/bin/go /usr/lib/go/bin/go; do
      [ -x "$candidate" ] && PATH="$(dirname "$candidate"):$PATH" && break
    done
  fi
  command -v go >/dev/null 2>&1 || { log "Go is needed to build the Pulumi engine (apt-get install golang-go)"; exit 1; }
}

# Pulumi YAML's language host: a module of its own (tools/pulumi-yaml), since pulumi-yaml v1.25.0
# is written against pkg/v3 v3.206.0 and does not compile against tools/pulumi's v3.276.0. Its own
# stamp, so neither build ever triggers the other.
yaml_dir="$root/tools/pulumi-yaml"
yaml_stamp="$bin/.yaml"
yaml_hash="$(cat "$yaml_dir/go.mod" "$yaml_dir/go.sum" "$yaml_dir/tools.go" | sha256sum | cut -c1-16)"
yaml_fresh() { [ -f "$yaml_stamp" ] && [ "$(cat "$yaml_stamp")" = "$yaml_hash" ] && [ -x "$bin/pulumi-language-yaml" ]; }
build_yaml() {
  need_go
  mkdir -p "$bin"
  local yaml_version yaml_start
  yaml_version="$(cd "$yaml_dir" && go list -m -f '{{.Version}}' github.com/pulumi/pulumi-yaml)"
  yaml_start=$(date +%s)
  log "compiling pulumi-language-yaml $yaml_version (first time only: 389 s cold on 2 busy cores)"
  (
    cd "$yaml_dir"
    export GOFLAGS="${GOFLAGS:-} -mod=readonly"
    # Into a temporary name, then renamed: another checkout's ensure-engine.sh may be running the
    # binary this replaces.
    go build -trimpath -o "$bin/.pulumi-language-yaml.$$" \
      -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version -s -w" \
      github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
  )
  mv -f "$bin/.pulumi-language-yaml.$$" "$bin/pulumi-language-yaml"
  echo "$yaml_hash" >"$yaml_stamp"
  log "pulumi-language-yaml built in $(( $(date +%s) - yaml_start )) s"
}

# The native plugin's launcher. Every checkout sharing this cache rewrites it with its own path;
# PULUMI_PREDIBASE_ROOT (set by scripts/engine-env.mjs) picks the checkout at run time, so
# concurrent checkouts never run each other's plugin.
write_plugin_launcher() { # $1: the directory
  local quoted_root tmp
  quoted_root="'$(printf '%s' "$root" | sed "s/'/'\\\\''/g")'"
  tmp="$1/.pulumi-resource-predibase.$$"
  cat >"$tmp" <<LAUNCHER
#!/bin/sh
# Written by pulumi-predibase's scripts/ensure-engine.sh: the engine starts the native Predibase
# plugin through this file (found on PATH), with the engine's address as argument.
checkout=$quoted_root
root="\${PULUMI_PREDIBASE_ROOT:-\$checkout}"
main="\$root/dist/provider/plugin/main.js"
if [ ! -f "\$main" ]; then
  echo "pulumi-resource-predibase: \$main is missing: run npm run build in \$root" >&2
  exit 1
fi
node="\$root/node_modules/.bin/node"
[ -x "\$node" ] || node=node
exec "\$node" "\$main" "\$@"
LAUNCHER
  chmod +x "$tmp"
  mv -f "$tmp" "$1/pulumi-resource-predibase"
}

# 1. Tools already on PATH (a developer's own install, or a CI image that has them).
if [ -z "${PULUMI_PREDIBASE_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1 \
  && command -v pulumi-language-nodejs >/dev/null 2>&1 \
  && command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null | sed 's/^v//' || true)"
  if [ -n "$have" ] && [ "${have%%.*}" = "${wanted%%.*}" ] && version_at_least "${have%%-*}" "$wanted"; then
    log "using pulumi $have from PATH ($(command -v pulumi))"
    # One directory with everything, as in branch 2, so callers need no second PATH entry: links
    # to the PATH's tools (resolved, so a link never points at itself), a YAML host, the launcher.
    shim="$cache/from-path/bin"
    mkdir -p "$shim"
    for tool in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
      ln -sfn "$(readlink -f "$(command -v "$tool")")" "$shim/$tool"
    done
    if yaml_on_path="$(command -v pulumi-language-yaml)" && [ "$(readlink -f "$yaml_on_path")" != "$(readlink -f "$shim/pulumi-language-yaml")" ]; then
      ln -sfn "$(readlink -f "$yaml_on_path")" "$shim/pulumi-language-yaml"
    else
      yaml_fresh || build_yaml
      ln -sfn "$bin/pulumi-language-yaml" "$shim/pulumi-language-yaml"
    fi
    write_plugin_launcher "$shim"
    echo "$shim"
    exit 0
  fi
fi

# 2. The engine built here. Two stamps: the CLI (long to build) depends only on the module pins;
# the language host on its own few files, so changing the host rebuilds it alone.
cli_stamp="$bin/.cli"
host_stamp="$bin/.host"
cli_hash="$(cat "$root"/tools/pulumi/go.mod "$root"/tools/pulumi/go.sum | sha256sum | cut -c1-16)"
host_hash="$(cat "$root"/tools/pulumi/go.mod "$root"/tools/pulumi/cmd/*/*.go | sha256sum | cut -c1-16)"
cli_fresh() { [ -f "$cli_stamp" ] && [ "$(cat "$cli_stamp")" = "$cli_hash" ] && [ -x "$bin/pulumi" ]; }
host_fresh() { [ -f "$host_stamp" ] && [ "$(cat "$host_stamp")" = "$host_hash" ] && [ -x "$bin/pulumi-language-nodejs" ]; }

if cli_fresh && host_fresh && [ -x "$bin/pulumi-resource-pulumi-nodejs" ]; then
  log "using cached engine $wanted in $bin"
else
  need_go
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
fi

yaml_fresh || build_yaml
write_plugin_launcher "$bin"
echo "$bin"
