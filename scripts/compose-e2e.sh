#!/usr/bin/env bash
# End-to-end test of docker-compose.yml as users run it: `docker-compose up -d --build` of the whole cluster
# (Redis, S3, two silos, two gateways, nginx), then real clients through nginx, containers killed in the middle of
# uploads, and the whole stack restarted. Run from anywhere, as root, on Debian 12 with the .NET SDK on PATH:
#
#   bash scripts/compose-e2e.sh
#
# What it does, in order (each phase prints its duration; the last line is "N passed, M failed"):
#   1. installs what it needs from Debian's packages (docker.io, docker-compose, debootstrap, skopeo, podman,
#      umoci, containerd's ctr, curl, jq), only what is missing;
#   2. starts a private dockerd whose data root, exec root, socket and pid file live in a temporary directory, on
#      a bridge and address pool of its own (iptables on: builds need NAT to reach the package registries, and
#      compose networks need Docker's DNS); everything it changed (iptables rules, sysctls, bridges) is put back
#      and the daemon is stopped by its PID when the script exits, whatever the outcome;
#   3. makes the base images locally, since no registry that serves them is reachable here: Debian rootfs from
#      Debian's packages (debootstrap), imported as debian:12 and debian:forky, and stand-ins built on them with
#      the exact names the Dockerfiles and the compose file use (scripts/compose-e2e/*.Dockerfile: the .NET SDK and
#      ASP.NET Core runtime copied from this machine's SDK, Debian's Redis, Debian's nginx);
#   4. `docker-compose -f docker-compose.yml -f deploy/compose/ci-s3.override.yml up -d --build`: the override
#      replaces only the minio service by a real S3 server (Ceph RGW, deploy/compose/ci-s3/) since MinIO cannot be
#      installed here; then waits until every service is healthy;
#   5. tests through nginx: /v2/; skopeo push of an image built with umoci, then pulls by skopeo, podman, docker and
#      containerd (ctr), digests compared; podman and docker pushes; `--scale gateway1=2` (nginx finds the added
#      gateway by itself); chunked uploads over raw HTTP (POST, PATCH
#      with Content-Range, PUT ?digest=) during which a silo container is killed (both silos, one after the
#      other, so the upload's grain loses its silo whichever hosts it) and, in another upload, the gateway
#      receiving the chunk is killed; a silo whose process crashes is restarted by the restart policy; then
#      `docker-compose down` (volumes kept) and `up -d`, and everything pushed is pulled again with the same digests.
# On failure every container's log and `docker-compose ps` are printed and kept in ./compose-e2e-logs/.
#
# Settings (environment): DEBIAN_MIRROR (default http://deb.debian.org/debian), COMPOSE_E2E_KEEP=1 leaves the
# temporary directory (not the daemon) for inspection, COMPOSE_E2E_DOCKER_ROOT=DIR keeps the daemon's images and
# build cache in DIR across runs (for quick local reruns; CI leaves it unset and starts from nothing).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

script_started=$SECONDS
phase_name="" phase_started=$SECONDS
timings=()
log() { printf '[compose-e2e %4ds] %s\n' $((SECONDS - script_started)) "$*"; }
end_phase() {
  if [[ -n "$phase_name" ]]; then
    timings+=("$(printf '%5ds  %s' $((SECONDS - phase_started)) "$phase_name")")
    log "-- $phase_name: $((SECONDS - phase_started)) s"
  fi
  phase_name=""
}
phase() { end_phase; phase_name=$1; phase_started=$SECONDS; echo; log "== $phase_name"; }
die() { log "ERROR: $*" >&2; exit 1; }

passed=0 failed=0 failures=()
# Runs one test in a subshell with `set -e` in force (it would not be inside an `if`), counts it, and goes on.
run_test() {
  local name=$1 started=$SECONDS status
  shift
  log "TEST $name"
  set +e
  (set -e; "$@")
  status=$?
  set -e
  if ((status == 0)); then
    passed=$((passed + 1))
    log "PASS $name ($((SECONDS - started)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    log "FAIL $name ($((SECONDS - started)) s)"
  fi
}

[[ "$(id -u)" == 0 ]] || die "must run as root (it starts a Docker daemon and installs packages)"

# ---------------------------------------------------------------------------------------------------------------
phase "packages"
export DEBIAN_FRONTEND=noninteractive
packages=(docker.io docker-compose debootstrap skopeo podman umoci containerd curl jq ca-certificates iptables)
checks=(dockerd docker-compose debootstrap skopeo podman umoci ctr curl jq update-ca-certificates iptables-save)
missing=()
for i in "${!packages[@]}"; do command -v "${checks[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}"); done
# skopeo and podman refuse to work without a signature policy; it comes with containers-common.
[[ -e /etc/containers/policy.json ]] || missing+=(golang-github-containers-common)
if ((${#missing[@]} > 0)); then
  log "installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi
for check in "${checks[@]}"; do command -v "$check" >/dev/null 2>&1 || die "$check is still missing"; done
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet on PATH) is needed: its runtime and SDK go into the stand-in base images"
log "$(dockerd --version), $(docker-compose version --short 2>/dev/null || true) (docker-compose), skopeo $(skopeo --version | awk '{print $3}'), podman $(podman --version | awk '{print $3}'), dotnet $(dotnet --version)"

# ---------------------------------------------------------------------------------------------------------------
work=$(mktemp -d /tmp/compose-e2e.XXXXXX)
project=orleans-registry-e2e
compose_files=(-f docker-compose.yml -f deploy/compose/ci-s3.override.yml)
export DOCKER_HOST="unix://$work/docker.sock"
export COMPOSE_PROJECT_NAME=$project
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
dockerd_pid="" bridge="" restore_iptables=0 sysctls_before=() br_netfilter_loaded_before=1 links_before=""

compose() { docker-compose "${compose_files[@]}" "$@"; }

collect_logs() {
  local dir="$repo/compose-e2e-logs" id name
  rm -rf "$dir"
  mkdir -p "$dir"
  echo
  log "== failure diagnostics (full logs in $dir)"
  compose ps 2>&1 | tee "$dir/ps.txt" || true
  for id in $(docker ps -aq 2>/dev/null); do
    name=$(docker inspect -f '{{.Name}}' "$id" | tr -d /)
    docker logs --timestamps "$id" > "$dir/$name.log" 2>&1 || true
    docker inspect -f '{{json .State}}' "$id" > "$dir/$name.state.json" 2>&1 || true
    echo "---- $name: $(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}} exit={{.State.ExitCode}}' "$id" 2>/dev/null) (last 60 lines)"
    tail -n 60 "$dir/$name.log"
  done
  cp "$work"/*.log "$dir/" 2>/dev/null || true
}

cleanup() {
  local status=$?
  set +e
  trap - ERR
  end_phase
  if [[ -n "$dockerd_pid" ]] && kill -0 "$dockerd_pid" 2>/dev/null; then
    if ((status != 0 || failed > 0)); then collect_logs; fi
    echo
    log "== cleanup"
    timeout 120 docker-compose "${compose_files[@]}" down -v --remove-orphans >/dev/null 2>&1
    log "stopping dockerd (pid $dockerd_pid)"
    kill "$dockerd_pid"
    for _ in $(seq 1 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$dockerd_pid" 2>/dev/null; then
      log "dockerd still running after 30 s: SIGKILL"
      kill -9 "$dockerd_pid" 2>/dev/null
    fi
    log "dockerd stopped"
  fi
  # Its containerd and shims, should they outlive it: by PID, found by the work directory in their command line.
  for proc in /proc/[0-9]*; do
    [[ "${proc#/proc/}" == "$$" || "${proc#/proc/}" == "$BASHPID" ]] && continue
    if tr '\0' ' ' < "$proc/cmdline" 2>/dev/null | grep -q -- "$work/"; then kill -9 "${proc#/proc/}" 2>/dev/null; fi
  done
  # Whatever the daemon left mounted under the work directory (overlay layers, network namespaces).
  grep -o -e " $work/[^ ]*" -e " ${data_root:-$work}/[^ ]*" /proc/mounts 2>/dev/null | sort -ru | xargs -r -n 1 umount -l 2>/dev/null
  if ((restore_iptables)); then
    iptables-restore < "$work/iptables.before"
    for entry in "${sysctls_before[@]}"; do echo "${entry#*=}" > "${entry%%=*}"; done
    # The daemon loads br_netfilter, which sends bridged traffic through iptables; it may not be unloadable here
    # (no modprobe), so at least its switches go back to off.
    if ((!br_netfilter_loaded_before)) && [[ -d /proc/sys/net/bridge ]]; then
      modprobe -r br_netfilter 2>/dev/null ||
        for f in /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/bridge/bridge-nf-call-ip6tables; do echo 0 > "$f"; done
    fi
  fi
  # Bridges the daemon created for its networks, and its default bridge.
  for link in $(ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}'); do
    grep -qx "$link" <<< "$links_before" || ip link delete "$link" 2>/dev/null
  done
  if [[ "${COMPOSE_E2E_KEEP:-}" == 1 ]]; then log "kept $work"; else rm -rf "$work"; fi
  echo
  log "durations:"
  printf '  %s\n' "${timings[@]}"
  printf '  %5ds  total\n' $((SECONDS - script_started))
  if ((status != 0 && passed + failed == 0)); then failed=1; failures+=("setup (exit $status)"); fi
  ((failed == 0)) || log "failed: ${failures[*]}"
  echo "compose-e2e: $passed passed, $failed failed"
  ((status == 0 && failed == 0)) || exit 1
}
trap cleanup EXIT
trap 'log "line $LINENO failed: $BASH_COMMAND" >&2' ERR

# ---------------------------------------------------------------------------------------------------------------
phase "private dockerd"
# The daemon changes iptables and a few sysctls: keep what was there to put it back. Listing a table loads it, so
# that the snapshot covers both tables Docker writes to.
iptables -t nat -S >/dev/null && iptables -t filter -S >/dev/null
iptables-save > "$work/iptables.before"
restore_iptables=1
[[ -d /proc/sys/net/bridge ]] || br_netfilter_loaded_before=0
for f in /proc/sys/net/ipv4/ip_forward /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/bridge/bridge-nf-call-ip6tables; do
  [[ -e "$f" ]] && sysctls_before+=("$f=$(cat "$f")")
done
links_before=$(ip -o link show type bridge | awk -F': ' '{print $2}')
# An address block no route uses yet: its last /24 for the default bridge, the rest for compose networks.
block=""
for octet in $(seq 29 -1 18); do
  if ! ip -4 route | grep -q "^172\.$octet\."; then block=172.$octet; break; fi
done
[[ -n "$block" ]] || die "no free 172.18-29.0.0/16 block for the daemon's networks"
bridge="ce2e$$"
bridge=${bridge:0:15}
ip link add name "$bridge" type bridge
ip addr add "$block.255.1/24" dev "$bridge"
ip link set "$bridge" up
echo '{}' > "$work/daemon.json"
data_root=${COMPOSE_E2E_DOCKER_ROOT:-$work/data}
mkdir -p "$data_root" "$work/exec"
dockerd --config-file "$work/daemon.json" --data-root "$data_root" --exec-root "$work/exec" \
  --pidfile "$work/docker.pid" -H "$DOCKER_HOST" --bridge "$bridge" \
  --default-address-pool "base=$block.0.0/17,size=24" > "$work/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 1 60); do
  docker version >/dev/null 2>&1 && break
  kill -0 "$dockerd_pid" 2>/dev/null || { tail -n 20 "$work/dockerd.log"; die "dockerd exited"; }
  sleep 0.5
done
docker version >/dev/null 2>&1 || { tail -n 20 "$work/dockerd.log"; die "dockerd did not answer on $DOCKER_HOST"; }
log "dockerd $(docker version -f '{{.Server.Version}}') pid $dockerd_pid, storage $(docker info -f '{{.Driver}}'), bridge $bridge $block.255.1/24, networks from $block.0.0/17, socket $DOCKER_HOST"

# ---------------------------------------------------------------------------------------------------------------
phase "base images (Debian rootfs and stand-ins)"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The names the production files use; each gets a stand-in, or the test stops here.
compose_images=$(docker-compose -f docker-compose.yml config | awk '$1 == "image:" {print $2}' | sort -u)
dockerfile_images=$(awk 'toupper($1) == "FROM" {print $2}' src/*/Dockerfile | sort -u)
sdk_image="" aspnet_image="" redis_image="" nginx_image=""
for image in $compose_images $dockerfile_images; do
  case "$image" in
    mcr.microsoft.com/dotnet/sdk:*) sdk_image=$image ;;
    mcr.microsoft.com/dotnet/aspnet:*) aspnet_image=$image ;;
    redis:*) redis_image=$image ;;
    nginx:*) nginx_image=$image ;;
    minio/minio:*) ;;            # replaced by deploy/compose/ci-s3.override.yml
    orleans-registry-*) ;;       # built from src/*/Dockerfile
    *) die "no stand-in for $image (named in docker-compose.yml or src/*/Dockerfile): add one to scripts/compose-e2e/" ;;
  esac
done
[[ -n "$sdk_image" && -n "$aspnet_image" && -n "$redis_image" && -n "$nginx_image" ]] ||
  die "expected an SDK and an ASP.NET Core image in the Dockerfiles, Redis and nginx in docker-compose.yml"
# The .NET stand-ins carry this machine's SDK: only under the tag of its own version.
sdk_version=$(dotnet --version)
runtime_version=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" {print $2}' | sort -V | tail -n 1)
for image in "$sdk_image" "$aspnet_image"; do
  [[ "${sdk_version%.*}" == "${image##*:}" || "${sdk_version%.*.*}.0" == "${image##*:}" ]] ||
    die "$image names .NET ${image##*:}; this machine's SDK is $sdk_version"
done

# Debian 12 for .NET, Redis and Ceph; Debian forky (testing) for nginx: nginx.conf needs nginx 1.27.3 or later,
# and Debian 12 has 1.22. debootstrap's script for testing is sid's. Both run at once; each is about a minute.
rootfs_pids=()
for suite in bookworm forky; do
  if docker image inspect "debian:${suite/bookworm/12}" >/dev/null 2>&1; then
    log "debian:${suite/bookworm/12} is already in $data_root"
    continue
  fi
  log "debootstrap $suite from $mirror"
  (
    script=()
    [[ "$suite" == forky ]] && script=(/usr/share/debootstrap/scripts/sid)
    debootstrap --variant=minbase "$suite" "$work/rootfs-$suite" "$mirror" "${script[@]}" \
      > "$work/debootstrap-$suite.log" 2>&1 || { tail -n 20 "$work/debootstrap-$suite.log"; exit 1; }
    tar -C "$work/rootfs-$suite" -c . | docker import - "debian:${suite/bookworm/12}" >/dev/null
    rm -rf "$work/rootfs-$suite"
  ) &
  rootfs_pids+=($!)
done
for pid in "${rootfs_pids[@]}"; do wait "$pid" || die "debootstrap failed"; done
log "debian:12 ($(docker run --rm debian:12 cat /etc/debian_version)) and debian:forky ($(docker run --rm debian:forky cat /etc/debian_version))"

# The build context of the .NET stand-ins: this machine's dotnet folder (hard links, no copy), and the
# certificate authorities the machine adds to its trust store.
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
mkdir -p "$work/dotnet-context/ca-certificates"
cp -al "$dotnet_root" "$work/dotnet-context/dotnet" 2>/dev/null || cp -a "$dotnet_root" "$work/dotnet-context/dotnet"
if [[ -d /usr/local/share/ca-certificates ]]; then
  cp -a /usr/local/share/ca-certificates/. "$work/dotnet-context/ca-certificates/"
fi
build_standin() {
  local tag=$1 dockerfile=$2 context=$3
  shift 3
  if ! docker build -f "scripts/compose-e2e/$dockerfile" -t "$tag" "$@" "$context" > "$work/build-$dockerfile.log" 2>&1; then
    tail -n 30 "$work/build-$dockerfile.log"
    die "building $tag from scripts/compose-e2e/$dockerfile failed"
  fi
  log "built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1 / 1e6}')) from scripts/compose-e2e/$dockerfile"
}
build_standin "$aspnet_image" dotnet-aspnet.Dockerfile "$work/dotnet-context" --build-arg "DOTNET_VERSION=$runtime_version"
build_standin "$sdk_image" dotnet-sdk.Dockerfile "$work/dotnet-context" --build-arg "DOTNET_SDK_VERSION=$sdk_version" \
  --build-arg "NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-}"
build_standin "$redis_image" redis.Dockerfile scripts/compose-e2e
build_standin "$nginx_image" nginx.Dockerfile scripts/compose-e2e
rm -rf "$work/dotnet-context"

# ---------------------------------------------------------------------------------------------------------------
phase "docker-compose up -d --build"
# Port 5000 may be taken on this machine (another registry, a test): the compose file lets it move.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 30000))
  if ! (exec 3<> "/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || die "no free port"
export REGISTRY_PORT=$port
registry="127.0.0.1:$port"
base="http://$registry"

wait_healthy() { # [timeout seconds] [container ids...]: every container running and healthy
  local deadline=$((SECONDS + ${1:-300})) ids state bad
  shift || true
  while true; do
    ids=${*:-$(compose ps -q)}
    bad=""
    for id in $ids; do
      state=$(docker inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}' "$id")
      [[ "$state" == *" running healthy" ]] || bad+="${state#/}; "
    done
    [[ -n "$ids" && -z "$bad" ]] && return 0
    if ((SECONDS >= deadline)); then
      log "not healthy in time: $bad"
      for id in $ids; do
        echo "  $(docker inspect -f '{{.Name}}' "$id"): last health check output: $(docker inspect -f \
          '{{if .State.Health}}{{range .State.Health.Log}}{{.Output}}{{end}}{{end}}' "$id" 2>/dev/null | tail -c 300)"
      done
      return 1
    fi
    sleep 2
  done
}
container() { compose ps -q "$1"; }

log "building and starting (log: compose-up.log); the registry will be on $base"
if ! timeout 1800 docker-compose "${compose_files[@]}" up -d --build > "$work/compose-up.log" 2>&1; then
  tail -n 40 "$work/compose-up.log"
  # compose names a container by its id only: say which services are not healthy, and why.
  [[ -z "$(compose ps -q 2>/dev/null)" ]] || wait_healthy 0 || true
  die "docker-compose up failed"
fi
grep -E '^(Successfully tagged|Creating|Step [0-9]+/[0-9]+ : RUN dotnet)' "$work/compose-up.log" | sed 's/^/  /' | sort -u
log "containers created; waiting for every service to be healthy"
wait_healthy 300 || die "the stack did not become healthy"
compose ps

# ---------------------------------------------------------------------------------------------------------------
phase "clients through nginx"
# Credentials of the clients: none, and none of the machine's.
export REGISTRY_AUTH_FILE="$work/auth.json"
echo '{"auths": {}}' > "$REGISTRY_AUTH_FILE"
podman_flags=(--root "$work/podman/root" --runroot "$work/prun" --storage-driver vfs --cgroup-manager cgroupfs
  --events-backend file)
mkdir -p "$work/blobs"

test_v2() {
  local headers
  headers=$(curl -fsS -D - -o /dev/null "$base/v2/")
  grep -qi '^docker-distribution-api-version: registry/2.0' <<< "$headers"
  curl -fsS "$base/healthz" >/dev/null
}
run_test "GET /v2/ through nginx" test_v2

# An image made offline with umoci: a 24 MiB layer of random bytes (more than one 16 MiB S3 part) and a small one.
make_image() {
  cd "$work"
  umoci init --layout oci
  umoci new --image oci:app
  umoci unpack --image oci:app bundle >/dev/null
  head -c $((24 << 20)) /dev/urandom > bundle/rootfs/random.bin
  umoci repack --image oci:app bundle
  echo "compose-e2e $(date -u +%FT%TZ)" > bundle/rootfs/hello.txt
  umoci repack --image oci:app bundle
  umoci config --image oci:app --config.cmd /hello.txt
  skopeo inspect --raw oci:oci:app | sha256sum | awk '{print "sha256:" $1}' > "$work/app.digest"
}
(make_image) >/dev/null
app_digest=$(cat "$work/app.digest")
log "built oci:app with umoci: $app_digest"

test_skopeo_push_pull() {
  skopeo copy -q --dest-tls-verify=false oci:"$work/oci":app "docker://$registry/e2e/app:1.0"
  local remote
  remote=$(skopeo inspect --tls-verify=false --raw "docker://$registry/e2e/app:1.0" | sha256sum | awk '{print "sha256:" $1}')
  [[ "$remote" == "$app_digest" ]] || { log "manifest read back as $remote, pushed $app_digest"; return 1; }
  [[ "$(skopeo inspect --tls-verify=false "docker://$registry/e2e/app:1.0" | jq -r .Digest)" == "$app_digest" ]]
  rm -rf "$work/pulled"
  skopeo copy -q --src-tls-verify=false "docker://$registry/e2e/app@$app_digest" dir:"$work/pulled"
  # Every blob skopeo wrote is named by its digest: check the bytes.
  local blob
  for blob in $(jq -r '.config.digest, .layers[].digest' "$work/pulled/manifest.json"); do
    [[ "sha256:$(sha256sum "$work/pulled/${blob#sha256:}" | awk '{print $1}')" == "$blob" ]] ||
      { log "blob $blob pulled with wrong bytes"; return 1; }
  done
  log "skopeo pushed and pulled $app_digest ($(jq '[.layers[].size] | add' "$work/pulled/manifest.json") bytes of layers)"
}
run_test "skopeo push, inspect and pull (digests compared)" test_skopeo_push_pull

test_podman() {
  podman "${podman_flags[@]}" pull -q --tls-verify=false "$registry/e2e/app:1.0" >/dev/null
  local digest
  digest=$(podman "${podman_flags[@]}" image inspect --format '{{.Digest}}' "$registry/e2e/app:1.0")
  [[ "$digest" == "$app_digest" ]] || { log "podman pulled $digest, expected $app_digest"; return 1; }
  podman "${podman_flags[@]}" tag "$registry/e2e/app:1.0" "$registry/e2e/podman:1.0"
  podman "${podman_flags[@]}" push -q --tls-verify=false --digestfile "$work/podman.digest" "$registry/e2e/podman:1.0"
  local pushed remote
  pushed=$(cat "$work/podman.digest")
  remote=$(skopeo inspect --tls-verify=false --raw "docker://$registry/e2e/podman:1.0" | sha256sum | awk '{print "sha256:" $1}')
  [[ "$pushed" == "$remote" ]] || { log "podman pushed $pushed, the registry serves $remote"; return 1; }
  echo "$pushed" > "$work/podman-pushed.digest"
  log "podman pulled $digest and pushed e2e/podman:1.0 as $pushed"
}
run_test "podman pull and push (digests compared)" test_podman

test_docker() {
  # The private daemon is a client too: docker treats 127.0.0.0/8 as an insecure registry by default.
  head -c $((3 << 20)) /dev/urandom > "$work/docker-layer.bin"
  tar -C "$work" -cf - docker-layer.bin | docker import - "$registry/e2e/docker:1.0" >/dev/null
  docker push -q "$registry/e2e/docker:1.0" >/dev/null
  local pushed pulled
  pushed=$(docker image inspect -f '{{index .RepoDigests 0}}' "$registry/e2e/docker:1.0")
  docker rmi -f "$registry/e2e/docker:1.0" >/dev/null
  docker pull -q "$registry/e2e/docker:1.0" >/dev/null
  pulled=$(docker image inspect -f '{{index .RepoDigests 0}}' "$registry/e2e/docker:1.0")
  [[ "$pushed" == "$pulled" ]] || { log "docker pushed $pushed, pulled $pulled"; return 1; }
  docker pull -q "$registry/e2e/app:1.0" >/dev/null
  [[ "$(docker image inspect -f '{{index .RepoDigests 0}}' "$registry/e2e/app:1.0")" == "$registry/e2e/app@$app_digest" ]]
  echo "${pushed#*@}" > "$work/docker-pushed.digest"
  log "docker pushed and pulled ${pushed#*@}, pulled e2e/app:1.0 as $app_digest"
}
run_test "docker push and pull (digests compared)" test_docker

test_containerd() {
  # containerd's own client, against the containerd the private dockerd runs.
  local ctr=(ctr --address "$work/exec/containerd/containerd.sock" --namespace compose-e2e)
  "${ctr[@]}" images pull --plain-http "$registry/e2e/app:1.0" >/dev/null
  local digest
  digest=$("${ctr[@]}" images ls | awk -v ref="$registry/e2e/app:1.0" '$1 == ref {print $3}')
  [[ "$digest" == "$app_digest" ]] || { log "ctr pulled $digest, expected $app_digest"; return 1; }
  log "ctr pulled e2e/app:1.0 as $digest"
}
run_test "containerd (ctr) pull (digest compared)" test_containerd

test_scale_gateways() {
  # `--scale` adds gateway containers under the same service name; nginx re-resolves it (resolve, valid=5s) and
  # sends them requests without a reload.
  compose up -d --no-recreate --scale gateway1=2 > "$work/compose-scale.log" 2>&1
  local added
  added=$(docker ps -q --filter "label=com.docker.compose.project=$project" \
    --filter label=com.docker.compose.service=gateway1 --filter label=com.docker.compose.container-number=2)
  [[ -n "$added" ]] || { log "no second gateway1 container"; return 1; }
  wait_healthy 180
  sleep 6
  local i
  for i in $(seq 1 30); do curl -fsS -o /dev/null "$base/v2/e2e/app/tags/list"; done
  local served
  served=$(docker logs "$added" 2>&1 | grep -c '/v2/e2e/app/tags/list' || true)
  ((served > 0)) || { log "the added gateway served none of 30 requests"; return 1; }
  log "the added gateway served $served of 30 requests; scaling back to one gateway1"
  compose up -d --no-recreate --scale gateway1=1 >> "$work/compose-scale.log" 2>&1
  [[ -z "$(docker ps -aq --filter "id=$added")" ]]
  # nginx may still send a request to the removed gateway's address until it re-resolves (valid=5s).
  sleep 6
}
run_test "docker-compose up --scale gateway1=2: nginx sends requests to the added gateway" test_scale_gateways

# ---------------------------------------------------------------------------------------------------------------
phase "chunked uploads with killed containers"
# A blob pushed in several PATCH requests with Content-Range, as the OCI spec's chunked upload: a client that loses
# a chunk asks the upload's offset (GET, 204 with Range) and sends again from there, with backoff, as a real
# client does. $1 repository, $2 file, $3 chunk size, then "INDEX:RATE:ACTION" triggers: before sending chunk
# INDEX, run ACTION in the background and send that chunk at RATE (curl --limit-rate) so that it is in flight.
location_of() { tr -d '\r' < "$1" | awk 'tolower($1) == "location:" {print $2}' | tail -n 1; }
header_of() { tr -d '\r' < "$1" | awk -v h="$(tr '[:upper:]' '[:lower:]' <<< "$2"):" 'tolower($1) == h {print $2}' | tail -n 1; }
absolute() { if [[ "$1" == http* ]]; then echo "$1"; else echo "$base$1"; fi; }

chunked_upload() {
  local repository=$1 file=$2 chunk=$3
  shift 3
  local size digest url offset=0 index=0 attempt=0 status rate action trigger killer="" deadline
  size=$(stat -c %s "$file")
  digest="sha256:$(sha256sum "$file" | awk '{print $1}')"
  status=$(curl -sS -X POST -D "$work/h" -o /dev/null -w '%{http_code}' "$base/v2/$repository/blobs/uploads/")
  [[ "$status" == 202 ]] || { log "POST upload: $status"; return 1; }
  url=$(absolute "$(location_of "$work/h")")
  deadline=$((SECONDS + 300))
  while ((offset < size)); do
    ((SECONDS < deadline)) || { log "upload not done after 300 s"; return 1; }
    local end=$((offset + chunk < size ? offset + chunk - 1 : size - 1))
    rate=""
    for trigger in "$@"; do
      IFS=: read -r t_index t_rate t_action <<< "$trigger"
      if ((t_index == index && attempt == 0)); then
        rate=$t_rate
        action=$t_action
        log "chunk $index ($offset-$end) at $rate/s while: $action"
        "$action" &
        killer=$!
      fi
    done
    dd if="$file" of="$work/chunk" iflag=skip_bytes,count_bytes skip="$offset" count=$((end - offset + 1)) bs=1M status=none
    status=$(curl -sS -X PATCH -D "$work/h" -o "$work/body" -w '%{http_code}' ${rate:+--limit-rate "$rate"} \
      -H 'Content-Type: application/octet-stream' -H "Content-Range: $offset-$end" \
      --data-binary @"$work/chunk" "$url" 2>"$work/curl.err") || status="curl-$?"
    if [[ -n "$killer" ]]; then wait "$killer" || { log "the action during chunk $index failed"; return 1; }; killer=""; fi
    if [[ "$status" == 202 ]]; then
      [[ "$(header_of "$work/h" Range)" == "0-$end" ]] || { log "PATCH answered Range $(header_of "$work/h" Range), expected 0-$end"; return 1; }
      url=$(absolute "$(location_of "$work/h")")
      offset=$((end + 1)) index=$((index + 1)) attempt=0
      continue
    fi
    # Lost or refused: back off, ask the registry where the upload stands, and go on from there.
    attempt=$((attempt + 1))
    local wait_s=$((attempt < 5 ? 1 << (attempt - 1) : 16))
    log "chunk $index ($offset-$end): $status $(head -c 200 "$work/body" 2>/dev/null | tr -d '\n') $(cat "$work/curl.err"); asking the offset in ${wait_s} s"
    sleep "$wait_s"
    status=$(curl -sS -D "$work/h" -o /dev/null -w '%{http_code}' "$url" 2>/dev/null) || status=error
    if [[ "$status" == 204 ]]; then
      local range
      range=$(header_of "$work/h" Range)
      offset=$(( ${range#*-} + 1 ))
      [[ -n "$range" ]] || offset=0
      url=$(absolute "$(location_of "$work/h")")
      log "upload stands at $offset bytes (Range: ${range:-none})"
      # The same chunk index resumes where the registry says; its trigger does not fire again.
    else
      log "GET upload: $status"
    fi
  done
  local sep='?'
  [[ "$url" == *\?* ]] && sep='&'
  for attempt in 1 2 3 4 5 6; do
    status=$(curl -sS -X PUT -D "$work/h" -o "$work/body" -w '%{http_code}' "$url${sep}digest=$digest") || status=error
    [[ "$status" == 201 ]] && break
    log "PUT ?digest=: $status $(head -c 200 "$work/body"); retrying"
    sleep $((attempt * 2))
  done
  [[ "$status" == 201 ]] || return 1
  [[ "$(header_of "$work/h" Docker-Content-Digest)" == "$digest" ]] || { log "Docker-Content-Digest $(header_of "$work/h" Docker-Content-Digest)"; return 1; }
  local served
  served="sha256:$(curl -fsS "$base/v2/$repository/blobs/$digest" | sha256sum | awk '{print $1}')"
  [[ "$served" == "$digest" ]] || { log "blob served as $served, expected $digest"; return 1; }
  log "uploaded $size bytes in $index chunks to $repository: $digest, read back identical"
  echo "$repository $digest" >> "$work/chunked.blobs"
}

kill_after() { # $1 seconds, $2 service: docker kill of that service's container in the middle of the chunk
  local id
  id=$(container "$2")
  sleep "$1"
  log "docker kill $2"
  docker kill "$id" >/dev/null
}
kill_silo1() { kill_after 3 silo1; }
kill_silo2() { kill_after 3 silo2; }
# The gateway that receives the chunk's bytes: the one whose network interface counts them.
rx_bytes() { awk '$1 ~ /^eth0:/ {sub(/^eth0:/, "", $1); print ($1 == "" ? $2 : $1)}' "/proc/$1/net/dev"; }
kill_receiving_gateway() {
  local g1 g2 p1 p2 a1 a2 b1 b2
  g1=$(container gateway1) g2=$(container gateway2)
  p1=$(docker inspect -f '{{.State.Pid}}' "$g1") p2=$(docker inspect -f '{{.State.Pid}}' "$g2")
  sleep 2
  a1=$(rx_bytes "$p1") a2=$(rx_bytes "$p2")
  sleep 1
  b1=$(rx_bytes "$p1") b2=$(rx_bytes "$p2")
  local d1=$((b1 - a1)) d2=$((b2 - a2)) victim id
  if ((d1 > d2 && d1 > 100000)); then victim=gateway1 id=$g1; elif ((d2 > 100000)); then victim=gateway2 id=$g2; else
    log "no gateway is receiving the chunk (received $d1 and $d2 bytes in 1 s)"; return 1
  fi
  log "docker kill $victim (receiving the chunk: $d1 and $d2 bytes in 1 s into gateway1 and gateway2)"
  docker kill "$id" >/dev/null
  echo "$victim" > "$work/killed-gateway"
}
# In between, the killed silo comes back (docker kill is a manual stop: the restart policy leaves it down).
start_silo1() {
  log "docker start silo1; waiting for it to be healthy"
  docker start "$(container silo1)" >/dev/null
  wait_healthy 180 "$(container silo1)"
}

test_chunked_silo_kill() {
  head -c $((36 << 20)) /dev/urandom > "$work/blobs/silos.bin"
  # 6 chunks of 6 MiB: chunk 1 is in flight when silo1 dies, chunk 2 after silo1 is back, chunk 4 in flight
  # when silo2 dies. The upload's grain was on one of them, so it lost its silo at least once.
  chunked_upload e2e/chunked "$work/blobs/silos.bin" $((6 << 20)) "1:1M:kill_silo1" "2:1M:start_silo1" "4:1M:kill_silo2"
  log "docker start silo2"
  docker start "$(container silo2)" >/dev/null
  wait_healthy 180
}
run_test "chunked upload completes while each silo is killed in turn (docker kill)" test_chunked_silo_kill

test_chunked_gateway_kill() {
  head -c $((30 << 20)) /dev/urandom > "$work/blobs/gateway.bin"
  chunked_upload e2e/chunked "$work/blobs/gateway.bin" $((6 << 20)) "2:1M:kill_receiving_gateway"
  local victim
  victim=$(cat "$work/killed-gateway")
  log "docker start $victim"
  docker start "$(container "$victim")" >/dev/null
  wait_healthy 180
}
run_test "chunked upload completes when the gateway receiving a chunk is killed (docker kill)" test_chunked_gateway_kill

test_crash_restart() {
  # A crash, not a stop: SIGKILL to the silo's process from outside. The restart policy brings it back.
  local id pid started
  id=$(container silo1)
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  started=$(docker inspect -f '{{.State.StartedAt}}' "$id")
  log "kill -KILL $pid (silo1's dotnet process)"
  kill -KILL "$pid"
  local deadline=$((SECONDS + 60))
  until [[ "$(docker inspect -f '{{.State.StartedAt}}' "$id")" != "$started" ]]; do
    ((SECONDS < deadline)) || { log "silo1 was not restarted within 60 s"; return 1; }
    sleep 1
  done
  wait_healthy 180
  # And the cluster serves.
  skopeo inspect --tls-verify=false --raw "docker://$registry/e2e/app:1.0" >/dev/null
  log "silo1 was restarted by its policy and is healthy again"
}
run_test "a crashed silo is restarted by restart: unless-stopped" test_crash_restart

# ---------------------------------------------------------------------------------------------------------------
phase "docker-compose down (volumes kept), up -d, pull again"
test_restart_stack() {
  # down removes the containers and their logs: keep them for the diagnostics.
  compose logs --no-color --timestamps > "$work/logs-before-down.log" 2>&1
  compose down > "$work/compose-down.log" 2>&1
  [[ -z "$(compose ps -q)" ]]
  compose up -d > "$work/compose-up-again.log" 2>&1
  wait_healthy 300
  local remote
  remote=$(skopeo inspect --tls-verify=false --raw "docker://$registry/e2e/app:1.0" | sha256sum | awk '{print "sha256:" $1}')
  [[ "$remote" == "$app_digest" ]] || { log "after restart e2e/app:1.0 is $remote, was $app_digest"; return 1; }
  rm -rf "$work/pulled-again"
  skopeo copy -q --src-tls-verify=false "docker://$registry/e2e/app:1.0" oci:"$work/pulled-again":app
  [[ "$(skopeo inspect --raw oci:"$work/pulled-again":app | sha256sum | awk '{print "sha256:" $1}')" == "$app_digest" ]]
  podman "${podman_flags[@]}" rmi -a -f >/dev/null
  podman "${podman_flags[@]}" pull -q --tls-verify=false "$registry/e2e/podman:1.0" >/dev/null
  [[ "$(podman "${podman_flags[@]}" image inspect --format '{{.Digest}}' "$registry/e2e/podman:1.0")" == "$(cat "$work/podman-pushed.digest")" ]]
  docker rmi -f "$registry/e2e/docker:1.0" >/dev/null
  docker pull -q "$registry/e2e/docker:1.0" >/dev/null
  [[ "$(docker image inspect -f '{{index .RepoDigests 0}}' "$registry/e2e/docker:1.0")" == *"@$(cat "$work/docker-pushed.digest")" ]]
  local repository digest served
  while read -r repository digest; do
    served="sha256:$(curl -fsS "$base/v2/$repository/blobs/$digest" | sha256sum | awk '{print $1}')"
    [[ "$served" == "$digest" ]] || { log "$repository blob $digest served as $served after restart"; return 1; }
  done < "$work/chunked.blobs"
  local tags
  tags=$(curl -fsS "$base/v2/e2e/app/tags/list" | jq -c .tags)
  [[ "$tags" == '["1.0"]' ]] || { log "tags/list: $tags"; return 1; }
  log "after down and up: e2e/app, e2e/podman, e2e/docker and $(wc -l < "$work/chunked.blobs") chunked blobs pulled with the same digests"
}
run_test "docker-compose down and up: everything pulls again with the same digests" test_restart_stack
end_phase
