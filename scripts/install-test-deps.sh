#!/usr/bin/env bash
# Installs the real OCI clients the end-to-end tests drive (Debian 12 packages):
#   skopeo, buildah, podman  containers/image based clients (push, pull, delete, inspect)
#   containerd               containerd's own registry client (ctr against a private daemon the tests start)
#   umoci                    builds OCI images offline, with no daemon and no network
#   docker-registry          CNCF Distribution, the upstream the pull-through tests cache (and the benchmarks' baseline)
#   docker.io                the Docker daemon and its CLI: a private dockerd pulls through the cache as a
#                            `registry-mirrors` mirror, and its BuildKit builds on an image fetched that way
#   apache2-utils            htpasswd, to write the bcrypt password files of the authentication tests
#   jq, curl                 for poking at the registry by hand and in CI diagnostics
#   uidmap                   newuidmap/newgidmap for buildah (also pulled in as its dependency)
#   redis-server             cluster membership, grain state and reminders in the cluster tests
#   ceph-mon ceph-osd radosgw ceph-common
#                            a real S3 server (Ceph RADOS Gateway) for the S3 driver and cluster tests,
#                            started by scripts/s3-server.sh
# The tests run podman and buildah as root with `--storage-driver vfs` and never start a
# container, so fuse-overlayfs, slirp4netns, netavark and containers-storage are NOT needed
# (checked: the suite passes with only the packages below, installed without recommends).
#
# Idempotent: when every tool is already present it does nothing, so local reruns are fast.
set -euo pipefail

packages=(skopeo buildah podman containerd umoci docker-registry docker.io apache2-utils jq curl ca-certificates uidmap redis-server ceph-mon ceph-osd radosgw ceph-common)
# command (or file) that proves each package is installed
checks=(skopeo buildah podman ctr umoci docker-registry /usr/bin/docker htpasswd jq curl /etc/ssl/certs/ca-certificates.crt newuidmap redis-server ceph-mon ceph-osd radosgw ceph)

missing=()
for i in "${!packages[@]}"; do
  check="${checks[$i]}"
  if [[ "$check" == /* ]]; then
    [[ -e "$check" ]] || missing+=("${packages[$i]}")
  else
    command -v "$check" >/dev/null 2>&1 || missing+=("${packages[$i]}")
  fi
done
# The clients refuse to work without a signature policy; it comes with containers-common.
[[ -e /etc/containers/policy.json ]] || missing+=(golang-github-containers-common)

if ((${#missing[@]} == 0)); then
  echo "install-test-deps: all end-to-end test tools are present"
  exit 0
fi

echo "install-test-deps: installing ${missing[*]}"
sudo=()
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: must run as root (or with sudo available)" >&2; exit 1; }
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" </dev/null

for check in "${checks[@]}"; do
  if [[ "$check" == /* ]]; then
    [[ -e "$check" ]] || { echo "install-test-deps: $check still missing after install" >&2; exit 1; }
  else
    command -v "$check" >/dev/null 2>&1 || { echo "install-test-deps: $check still missing after install" >&2; exit 1; }
  fi
done
echo "install-test-deps: done"
