#!/usr/bin/env bash
# A real S3 server for tests and local clusters: single-node Ceph (one monitor, one OSD) with the RADOS Gateway,
# no systemd and no cephx. Starts in a few seconds; all state lives in $CEPH_DIR and is wiped on start.
#
#   scripts/s3-server.sh start   # prints the endpoint when ready
#   scripts/s3-server.sh stop
#
# Settings (environment): CEPH_DIR (default /tmp/orleans-registry-s3), S3_PORT (9000), MON_PORT (46789),
# S3_ACCESS_KEY / S3_SECRET_KEY (minioadmin / minioadmin), OSD_STORE (memstore keeps data in RAM; bluestore
# writes a file under CEPH_DIR for large data), MEMSTORE_BYTES.
# Needs Debian's ceph-mon ceph-osd radosgw ceph-common (scripts/install-test-deps.sh installs them).
set -Eeuo pipefail
trap 'echo "s3-server.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR

CEPH_DIR=${CEPH_DIR:-/tmp/orleans-registry-s3}
S3_PORT=${S3_PORT:-9000}
MON_PORT=${MON_PORT:-46789}
S3_ACCESS_KEY=${S3_ACCESS_KEY:-minioadmin}
S3_SECRET_KEY=${S3_SECRET_KEY:-minioadmin}
OSD_STORE=${OSD_STORE:-memstore}
MEMSTORE_BYTES=${MEMSTORE_BYTES:-$((4 << 30))}

stop() {
  # By recorded PID only, gateway first; radosgw can hang on shutdown, and the state is throwaway.
  for daemon in client.rgw osd.0 mon.a; do
    local pid
    pid=$(cat "$CEPH_DIR/run/$daemon.pid" 2>/dev/null) || continue
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

write_config() {
  cat > "$CEPH_DIR/ceph.conf" <<CONF
[global]
fsid = $1
mon host = v1:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
ms bind ipv4 = true
ms bind ipv6 = false
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = $CEPH_DIR/run
admin socket = $CEPH_DIR/run/\$name.asok
pid file = $CEPH_DIR/run/\$name.pid
log file = $CEPH_DIR/log/\$name.log
keyring = $CEPH_DIR/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon data avail warn = 2
mon data avail crit = 1
mgr initial modules =
# Pool creation at the gateway's first start waits on map commits; shorter intervals make it quick.
paxos propose interval = 0.05
paxos min wait = 0.01
mon lease = 1
osd heartbeat grace = 20
[mon]
mon data = $CEPH_DIR/mon.\$id
[osd]
osd data = $CEPH_DIR/osd.\$id
osd objectstore = $OSD_STORE
memstore device bytes = $MEMSTORE_BYTES
bluestore block path = $CEPH_DIR/osd.\$id/block.file
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
# The OSD's own CRUSH update at boot races the monitor map; the script places it instead.
osd crush update on start = false
osd class update on start = false
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$S3_PORT
rgw data = $CEPH_DIR/rgw
rgw enable usage log = false
rgw thread pool size = 64
# A bucket index of one shard makes every PUT cost more as the bucket grows (a registry's bucket holds a blob per
# layer and manifest); Ceph advises pre-sharding buckets meant to be large. 16 shards keep 1.6 M objects under
# the default 100,000 objects a shard.
rgw override bucket index max shards = 16
CONF
}

# A freshly started monitor can still refuse a command (CI saw "Error EPERM: problem getting command descriptions
# from mon" right after it first answered), so commands on it are retried; each one here is idempotent.
retry() {
  local attempt
  for attempt in $(seq 1 20); do
    "$@" && return 0
    sleep 0.5
  done
  echo "gave up after 20 attempts: $*" >&2
  return 1
}

start_once() {
  stop
  if (echo > "/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null; then
    echo "port $S3_PORT is already in use" >&2
    exit 1
  fi
  rm -rf "$CEPH_DIR"
  mkdir -p "$CEPH_DIR"/{run,log,mon.a,osd.0,rgw}
  local fsid conf
  fsid=$(cat /proc/sys/kernel/random/uuid)
  write_config "$fsid"
  conf=(-c "$CEPH_DIR/ceph.conf")

  ceph-authtool --create-keyring "$CEPH_DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$MON_PORT]" "$CEPH_DIR/monmap" >/dev/null
  ceph-mon "${conf[@]}" --mkfs -i a --monmap "$CEPH_DIR/monmap" --keyring "$CEPH_DIR/keyring"
  ceph-mon "${conf[@]}" -i a
  timeout 60 bash -c "until ceph -c '$CEPH_DIR/ceph.conf' --connect-timeout 2 -s >/dev/null 2>&1; do sleep 0.2; done"

  local osd_uuid osd_id
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  osd_id=$(retry ceph "${conf[@]}" osd new "$osd_uuid")
  ceph-osd "${conf[@]}" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" > "$CEPH_DIR/log/osd-mkfs.log" 2>&1
  retry ceph "${conf[@]}" osd crush add "osd.$osd_id" 1.0 root=default host=localhost >/dev/null 2>&1
  for attempt in 1 2 3; do
    ceph-osd "${conf[@]}" -i "$osd_id" >> "$CEPH_DIR/log/osd-start.log" 2>&1 && break
    echo "ceph-osd did not start (attempt $attempt), retrying" >&2
    sleep 1
  done
  timeout 60 bash -c "until ceph -c '$CEPH_DIR/ceph.conf' osd stat 2>/dev/null | grep -q '1 up'; do sleep 0.2; done"

  radosgw "${conf[@]}" -n client.rgw
  if ! timeout 120 bash -c "until curl -s -o /dev/null http://127.0.0.1:$S3_PORT/; do
      p=\$(cat '$CEPH_DIR/run/client.rgw.pid' 2>/dev/null); [ -z \"\$p\" ] || kill -0 \"\$p\" 2>/dev/null || exit 1; sleep 0.2; done"; then
    echo "radosgw did not start; see $CEPH_DIR/log/client.rgw.log" >&2
    exit 1
  fi
  retry radosgw-admin "${conf[@]}" user create --uid=registry --display-name=registry \
    --access-key="$S3_ACCESS_KEY" --secret-key="$S3_SECRET_KEY" >/dev/null
  # The first bucket creates the data and index pools (about 2 s); do it now rather than in the first test.
  retry curl -sSf -o /dev/null -X PUT -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" "http://127.0.0.1:$S3_PORT/warmup"
  echo "S3 ready at http://127.0.0.1:$S3_PORT (access key $S3_ACCESS_KEY)"
}

# A start that fails for a transient reason is tried once more from scratch; a new bash runs each attempt, so
# that `set -e` holds inside it (it would not in a subshell tested by `if`).
start() {
  local attempt
  for attempt in 1 2; do
    if bash "${BASH_SOURCE[0]}" start-once; then
      return 0
    fi
    echo "s3-server.sh: start attempt $attempt failed" >&2
  done
  stop
  exit 1
}

case "${1:-}" in
  start) start ;;
  start-once) start_once ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
