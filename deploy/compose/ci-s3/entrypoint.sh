#!/bin/bash
# Runs a single-node Ceph cluster with the RADOS Gateway on 0.0.0.0:9000 (see the Dockerfile). The first start
# creates the cluster under /data/ceph; later starts (a restarted or recreated container) start the same
# monitor, OSD and gateway again from there. The S3 user gets MINIO_ROOT_USER / MINIO_ROOT_PASSWORD at every
# start. Daemons log to the container's output; the container stops when one of them does.
# Takes MinIO's command line, `server DIR`, so the service's command stays as it is: the cluster lives in DIR/ceph.
set -Eeuo pipefail
trap 'echo "s3-entrypoint: line $LINENO failed: $BASH_COMMAND" >&2' ERR

data=/data
if [[ "${1:-}" == server && -n "${2:-}" ]]; then data=$2; fi
dir=$data/ceph
access_key=${MINIO_ROOT_USER:-minioadmin}
secret_key=${MINIO_ROOT_PASSWORD:-minioadmin}
conf=(-c "$dir/ceph.conf")

write_config() {
  cat > "$dir/ceph.conf" <<CONF
[global]
fsid = $(cat "$dir/fsid")
mon host = v1:127.0.0.1:6789
public addr = 127.0.0.1
ms bind ipv4 = true
ms bind ipv6 = false
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = /run/ceph
admin socket = /run/ceph/\$name.asok
log file =
log to stderr = true
err to stderr = true
keyring = $dir/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon data avail warn = 2
mon data avail crit = 1
mgr initial modules =
paxos propose interval = 0.05
paxos min wait = 0.01
mon lease = 1
[mon]
mon data = $dir/mon.\$id
# Without a manager the monitor logs a cluster map line every 5 s: its log goes to a file, errors still to stderr.
log to stderr = false
log file = $dir/log/\$name.log
[osd]
osd data = $dir/osd.\$id
osd objectstore = bluestore
bluestore block path = $dir/osd.\$id/block.file
bluestore block create = true
bluestore block size = $((20 << 30))
bluestore fsck on mkfs = false
osd memory target = 939524096
bluestore cache autotune = false
bluestore cache size = 134217728
osd op num shards = 2
osd op num threads per shard = 2
osd class load list = *
osd class default list = *
osd crush update on start = false
osd class update on start = false
# Peering is logged at level 1 for every placement group at every start.
debug osd = 0/5
[client.rgw]
rgw frontends = beast endpoint=0.0.0.0:9000
rgw data = $dir/rgw
rgw enable usage log = false
rgw thread pool size = 64
# As scripts/s3-server.sh: a sharded bucket index keeps object PUTs flat as the bucket grows.
rgw override bucket index max shards = 16
# Errors only: the health check's request every 5 s would fill the log otherwise.
debug rgw = 0/5
CONF
}

# A monitor that has just started can still refuse a command; every command retried here is idempotent.
retry() {
  for _ in $(seq 1 40); do "$@" && return 0; sleep 0.5; done
  echo "s3-entrypoint: gave up: $*" >&2
  return 1
}

pids=()
stop() {
  echo "s3-entrypoint: stopping" >&2
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; wait "${pids[$i]}" 2>/dev/null || true; done
  exit 0
}
trap stop TERM INT

mkdir -p /run/ceph "$dir/log"
if [[ ! -e "$dir/created" ]]; then
  echo "s3-entrypoint: creating the cluster in $dir" >&2
  rm -rf "$dir"
  mkdir -p "$dir/mon.a" "$dir/osd.0" "$dir/rgw" "$dir/log"
  cat /proc/sys/kernel/random/uuid > "$dir/fsid"
  write_config
  ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --fsid "$(cat "$dir/fsid")" --addv a "[v1:127.0.0.1:6789]" "$dir/monmap" >/dev/null
  ceph-mon "${conf[@]}" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring"
else
  echo "s3-entrypoint: starting the cluster in $dir" >&2
  write_config
fi

ceph-mon "${conf[@]}" -f -i a & pids+=($!)
retry ceph "${conf[@]}" --connect-timeout 2 -s >/dev/null

if [[ ! -e "$dir/osd.0/whoami" ]]; then
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  osd_id=$(retry ceph "${conf[@]}" osd new "$osd_uuid")
  ceph-osd "${conf[@]}" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid"
  retry ceph "${conf[@]}" osd crush add "osd.$osd_id" 1.0 root=default host=localhost >/dev/null
fi
ceph-osd "${conf[@]}" -f -i "$(cat "$dir/osd.0/whoami")" & pids+=($!)
retry bash -c "ceph ${conf[*]} osd stat 2>/dev/null | grep -q '1 up'"

radosgw "${conf[@]}" -f -n client.rgw & pids+=($!)
retry curl -s -o /dev/null http://127.0.0.1:9000/
# The user is created once; later starts (re)issue the key, so changed credentials take effect as with MinIO.
if radosgw-admin "${conf[@]}" user info --uid=registry >/dev/null 2>&1; then
  retry radosgw-admin "${conf[@]}" key create --uid=registry --key-type=s3 --access-key="$access_key" \
    --secret-key="$secret_key" >/dev/null
else
  retry radosgw-admin "${conf[@]}" user create --uid=registry --display-name=registry \
    --access-key="$access_key" --secret-key="$secret_key" >/dev/null
fi
touch "$dir/created"
echo "s3-entrypoint: S3 ready on port 9000 (access key $access_key)" >&2

# The container lives as long as all three daemons do.
wait -n "${pids[@]}" || true
echo "s3-entrypoint: a Ceph daemon exited" >&2
stop
