#!/usr/bin/env python3
"""Failover figures of a local cluster, measured end to end as a client sees them (docs/benchmarks.md).

Starts the cluster of docs/deployment.md ("A local cluster without containers") with the documented defaults:
redis-server, an S3 server (scripts/s3-server.sh), two silos and two gateways from their Release builds. Then,
for --rounds rounds each:

  gateway   an upload's first MiB is accepted at gateway 2; the next chunk streams to gateway 1, which is killed
            (SIGKILL) once it holds the chunk's write lease and has written a part; then the time from the kill
            until gateway 2 accepts the chunk (PATCH retried every 0.1 s while the upload answers 400), and the
            upload must complete with the right digest
  silo      eight uploads each have a chunk accepted; a silo is killed (SIGKILL, the two in turn); then the time
            from the kill until every upload accepted its next chunk (those whose session lived on the dead silo
            are the slowest)
  restart   every silo and gateway is killed at once, all are started again; the time until a gateway serves a
            tag list pushed before

Prints every round, then the median, minimum and maximum of each. Needs redis-server and Ceph
(scripts/install-test-deps.sh) and `dotnet build src/Silo src/Gateway -c Release`. Uses only loopback ports.

  python3 bench/failover.py [--rounds 10] [--only gateway,silo,restart] [--logs DIR]
"""
import argparse
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=60):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Process:
    """One silo or gateway, started and restarted with the same settings, its output appended to a log."""

    def __init__(self, name, args, env, log):
        self.name, self.args, self.env, self.log, self.process = name, args, env, log, None

    def start(self):
        with open(self.log, "ab") as log:
            log.write(f"=== {time.strftime('%H:%M:%S')} starting {self.name}\n".encode())
            self.process = subprocess.Popen(self.args, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, cwd=self.log.parent)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.process = None

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None


class Cluster:
    def __init__(self, logs):
        self.logs = logs
        self.redis_port, self.s3_port = free_port(), free_port()
        self.s3_env = {**os.environ, "S3_PORT": str(self.s3_port), "MON_PORT": str(free_port()),
                       "CEPH_DIR": str(logs / "ceph")}
        shared = {
            **os.environ,
            "Registry__Cluster__Redis": f"127.0.0.1:{self.redis_port}",
            "Registry__Cluster__ClusterId": "bench",
            "Registry__Cluster__AdvertisedAddress": "127.0.0.1",
            "Registry__Storage__Kind": "S3",
            "Registry__Storage__S3__ServiceUrl": f"http://127.0.0.1:{self.s3_port}",
            "Registry__Storage__S3__AccessKey": "minioadmin",
            "Registry__Storage__S3__SecretKey": "minioadmin",
        }
        for name in ("ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"):
            shared.pop(name, None)
        silo_dll = ROOT / "src/Silo/bin/Release/net10.0/OrleansRegistry.Silo.dll"
        gateway_dll = ROOT / "src/Gateway/bin/Release/net10.0/OrleansRegistry.Gateway.dll"
        self.silos, self.silo_http, self.gateways, self.gateway_ports = [], [], [], []
        for i in range(2):
            env = {**shared, "Registry__Cluster__SiloPort": str(free_port()), "Registry__Cluster__GatewayPort": str(free_port())}
            self.silo_http.append(free_port())
            self.silos.append(Process(f"silo{i + 1}", ["dotnet", str(silo_dll), "--urls", f"http://127.0.0.1:{self.silo_http[i]}"],
                                      env, logs / f"silo{i + 1}.log"))
        for i in range(2):
            self.gateway_ports.append(free_port())
            self.gateways.append(Process(f"gateway{i + 1}", ["dotnet", str(gateway_dll), "--urls", f"http://127.0.0.1:{self.gateway_ports[i]}"],
                                         shared, logs / f"gateway{i + 1}.log"))

    def start(self):
        (self.logs / "redis").mkdir(exist_ok=True)
        self.redis = subprocess.Popen(["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "yes", "--dir", str(self.logs / "redis")],
                                      stdout=open(self.logs / "redis.log", "ab"), stderr=subprocess.STDOUT)
        subprocess.run(["bash", str(ROOT / "scripts/s3-server.sh"), "start"], env=self.s3_env, check=True,
                       stdout=subprocess.DEVNULL)
        for process in self.silos:
            process.start()
        for i in range(2):
            self.wait_ready(i)
        for process in self.gateways:
            process.start()
        for port in self.gateway_ports:
            self.wait_serving(port)

    def close(self):
        for process in self.gateways + self.silos:
            process.stop()
        subprocess.run(["bash", str(ROOT / "scripts/s3-server.sh"), "stop"], env=self.s3_env, stdout=subprocess.DEVNULL)
        self.redis.terminate()
        self.redis.wait()

    def wait_ready(self, silo, patience=120):
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            try:
                if request(self.silo_http[silo], "GET", "/readyz", timeout=10)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"silo{silo + 1} was not ready within {patience} s; see {self.logs}")

    def wait_serving(self, port, path="/v2/_catalog", patience=180):
        """Until a grain answers through the gateway: the catalog is served by a grain."""
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            try:
                if request(port, "GET", path, timeout=10)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"the gateway on {port} did not serve {path} within {patience} s; see {self.logs}")


def start_upload(port, repository):
    status, headers, body = request(port, "POST", f"/v2/{repository}/blobs/uploads/")
    assert status == 202, (status, body)
    return headers["Location"]


def patch(port, location, blob, start, end, timeout=60):
    return request(port, "PATCH", location, blob[start:end], {
        "Content-Type": "application/octet-stream", "Content-Range": f"{start}-{end - 1}"}, timeout)


def finish(port, location, blob):
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    separator = "&" if "?" in location else "?"
    status, _, body = request(port, "PUT", f"{location}{separator}digest={urllib.parse.quote(digest)}")
    assert status == 201, (status, body)


def patch_until_accepted(port, location, blob, start, end, patience=120):
    deadline = time.monotonic() + patience
    while True:
        try:
            status, _, body = patch(port, location, blob, start, end)
        except OSError as e:
            status, body = None, str(e).encode()
        if status == 202:
            return
        if status not in (None, 400, 503) or time.monotonic() > deadline:
            raise AssertionError(f"PATCH answered {status}: {body[:300]!r}")
        time.sleep(0.1)


def gateway_round(cluster, n):
    """Kill -9 of the gateway that writes a chunk; seconds until the other gateway accepts it."""
    blob = os.urandom(9 * MIB)
    survivor, doomed = cluster.gateway_ports[1], cluster.gateway_ports[0]
    location = start_upload(survivor, f"bench/gateway-crash-{n}")
    assert patch(survivor, location, blob, 0, MIB)[0] == 202
    # The doomed chunk: headers and 7 MiB of a 8 MiB body, then silence, like a client on a dying connection.
    writer = socket.create_connection(("127.0.0.1", doomed))
    writer.sendall((f"PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    f"Content-Range: {MIB}-{len(blob) - 1}\r\nContent-Length: {len(blob) - MIB}\r\n\r\n").encode())
    writer.sendall(blob[MIB:8 * MIB])
    time.sleep(1.5)  # the gateway holds the lease and has written a part
    cluster.gateways[0].kill()
    killed = time.monotonic()
    writer.close()
    patch_until_accepted(survivor, location, blob, MIB, len(blob))
    elapsed = time.monotonic() - killed
    finish(survivor, location, blob)
    cluster.gateways[0].start()
    cluster.wait_serving(doomed)
    return elapsed


def silo_round(cluster, n):
    """Kill -9 of a silo; seconds until every one of eight uploads accepted its next chunk."""
    blob = os.urandom(2 * MIB)
    port = cluster.gateway_ports[n % 2]
    uploads = [start_upload(port, f"bench/silo-crash-{n}-{i}") for i in range(8)]
    for location in uploads:
        assert patch(port, location, blob, 0, MIB)[0] == 202
    victim = n % 2
    cluster.silos[victim].kill()
    killed = time.monotonic()
    for location in uploads:
        patch_until_accepted(port, location, blob, MIB, len(blob))
    elapsed = time.monotonic() - killed
    for location in uploads:
        finish(port, location, blob)
    cluster.silos[victim].start()
    cluster.wait_ready(victim)
    # Gateways re-read the silo list every 5 s: the next round must not kill the only silo they know of.
    time.sleep(6)
    return elapsed


def restart_round(cluster, n):
    """Kill -9 of every silo and gateway; seconds from starting them again until a gateway serves a tag list."""
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.empty.v1+json",
                                      "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2},
                           "layers": []}).encode()
    port = cluster.gateway_ports[0]
    location = start_upload(port, "bench/restart")
    assert patch(port, location, b"{}", 0, 2)[0] == 202
    finish(port, location, b"{}")
    status, _, body = request(port, "PUT", f"/v2/bench/restart/manifests/r{n}", manifest,
                              {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
    assert status == 201, (status, body)
    for process in cluster.gateways + cluster.silos:
        process.kill()
    started = time.monotonic()
    for process in cluster.silos + cluster.gateways:
        process.start()
    cluster.wait_serving(port, "/v2/bench/restart/tags/list")
    elapsed = time.monotonic() - started
    status, _, body = request(port, "GET", "/v2/bench/restart/tags/list")
    assert f"r{n}" in json.loads(body)["tags"], body
    for i in range(2):
        cluster.wait_ready(i)
    cluster.wait_serving(cluster.gateway_ports[1])
    time.sleep(6)
    return elapsed


SCENARIOS = {"gateway": gateway_round, "silo": silo_round, "restart": restart_round}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--only", default="gateway,silo,restart")
    parser.add_argument("--logs", help="keep the processes' logs here (default: a temporary directory, deleted)")
    options = parser.parse_args()
    logs = Path(options.logs or tempfile.mkdtemp(prefix="orreg-failover-")).resolve()
    logs.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(logs)
    results = {}
    try:
        cluster.start()
        print(f"cluster up; load average {os.getloadavg()[0]:.1f}; logs in {logs}", flush=True)
        for name in options.only.split(","):
            results[name] = []
            for n in range(options.rounds):
                seconds = SCENARIOS[name](cluster, n)
                results[name].append(seconds)
                print(f"{name} round {n + 1}: {seconds:.2f} s (load average {os.getloadavg()[0]:.1f})", flush=True)
    finally:
        cluster.close()
        if not options.logs:
            shutil.rmtree(logs, ignore_errors=True)
    for name, values in results.items():
        print(f"{name}: median {statistics.median(values):.2f} s, min {min(values):.2f} s, max {max(values):.2f} s "
              f"over {len(values)} rounds: {' '.join(f'{v:.2f}' for v in values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
