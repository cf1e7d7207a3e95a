#!/usr/bin/env bash
# Validates the deployment files with no Docker engine and no Kubernetes cluster (CI runs it from .ci/run):
#   docker-compose.yml   `docker-compose config -q`: Debian 12's docker-compose 1.29 parses the file against the
#                        Compose specification (services, depends_on conditions, healthchecks, volumes)
#   k8s/, Dockerfiles    scripts/validate_deploy.py: kinds, apiVersions, required fields and cross-references of
#                        the manifests, build files and mounts of the compose file, project paths of the images
#   kustomizations       `kubectl kustomize k8s` and `k8s/dev` render, when kubectl is installed
# Installs docker-compose and python3-yaml from Debian when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's python3, where python3-yaml installs, whatever python3 comes first on PATH.
python=/usr/bin/python3
missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
"$python" -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
if ((${#missing[@]} > 0)); then
  echo "validate-deploy: installing ${missing[*]}"
  sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "validate-deploy: must run as root (or with sudo available)" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

echo "== docker-compose config -q ($(docker-compose version --short))"
docker-compose -f docker-compose.yml config -q

echo "== scripts/validate_deploy.py"
"$python" scripts/validate_deploy.py

if command -v kubectl >/dev/null 2>&1; then
  for dir in k8s k8s/dev; do
    echo "== kubectl kustomize $dir"
    kubectl kustomize "$dir" >/dev/null
  done
else
  echo "== kubectl kustomize: skipped (no kubectl)"
fi
echo "validate-deploy: ok"
