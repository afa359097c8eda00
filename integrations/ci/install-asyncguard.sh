#!/usr/bin/env bash
# Installs a pinned asyncguard release on a Debian 12 / Ubuntu 24.04 CI runner
# without rebuilding it on every run:
#   1. a .deb already in DEB_DIR (the CI cache, keyed on the version) is installed;
#   2. else the release's .deb is downloaded into DEB_DIR;
#   3. else (no release asset for this version) it is built once from SOURCE_DIR
#      with CPack, into DEB_DIR, for the cache to keep.
# Usage: install-asyncguard.sh VERSION DEB_DIR [SOURCE_DIR]
# Env: ASYNCGUARD_RELEASE_URL (default: the GitHub release of VERSION).
set -euo pipefail
version=${1:?version}
deb_dir=${2:?directory for the cached .deb}
source_dir=${3:-}
SUDO=""
[[ $(id -u) == 0 ]] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$deb_dir"
deb="$deb_dir/asyncguard_${version}_amd64.deb"
url=${ASYNCGUARD_RELEASE_URL:-https://github.com/asyncguard/asyncguard/releases/download/v$version/asyncguard_${version}_amd64.deb}

if [[ -s $deb ]]; then
  echo "asyncguard: installing $version from the cache"
elif command -v curl >/dev/null && curl -fsSL --retry 3 -o "$deb.part" "$url"; then
  mv "$deb.part" "$deb"
  echo "asyncguard: downloaded $version"
else
  rm -f "$deb.part"
  [[ -n $source_dir && -f $source_dir/CMakeLists.txt ]] ||
    { echo "asyncguard: no release package at $url and no source to build $version from" >&2; exit 2; }
  have=$(sed -n 's/^project(asyncguard VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
  [[ $have == "$version" ]] ||
    { echo "asyncguard: the source at $source_dir is $have, not the pinned $version" >&2; exit 2; }
  echo "asyncguard: no release package for $version; building it once (the cache keeps it)"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends clang-19 libclang-19-dev llvm-19-dev \
    nlohmann-json3-dev libcli11-dev cmake ninja-build g++ dpkg-dev file >/dev/null
  build=$(mktemp -d)
  cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DASYNCGUARD_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build"
  (cd "$build" && cpack -G DEB -B "$build/package" >/dev/null)
  cp "$build"/package/asyncguard_*.deb "$deb"
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")" >/dev/null
asyncguard --version
