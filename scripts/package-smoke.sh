#!/usr/bin/env bash
# Runs inside a fresh Debian 12 root (scripts/test-package.sh): installs the
# .deb given as $1 with apt, as a user would, then uses it on a copy of the demo
# that is outside any asyncguard checkout: the demo finds the runtime with
# find_package(asyncguard_rt), builds and passes its own test, and
# `asyncguard check` reports exactly the planted findings.
set -euo pipefail
deb=$1
here=$(cd "$(dirname "$0")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
# The user's own build tools, for the demo project's build and compile database.
apt-get install -y -qq --no-install-recommends cmake make g++ >/dev/null
asyncguard --version
config=$(ls /usr/lib/cmake/asyncguard_rt/asyncguard_rtConfig.cmake \
  /usr/lib/*/cmake/asyncguard_rt/asyncguard_rtConfig.cmake 2>/dev/null || true)
[[ -n $config ]] || { echo "package-smoke: no asyncguard_rtConfig.cmake installed"; exit 1; }
test -f /usr/share/asyncguard/integrations/cmake/AsyncGuard.cmake
test -f /usr/share/doc/asyncguard/rules/blocking-sleep.md
demo=$(mktemp -d)/demo
cp -r "$here/testdata/demo" "$demo"
cmake -S "$demo" -B "$demo/build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build "$demo/build" -j2 >/dev/null
"$demo/build/inventory_demo_test" >/dev/null
cd "$demo"
set +e
asyncguard check -p build --format json -o findings.json
code=$?
set -e
[[ $code == 1 ]] || { echo "package-smoke: expected exit 1 (findings), got $code"; exit 1; }
count=$(grep -o '"rule":' findings.json | wc -l)
[[ $count == 7 ]] || { echo "package-smoke: expected the 7 planted findings, got $count"; cat findings.json; exit 1; }
echo "package-smoke: installed package checked the demo: 7 findings, exit 1"
