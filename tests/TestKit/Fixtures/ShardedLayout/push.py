import json, hashlib, urllib.request, sys
base = sys.argv[1]
def req(method, path, body=None, headers={}):
    r = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(r) as resp: return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e: return e.code, dict(e.headers), e.read()
def blob(repo, content):
    d = "sha256:" + hashlib.sha256(content).hexdigest()
    s, h, _ = req("POST", f"/v2/{repo}/blobs/uploads/?digest={d}", content, {"Content-Type": "application/octet-stream"})
    assert s == 201, (s, h)
    return {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": len(content)}
def manifest(repo, ref, doc, mt):
    body = json.dumps(doc, separators=(",", ":")).encode()
    s, h, b = req("PUT", f"/v2/{repo}/manifests/{ref}", body, {"Content-Type": mt})
    assert s == 201, (s, b)
    return {"mediaType": mt, "digest": h["Docker-Content-Digest"], "size": len(body)}
OCI = "application/vnd.oci.image.manifest.v1+json"
def image(repo, n, tag):
    cfg = blob(repo, json.dumps({"architecture": "amd64", "os": "linux", "n": n}).encode()); cfg["mediaType"] = "application/vnd.oci.image.config.v1+json"
    layer = blob(repo, (f"layer {n} of {repo} " * 50).encode())
    return manifest(repo, tag, {"schemaVersion": 2, "mediaType": OCI, "config": cfg, "layers": [layer]}, OCI)
# repository with several tags, one shared manifest, an index and a referrer
a1 = image("legacy/app", 1, "v1")
a2 = image("legacy/app", 2, "v2")
manifest("legacy/app", "latest", json.loads(req("GET", f"/v2/legacy/app/manifests/v2", headers={"Accept": OCI})[2]), OCI)
child = image("legacy/app", 3, "arm64-only")
idx = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [dict(a1, platform={"os": "linux", "architecture": "amd64"}), dict(child, platform={"os": "linux", "architecture": "arm64"})]}
manifest("legacy/app", "multi", idx, "application/vnd.oci.image.index.v1+json")
empty = blob("legacy/app", b"{}"); empty["mediaType"] = "application/vnd.oci.empty.v1+json"
sig = {"schemaVersion": 2, "mediaType": OCI, "artifactType": "application/vnd.example.signature.v1", "config": empty, "layers": [dict(empty)], "subject": a1, "annotations": {"org.opencontainers.image.created": "2026-01-01T00:00:00Z"}}
manifest("legacy/app", "sig", sig, OCI)
s, _, _ = req("DELETE", "/v2/legacy/app/manifests/sig"); assert s == 202, s   # a deleted tag stays deleted
# a second repository sharing a layer by mount
b = image("legacy/other", 9, "stable")
layer = json.loads(req("GET", "/v2/legacy/app/manifests/v1", headers={"Accept": OCI})[2])["layers"][0]["digest"]
s, h, _ = req("POST", f"/v2/legacy/other/blobs/uploads/?mount={layer}&from=legacy/app"); assert s == 201, s
# a third repository with many tags, to cross every shard
for i in range(40): image("legacy/many", 100 + i, f"t{i:02d}")
print("pushed")
