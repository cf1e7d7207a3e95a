#!/usr/bin/env bash
# Starts CNCF Distribution as the registry under test, for checking the end-to-end suite itself:
#   E2E_REGISTRY_CMD='bash {repo}/tests/EndToEnd.Tests/Distribution/run-distribution.sh' \
#     dotnet test tests/EndToEnd.Tests -c Release
# Needs `apt-get install -y --no-install-recommends docker-registry` (not part of CI).
# RegistryProcess exports E2E_PORT and E2E_DATA_DIR.
set -euo pipefail
PATH="${PATH}:/usr/sbin:/usr/bin:/sbin:/bin"
: "${E2E_PORT:?}" "${E2E_DATA_DIR:?}"
# Its S3 driver panics at start when AWS_CA_BUNDLE is set, even though we use the filesystem.
unset AWS_CA_BUNDLE
export REGISTRY_HTTP_ADDR="127.0.0.1:${E2E_PORT}"
export REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY="${E2E_DATA_DIR}"
exec docker-registry serve "${0%/*}/config.yml"
