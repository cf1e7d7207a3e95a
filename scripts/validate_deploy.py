#!/usr/bin/env python3
"""Static checks of the deployment files, for CI without a Docker engine or a Kubernetes cluster.

  k8s/                every document: known kind and apiVersion, metadata.name, workloads whose selector
                      matches their pod labels and whose containers have an image; then, for each
                      kustomization that nothing else includes (k8s/, k8s/dev/), what it deploys refers only
                      to what it deploys: Service and PDB selectors, HPA targets, ConfigMap and Secret
                      references (keys included), service accounts and role bindings; gateways get no
                      Orleans__* setting, and the silos' Orleans labels agree with the gateways' cluster ids
  docker-compose.yml  build files and bind mounts exist, gateways get no Orleans__* setting
                      (docker-compose config -q checks the rest)
  Dockerfiles         copy existing paths and publish the projects the tests build, with every project
                      those reference copied before the restore

Exits 1 after listing every problem. Run by scripts/validate-deploy.sh.
"""
import re
import shlex
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "k8s"
DOCKERFILES = {
    "src/Silo/Dockerfile": "src/Silo/OrleansRegistry.Silo.csproj",
    "src/Gateway/Dockerfile": "src/Gateway/OrleansRegistry.Gateway.csproj",
}
API_VERSIONS = {
    "Namespace": "v1",
    "ConfigMap": "v1",
    "Secret": "v1",
    "ServiceAccount": "v1",
    "Service": "v1",
    "Deployment": "apps/v1",
    "StatefulSet": "apps/v1",
    "Role": "rbac.authorization.k8s.io/v1",
    "RoleBinding": "rbac.authorization.k8s.io/v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "PodDisruptionBudget": "policy/v1",
}
KUSTOMIZATION_API = "kustomize.config.k8s.io/v1beta1"
WORKLOADS = ("Deployment", "StatefulSet")
# What Microsoft.Orleans.Hosting.Kubernetes reads, and what its cluster agent does to pods.
ORLEANS_ENV = ("ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID", "POD_NAME", "POD_NAMESPACE", "POD_IP")
ORLEANS_POD_VERBS = {"get", "list", "watch", "delete", "patch"}

errors = set()


def fail(where, message):
    errors.add(f"{where}: {message}")


def rel(path):
    return path.relative_to(ROOT).as_posix()


def name_of(doc):
    return (doc.get("metadata") or {}).get("name")


def pod_labels(workload):
    return ((workload["spec"].get("template") or {}).get("metadata") or {}).get("labels") or {}


def containers(workload):
    return ((workload["spec"].get("template") or {}).get("spec") or {}).get("containers") or []


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


# ---- k8s: one document at a time ----

def check_document(where, doc):
    kind, api = doc.get("kind"), doc.get("apiVersion")
    if kind not in API_VERSIONS:
        fail(where, f"unknown kind {kind!r}")
        return False
    if api != API_VERSIONS[kind]:
        fail(where, f"{kind} needs apiVersion {API_VERSIONS[kind]}, not {api!r}")
    if not name_of(doc):
        fail(where, "metadata.name is missing")
        return False
    where = f"{where} {kind}/{name_of(doc)}"
    spec = doc.get("spec") or {}
    if kind in WORKLOADS:
        selector = (spec.get("selector") or {}).get("matchLabels") or {}
        if not selects(selector, pod_labels(doc)):
            fail(where, f"selector {selector} does not match the pod template labels {pod_labels(doc)}")
        if not containers(doc):
            fail(where, "no containers")
        for c in containers(doc):
            if not c.get("name") or not c.get("image"):
                fail(where, f"container {c.get('name')!r} needs a name and an image")
            port_names = {p.get("name") for p in c.get("ports") or []}
            for p in c.get("ports") or []:
                if "name" in p and not re.fullmatch(r"[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?", p["name"]):
                    fail(where, f"port name {p['name']!r} is not a valid port name (at most 15 characters)")
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                action = c.get(probe) or {}
                port = (action.get("httpGet") or action.get("tcpSocket") or {}).get("port")
                if isinstance(port, str) and port not in port_names:
                    fail(where, f"{probe} uses port {port!r}, which container {c.get('name')!r} does not name")
    elif kind == "Service":
        if not spec.get("selector"):
            fail(where, "no selector")
        if not spec.get("ports"):
            fail(where, "no ports")
    elif kind == "HorizontalPodAutoscaler":
        target = spec.get("scaleTargetRef") or {}
        if not target.get("kind") or not target.get("name"):
            fail(where, "scaleTargetRef needs a kind and a name")
        if not 1 <= spec.get("minReplicas", 1) <= spec.get("maxReplicas", 0):
            fail(where, "needs 1 <= minReplicas <= maxReplicas")
    elif kind == "PodDisruptionBudget":
        if not (spec.get("selector") or {}).get("matchLabels"):
            fail(where, "selector.matchLabels is missing")
        if ("minAvailable" in spec) == ("maxUnavailable" in spec):
            fail(where, "needs exactly one of minAvailable and maxUnavailable")
    return True


def load_k8s():
    """Every document of every manifest under k8s/, by file; kustomizations apart."""
    manifests, kustomizations = {}, {}
    for path in sorted(K8S.rglob("*.y*ml")):
        try:
            docs = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
        except yaml.YAMLError as e:
            fail(rel(path), f"not YAML: {e}")
            continue
        if path.name == "kustomization.yaml":
            kustomizations[path.parent] = docs[0] if docs else {}
            continue
        manifests[path] = []
        for i, doc in enumerate(docs):
            if not isinstance(doc, dict):
                fail(f"{rel(path)}#{i}", "not a mapping")
            elif check_document(f"{rel(path)}#{i}", doc):
                manifests[path].append(doc)
    return manifests, kustomizations


# ---- k8s: what a kustomization deploys ----

def check_kustomization(directory, kustomization):
    where = rel(directory / "kustomization.yaml")
    if kustomization.get("apiVersion") != KUSTOMIZATION_API or kustomization.get("kind") != "Kustomization":
        fail(where, f"needs apiVersion {KUSTOMIZATION_API} and kind Kustomization")
    listed = set()
    for resource in kustomization.get("resources") or []:
        target = (directory / resource).resolve()
        listed.add(target)
        if target.is_dir():
            if not (target / "kustomization.yaml").is_file():
                fail(where, f"resource {resource} is a directory without kustomization.yaml")
        elif not target.is_file():
            fail(where, f"resource {resource} does not exist")
    for path in sorted(directory.glob("*.y*ml")):
        if path.name != "kustomization.yaml" and path.resolve() not in listed:
            fail(where, f"{path.name} is not listed in resources, so it is never deployed")


def build(directory, manifests, kustomizations):
    """The documents `kubectl apply -k directory` would deploy (as far as these checks need)."""
    docs = []
    for resource in kustomizations[directory].get("resources") or []:
        target = (directory / resource).resolve()
        if target in kustomizations:
            docs += build(target, manifests, kustomizations)
        else:
            docs += manifests.get(target, [])
    return docs


def check_references(root, docs):
    where = f"apply -k {rel(root)}"
    by_kind = {}
    for doc in docs:
        named = by_kind.setdefault(doc["kind"], {})
        if name_of(doc) in named:
            fail(where, f"{doc['kind']}/{name_of(doc)} is defined twice")
        named[name_of(doc)] = doc
    workloads = [d for kind in WORKLOADS for d in by_kind.get(kind, {}).values()]
    config_maps, secrets = by_kind.get("ConfigMap", {}), by_kind.get("Secret", {})
    secret_keys = {n: {**(s.get("data") or {}), **(s.get("stringData") or {})} for n, s in secrets.items()}

    for name, service in by_kind.get("Service", {}).items():
        selector = service["spec"].get("selector") or {}
        matched = [w for w in workloads if selects(selector, pod_labels(w))]
        if not matched:
            fail(where, f"Service/{name} selector {selector} matches no Deployment or StatefulSet")
        for port in service["spec"].get("ports") or []:
            target = port.get("targetPort")
            if isinstance(target, str) and not any(
                    target == p.get("name") for w in matched for c in containers(w) for p in c.get("ports") or []):
                fail(where, f"Service/{name} targetPort {target!r} is no container port of the pods it selects")

    for name, pdb in by_kind.get("PodDisruptionBudget", {}).items():
        selector = (pdb["spec"].get("selector") or {}).get("matchLabels") or {}
        if not any(selects(selector, pod_labels(w)) for w in workloads):
            fail(where, f"PodDisruptionBudget/{name} selector {selector} matches no Deployment or StatefulSet")

    for name, hpa in by_kind.get("HorizontalPodAutoscaler", {}).items():
        target = hpa["spec"].get("scaleTargetRef") or {}
        if target.get("name") not in by_kind.get(target.get("kind"), {}):
            fail(where, f"HorizontalPodAutoscaler/{name} targets {target.get('kind')}/{target.get('name')}, "
                        "which is not deployed")

    for name, binding in by_kind.get("RoleBinding", {}).items():
        role = binding.get("roleRef") or {}
        if role.get("kind") != "Role" or role.get("name") not in by_kind.get("Role", {}):
            fail(where, f"RoleBinding/{name} refers to {role.get('kind')}/{role.get('name')}, which is not deployed")
        for subject in binding.get("subjects") or []:
            if subject.get("kind") == "ServiceAccount" and subject.get("name") not in by_kind.get("ServiceAccount", {}):
                fail(where, f"RoleBinding/{name} binds ServiceAccount/{subject.get('name')}, which is not deployed")

    for workload in workloads:
        w = f"{workload['kind']}/{name_of(workload)}"
        pod = workload["spec"]["template"].get("spec") or {}
        if workload["kind"] == "StatefulSet" and workload["spec"].get("serviceName") not in by_kind.get("Service", {}):
            fail(where, f"{w} serviceName {workload['spec'].get('serviceName')!r} is no deployed Service")
        account = pod.get("serviceAccountName", "default")
        if account != "default" and account not in by_kind.get("ServiceAccount", {}):
            fail(where, f"{w} runs as ServiceAccount/{account}, which is not deployed")
        for volume in pod.get("volumes") or []:
            if "configMap" in volume and volume["configMap"].get("name") not in config_maps:
                fail(where, f"{w} volume {volume.get('name')} mounts a ConfigMap that is not deployed")
            if "secret" in volume and volume["secret"].get("secretName") not in secrets:
                fail(where, f"{w} volume {volume.get('name')} mounts a Secret that is not deployed")
        for c in containers(workload):
            for source in c.get("envFrom") or []:
                if "configMapRef" in source and source["configMapRef"].get("name") not in config_maps:
                    fail(where, f"{w} envFrom ConfigMap/{source['configMapRef'].get('name')}, which is not deployed")
                if "secretRef" in source and source["secretRef"].get("name") not in secrets:
                    fail(where, f"{w} envFrom Secret/{source['secretRef'].get('name')}, which is not deployed")
            if "gateway" in (c.get("image") or ""):
                check_gateway_env(where, w, c, config_maps, secret_keys)
            for env in c.get("env") or []:
                value_from = env.get("valueFrom") or {}
                ref = value_from.get("configMapKeyRef")
                if ref and ref.get("key") not in ((config_maps.get(ref.get("name")) or {}).get("data") or {}):
                    fail(where, f"{w} env {env.get('name')}: ConfigMap/{ref.get('name')} has no key {ref.get('key')}")
                ref = value_from.get("secretKeyRef")
                if ref and ref.get("key") not in secret_keys.get(ref.get("name"), {}):
                    fail(where, f"{w} env {env.get('name')}: Secret/{ref.get('name')} has no key {ref.get('key')}")
        if "orleans/serviceId" in pod_labels(workload) or "orleans/clusterId" in pod_labels(workload):
            check_silo(where, w, workload, by_kind)


def check_gateway_env(where, w, container, config_maps, secret_keys):
    """A gateway's Orleans client also parses Orleans__* settings, and crashes at start on a silo's."""
    names = [e.get("name", "") for e in container.get("env") or []]
    for source in container.get("envFrom") or []:
        names += ((config_maps.get((source.get("configMapRef") or {}).get("name")) or {}).get("data") or {}).keys()
        names += secret_keys.get((source.get("secretRef") or {}).get("name"), {}).keys()
    for name in names:
        if name.startswith("Orleans__"):
            fail(where, f"{w} gateway gets {name}: its Orleans client parses Orleans__* and crashes")


def check_silo(where, w, workload, by_kind):
    """Silos follow Microsoft.Orleans.Hosting.Kubernetes, and agree with the gateways on the cluster ids."""
    labels, pod = pod_labels(workload), workload["spec"]["template"]["spec"]
    for c in containers(workload):
        env = {e.get("name") for e in c.get("env") or []}
        for missing in [*ORLEANS_ENV, "Registry__Cluster__AdvertisedAddress"]:
            if missing not in env:
                fail(where, f"{w} container {c.get('name')} lacks env {missing}")
        ports = {p.get("containerPort") for p in c.get("ports") or []}
        if not {11111, 30000} <= ports:
            fail(where, f"{w} container {c.get('name')} must expose ports 11111 and 30000")
        for source in c.get("envFrom") or []:
            config_map = (source.get("configMapRef") or {}).get("name")
            data = (by_kind.get("ConfigMap", {}).get(config_map) or {}).get("data") or {}
            for label, key in (("orleans/serviceId", "Registry__Cluster__ServiceId"),
                               ("orleans/clusterId", "Registry__Cluster__ClusterId")):
                if key in data and data[key] != labels.get(label):
                    fail(where, f"{w} label {label}={labels.get(label)!r}, but ConfigMap/{config_map} "
                                f"(which the gateways read too) has {key}={data[key]!r}")
    account = pod.get("serviceAccountName", "default")
    verbs = set()
    for binding in by_kind.get("RoleBinding", {}).values():
        if any(s.get("kind") == "ServiceAccount" and s.get("name") == account for s in binding.get("subjects") or []):
            role = by_kind.get("Role", {}).get((binding.get("roleRef") or {}).get("name")) or {}
            for rule in role.get("rules") or []:
                if "pods" in (rule.get("resources") or []):
                    verbs |= set(rule.get("verbs") or [])
    if not ORLEANS_POD_VERBS <= verbs:
        fail(where, f"{w} ServiceAccount/{account} lacks the pod permissions {sorted(ORLEANS_POD_VERBS - verbs)} "
                    "that Orleans' Kubernetes hosting uses")


# ---- docker-compose.yml ----

def check_compose():
    path = ROOT / "docker-compose.yml"
    compose = yaml.safe_load(path.read_text())
    for name, service in (compose.get("services") or {}).items():
        where = f"{rel(path)} service {name}"
        build_spec = service.get("build")
        if isinstance(build_spec, dict):
            context = ROOT / build_spec.get("context", ".")
            if not (context / build_spec.get("dockerfile", "Dockerfile")).is_file():
                fail(where, f"build file {build_spec.get('dockerfile')} does not exist")
        for volume in service.get("volumes") or []:
            source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
            if source.startswith((".", "/")) and not (ROOT / source).exists():
                fail(where, f"bind mount source {source} does not exist")
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.partition("=")[::2] for item in environment)
        if "gateway" in (service.get("image") or ""):
            for key in environment:
                if key.startswith("Orleans__"):
                    fail(where, f"gateway gets {key}: its Orleans client parses Orleans__* and crashes")


# ---- Dockerfiles ----

def instructions(dockerfile):
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            yield word.upper(), rest.strip()


def project_closure(csproj, seen=None):
    seen = set() if seen is None else seen
    if csproj in seen or not csproj.is_file():
        return seen
    seen.add(csproj)
    for ref in ET.parse(csproj).getroot().iter("ProjectReference"):
        project_closure((csproj.parent / ref.get("Include").replace("\\", "/")).resolve(), seen)
    return seen


def check_dockerfile(dockerfile_path, project_path):
    dockerfile, project = ROOT / dockerfile_path, ROOT / project_path
    if not dockerfile.is_file():
        fail(dockerfile_path, "does not exist")
        return
    if not project.is_file():
        fail(dockerfile_path, f"{project_path} does not exist")
    copied_before_restore, restored, published, entrypoint = set(), False, False, ""
    for word, rest in instructions(dockerfile):
        if word == "COPY" and "--from=" not in rest:
            sources = [t for t in shlex.split(rest) if not t.startswith("--")][:-1]
            for source in sources:
                if not (ROOT / source).exists():
                    fail(dockerfile_path, f"COPY {source}: no such path")
                elif not restored:
                    copied_before_restore.add((ROOT / source).resolve())
        elif word == "RUN" and "dotnet " in rest:
            for verb, path in re.findall(r"dotnet (restore|publish|build)\s+(\S+)", rest):
                if path != project_path:
                    fail(dockerfile_path, f"dotnet {verb} {path}, not {project_path}")
                restored |= verb == "restore"
                published |= verb == "publish"
        elif word == "ENTRYPOINT":
            entrypoint = rest
    if not published:
        fail(dockerfile_path, f"never runs dotnet publish {project_path}")
    if not restored:
        fail(dockerfile_path, f"never runs dotnet restore {project_path}")
    needed = project_closure(project.resolve()) | {(ROOT / f).resolve() for f in
                                                   ("Directory.Build.props", "Directory.Packages.props")}
    for missing in sorted(needed - copied_before_restore):
        fail(dockerfile_path, f"{rel(missing)} is not copied before dotnet restore, which needs it")
    if f"{project.stem}.dll" not in entrypoint:
        fail(dockerfile_path, f"ENTRYPOINT does not run {project.stem}.dll")


def main():
    manifests, kustomizations = load_k8s()
    for directory, kustomization in kustomizations.items():
        check_kustomization(directory, kustomization)
    included = {(d / r).resolve() for d, k in kustomizations.items() for r in k.get("resources") or []}
    roots = sorted(d for d in kustomizations if d.resolve() not in included)
    for root in roots:
        check_references(root, build(root, manifests, kustomizations))
    check_compose()
    for dockerfile, project in DOCKERFILES.items():
        check_dockerfile(dockerfile, project)

    for message in sorted(errors):
        print(f"  {message}")
    documents = sum(len(d) for d in manifests.values())
    print(f"validate_deploy: {documents} k8s documents in {len(manifests)} files, {len(kustomizations)} kustomizations "
          f"({', '.join(rel(r) for r in roots)} deployable), docker-compose.yml, {len(DOCKERFILES)} Dockerfiles: "
          f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
