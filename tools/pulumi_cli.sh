#!/usr/bin/env bash
# tools/pulumi_cli.sh: print the path of a real Pulumi CLI, building it from the Go module proxy
# the first time (cached in ~/.cache/streaming-platform/pulumi-cli/<version>/, reused afterwards).
#
# The CLI is not downloadable here; github.com/pulumi/pulumi/pkg/v3 is served by the Go module
# proxy but carries replace directives, so `go install .../cmd/pulumi@v...` refuses it. A
# throwaway main module requires pkg/v3 and sdk/v3 at one version (with pkg's own clipboard
# replace line) and compiles the three non-test files of pkg/v3/cmd/pulumi. First build:
# ~7 minutes on 2 cores with a warm Go module cache, more with a cold one.
#
# Version: PULUMI_CLI_VERSION, default the served release closest to the pinned Python SDK
# (requirements.txt pins pulumi 3.272.0; the proxy serves pkg/v3 v3.274.0, not 3.272 or 3.273).
# PULUMI_CLI, when set to an executable, is used as it is.
set -euo pipefail
if [ -n "${PULUMI_CLI:-}" ] && [ -x "$PULUMI_CLI" ]; then echo "$PULUMI_CLI"; exit 0; fi
v="${PULUMI_CLI_VERSION:-3.274.0}"
out="${XDG_CACHE_HOME:-$HOME/.cache}/streaming-platform/pulumi-cli/$v"
[ -x "$out/pulumi" ] && { echo "$out/pulumi"; exit 0; }
command -v go >/dev/null || { echo "tools/pulumi_cli.sh: needs Go (the CLI builds from the Go module proxy)" >&2; exit 2; }
echo "building the Pulumi CLI $v from the Go module proxy into $out (once; several minutes) ..." >&2
mkdir -p "$out/src" && cd "$out/src"
go mod download "github.com/pulumi/pulumi/pkg/v3@v$v" >/dev/null
pkg="$(go env GOMODCACHE)/github.com/pulumi/pulumi/pkg/v3@v$v"
for f in main.go pulumi.go doc.go; do cp "$pkg/cmd/pulumi/$f" . && chmod u+w "$f"; done
clipboard=$(grep -E '^replace github.com/atotto/clipboard' "$pkg/go.mod" || true)
cat > go.mod <<MOD
module local/pulumicli

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 v$v
	github.com/pulumi/pulumi/sdk/v3 v$v
)

$clipboard
MOD
go mod tidy >/dev/null 2>&1
go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$v" -o "$out/pulumi.partial" . >&2
mv "$out/pulumi.partial" "$out/pulumi"
echo "$out/pulumi"
