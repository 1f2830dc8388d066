"""What every rendering of deploy/k8s must keep, checked on `kubectl kustomize` output (deploy/k8s/check.sh).

    python3 check.py RENDERED.yaml [--example]   # exit 1 and one line per fault
    python3 check.py RENDERED.yaml --self-test   # each known fault, put in on purpose, must be caught

--example also requires every Secret to hold placeholders only: the example overlay is committed,
and real key material must never be.
"""
import base64
import copy
import sys

import yaml

SERVICES = {"binding-service", "call-routing-service", "compliance-audit-service", "gateway", "console"}
# the services' real health paths: the gateway answers its probe groups on its public port
# (application.yml, add-additional-paths); the others through actuator (probes enabled by the ConfigMap)
PROBE_PATHS = {
    "gateway": {"livenessProbe": "/livez", "readinessProbe": "/readyz"},
    "*": {"livenessProbe": "/actuator/health/liveness", "readinessProbe": "/actuator/health/readiness"},
}
# autoscaled: the stateless services; the audit service's appends are serialised by one lock
AUTOSCALED = {"binding-service", "call-routing-service", "gateway"}
# reachable from outside the namespace: the gateway, and call-routing for the carriers
# and the console for the operators' browsers (through the Ingress in front of it)
EXTERNAL = {"gateway": {8080}, "call-routing-service": {8082}, "console": {8084}}
# compliance-audit-service and binding-service: from the gateway's pods alone
GATEWAY_ONLY = {"compliance-audit-service", "binding-service"}
# the console holds signed-in keys' secrets: it may connect to the gateway's pods (8080) and DNS alone
CONSOLE = "console"
DNS_PORTS = {53}


def by_kind(docs, kind):
    return [d for d in docs if d and d.get("kind") == kind]


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def check(docs, example=False):
    faults = []
    deployments = by_kind(docs, "Deployment")
    names = {d["metadata"]["name"] for d in deployments}
    if names != SERVICES:
        faults.append(f"Deployments are {sorted(names)}, not {sorted(SERVICES)}")
    secrets = {s["metadata"]["name"]: s for s in by_kind(docs, "Secret")}
    configmaps = {c["metadata"]["name"]: c for c in by_kind(docs, "ConfigMap")}
    referenced = set()
    for d in deployments:
        faults += check_deployment(d, secrets, configmaps, referenced)
    for name in sorted(set(secrets) - referenced):
        faults.append(f"Secret {name} is referenced by no Deployment")
    if example:
        for name, s in sorted(secrets.items()):
            for key, value in (s.get("data") or {}).items():
                if "PLACEHOLDER" not in base64.b64decode(value).decode("utf-8", "replace"):
                    faults.append(f"Secret {name} key {key} is not a placeholder: real key material in the example overlay")
    faults += check_services(docs, deployments)
    faults += check_budgets(docs, deployments)
    faults += check_policies(docs, deployments)
    faults += check_console_egress(docs, deployments)
    return faults


def check_deployment(d, secrets, configmaps, referenced):
    faults = []
    name = d["metadata"]["name"]
    spec = d["spec"]["template"]["spec"]
    pod_sc = spec.get("securityContext") or {}
    volumes = {v["name"]: v for v in spec.get("volumes") or []}
    for v in volumes.values():
        if "secret" in v:
            referenced.add(v["secret"]["secretName"])
        for source in (v.get("projected") or {}).get("sources") or []:
            if "secret" in source:
                referenced.add(source["secret"]["name"])
    for v in volumes.values():
        for ref in [v.get("secret", {}).get("secretName")] + [
                s["secret"]["name"] for s in (v.get("projected") or {}).get("sources") or [] if "secret" in s]:
            if ref and ref not in secrets:
                faults.append(f"{name}: volume {v['name']} needs Secret {ref}, which is not there")
    if pod_sc.get("runAsUser") == 0:
        faults.append(f"{name}: the pod runs as uid 0")
    for c in spec["containers"]:
        where = f"{name}/{c['name']}"
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports") or []}
        expected = PROBE_PATHS.get(name, PROBE_PATHS["*"])
        for probe, path in expected.items():
            p = c.get(probe)
            if not p:
                faults.append(f"{where}: no {probe}")
                continue
            get = p.get("httpGet") or {}
            if get.get("path") != path:
                faults.append(f"{where}: {probe} asks {get.get('path')}, not the service's {path}")
            port = get.get("port")
            if port not in ports and port not in ports.values():
                faults.append(f"{where}: {probe} port {port} is none of the container's ports {ports}")
        resources = c.get("resources") or {}
        for part in ("requests", "limits"):
            for what in ("cpu", "memory"):
                if what not in (resources.get(part) or {}):
                    faults.append(f"{where}: no {what} in resources.{part}")
        sc = c.get("securityContext") or {}
        if not (sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True):
            faults.append(f"{where}: runAsNonRoot is not true")
        if sc.get("runAsUser") == 0:
            faults.append(f"{where}: runs as uid 0")
        if sc.get("allowPrivilegeEscalation") is not False:
            faults.append(f"{where}: allowPrivilegeEscalation is not false")
        if sc.get("privileged"):
            faults.append(f"{where}: privileged")
        if sc.get("readOnlyRootFilesystem") is not True:
            faults.append(f"{where}: readOnlyRootFilesystem is not true")
        if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
            faults.append(f"{where}: capabilities do not drop ALL")
        if (sc.get("seccompProfile") or pod_sc.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
            faults.append(f"{where}: seccompProfile is not RuntimeDefault")
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts") or []}
        for path, volume in mounts.items():
            if volume not in volumes:
                faults.append(f"{where}: mount {path} names no volume ({volume})")
        if "emptyDir" not in volumes.get(mounts.get("/tmp"), {}):
            faults.append(f"{where}: /tmp is not an emptyDir (the root filesystem is read-only)")
        for source in c.get("envFrom") or []:
            if "secretRef" in source:
                referenced.add(source["secretRef"]["name"])
                if source["secretRef"]["name"] not in secrets:
                    faults.append(f"{where}: envFrom needs Secret {source['secretRef']['name']}, which is not there")
            if "configMapRef" in source and source["configMapRef"]["name"] not in configmaps:
                faults.append(f"{where}: envFrom needs ConfigMap {source['configMapRef']['name']}, which is not there")
        env = {}
        for source in c.get("envFrom") or []:
            if "configMapRef" in source:
                env.update((configmaps.get(source["configMapRef"]["name"]) or {}).get("data") or {})
        for e in c.get("env") or []:
            env[e["name"]] = e.get("value")
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                referenced.add(ref["name"])
                data = (secrets.get(ref["name"]) or {}).get("data") or {}
                if ref["key"] not in data and not ref.get("optional"):
                    faults.append(f"{where}: {e['name']} needs key {ref['key']} of Secret {ref['name']}, which is not there")
        if expected is PROBE_PATHS["*"] and env.get("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED") != "true":
            faults.append(f"{where}: MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED is not true: the probe paths may not exist")
        if env.get("NUMSHIELD_BIND_ADDRESS") != "0.0.0.0":
            faults.append(f"{where}: NUMSHIELD_BIND_ADDRESS is not 0.0.0.0: the service would listen on loopback alone")
    return faults


def pod_labels(d):
    return d["spec"]["template"]["metadata"].get("labels") or {}


def container_ports(d):
    ports = set()
    for c in d["spec"]["template"]["spec"]["containers"]:
        for p in c.get("ports") or []:
            ports.update({p["containerPort"], p.get("name")})
    return ports


def check_services(docs, deployments):
    faults = []
    served = set()
    for s in by_kind(docs, "Service"):
        name = s["metadata"]["name"]
        if s["spec"].get("type") == "ExternalName":
            continue
        targets = [d for d in deployments if selects(s["spec"].get("selector"), pod_labels(d))]
        if not targets:
            faults.append(f"Service {name} selects no Deployment")
        for d in targets:
            served.add(d["metadata"]["name"])
            for p in s["spec"].get("ports") or []:
                if p.get("targetPort", p["port"]) not in container_ports(d):
                    faults.append(f"Service {name} port {p['port']} targets {p.get('targetPort')}, "
                                  f"which {d['metadata']['name']} does not expose")
    for d in deployments:
        if d["metadata"]["name"] not in served:
            faults.append(f"Deployment {d['metadata']['name']} has no Service")
    return faults


def check_budgets(docs, deployments):
    faults = []
    for d in deployments:
        name = d["metadata"]["name"]
        budgets = [p for p in by_kind(docs, "PodDisruptionBudget")
                   if selects((p["spec"].get("selector") or {}).get("matchLabels"), pod_labels(d))]
        if not budgets:
            faults.append(f"{name}: no PodDisruptionBudget")
        scalers = [h for h in by_kind(docs, "HorizontalPodAutoscaler")
                   if h["spec"]["scaleTargetRef"]["kind"] == "Deployment" and h["spec"]["scaleTargetRef"]["name"] == name]
        if scalers and "replicas" in d["spec"]:
            faults.append(f"{name}: replicas is set though an autoscaler owns the count (each apply would reset it)")
        fewest = min([h["spec"].get("minReplicas", 1) for h in scalers] or [d["spec"].get("replicas", 1)])
        for p in budgets:
            if p["spec"].get("minAvailable", 0) >= fewest:
                faults.append(f"{name}: PodDisruptionBudget {p['metadata']['name']} leaves no pod to evict")
        if name in AUTOSCALED and not scalers:
            faults.append(f"{name}: no HorizontalPodAutoscaler")
    for h in by_kind(docs, "HorizontalPodAutoscaler"):
        if h["spec"]["scaleTargetRef"]["name"] not in {d["metadata"]["name"] for d in deployments}:
            faults.append(f"HorizontalPodAutoscaler {h['metadata']['name']} scales no Deployment")
    return faults


def check_policies(docs, deployments):
    faults = []
    policies = by_kind(docs, "NetworkPolicy")
    if not any(p["spec"].get("podSelector") == {} and "Ingress" in p["spec"].get("policyTypes", [])
               and not p["spec"].get("ingress") for p in policies):
        faults.append("no default-deny ingress NetworkPolicy (podSelector {} without ingress rules)")
    gateway = next((pod_labels(d) for d in deployments if d["metadata"]["name"] == "gateway"), {})
    for d in deployments:
        name = d["metadata"]["name"]
        outside, peers = set(), []
        for p in policies:
            if p["spec"].get("podSelector") and not selects(p["spec"]["podSelector"].get("matchLabels"), pod_labels(d)):
                continue
            for rule in p["spec"].get("ingress") or []:
                ports = {port.get("port") for port in rule.get("ports") or []} or {"every port"}
                sources = rule.get("from") or []
                if not sources or any("ipBlock" in s or "namespaceSelector" in s for s in sources):
                    outside |= ports
                peers += [s for s in sources if "podSelector" in s]
        allowed = EXTERNAL.get(name, set())
        if not outside <= allowed:
            faults.append(f"{name}: reachable from outside the namespace on {sorted(map(str, outside - allowed))}")
        if name in EXTERNAL and not outside:
            faults.append(f"{name}: not reachable from outside, though it must be")
        if name in GATEWAY_ONLY:
            for s in peers:
                if not selects(s["podSelector"].get("matchLabels"), gateway) or s["podSelector"].get("matchExpressions"):
                    faults.append(f"{name}: reachable from pods other than the gateway's ({s['podSelector']})")
    return faults


def check_console_egress(docs, deployments):
    """The console may open connections to the gateway's pods on 8080, and to DNS; nothing else."""
    console = next((d for d in deployments if d["metadata"]["name"] == CONSOLE), None)
    if console is None:
        return []
    gateway = next((pod_labels(d) for d in deployments if d["metadata"]["name"] == "gateway"), {})
    policies = [p for p in by_kind(docs, "NetworkPolicy") if "Egress" in p["spec"].get("policyTypes", [])
                and (not p["spec"].get("podSelector") or selects(p["spec"]["podSelector"].get("matchLabels"), pod_labels(console)))]
    if not policies:
        return ["console: no egress NetworkPolicy: it may connect anywhere, not only to the gateway"]
    faults = []
    for p in policies:
        for rule in p["spec"].get("egress") or []:
            ports = {port.get("port") for port in rule.get("ports") or []}
            targets = rule.get("to") or []
            if not targets or not ports:
                faults.append(f"console: egress rule of {p['metadata']['name']} opens every "
                              + ("address" if not targets else "port"))
                continue
            if ports <= DNS_PORTS:
                continue
            for t in targets:
                to_gateway = ("podSelector" in t and "namespaceSelector" not in t and "ipBlock" not in t
                              and selects(t["podSelector"].get("matchLabels"), gateway)
                              and not t["podSelector"].get("matchExpressions"))
                if not to_gateway or ports != {8080}:
                    faults.append(f"console: may connect to {t} on {sorted(map(str, ports))}, not only the gateway's 8080")
    return faults


def deployment(docs, name):
    return next(d for d in docs if d and d.get("kind") == "Deployment" and d["metadata"]["name"] == name)


def container(docs, name):
    return deployment(docs, name)["spec"]["template"]["spec"]["containers"][0]


def policy(docs, name):
    return next(d for d in docs if d and d.get("kind") == "NetworkPolicy" and d["metadata"]["name"] == name)


# Faults put in on purpose, with what the check must say about each: each must be caught for its
# own reason, or the check proves nothing.
MUTATIONS = {
    "gateway without readinessProbe": ("no readinessProbe", lambda docs: container(docs, "gateway").pop("readinessProbe")),
    "binding-service without livenessProbe": ("no livenessProbe", lambda docs: container(docs, "binding-service").pop("livenessProbe")),
    "a probe on the wrong path": ("not the service's", lambda docs: container(docs, "call-routing-service")["readinessProbe"]["httpGet"]
        .update(path="/actuator/health")),
    "call-routing-service without limits": ("resources.limits", lambda docs: container(docs, "call-routing-service")["resources"].pop("limits")),
    "audit without memory request": ("no memory in resources.requests", lambda docs: container(docs, "compliance-audit-service")["resources"]["requests"]
        .pop("memory")),
    "privilege escalation allowed": ("allowPrivilegeEscalation", lambda docs: container(docs, "compliance-audit-service")["securityContext"]
        .update(allowPrivilegeEscalation=True)),
    "capabilities kept": ("drop ALL", lambda docs: container(docs, "gateway")["securityContext"].pop("capabilities")),
    "writable root filesystem": ("readOnlyRootFilesystem", lambda docs: container(docs, "binding-service")["securityContext"]
        .pop("readOnlyRootFilesystem")),
    "no seccomp profile": ("seccompProfile", lambda docs: deployment(docs, "gateway")["spec"]["template"]["spec"]["securityContext"]
        .pop("seccompProfile")),
    "root allowed": ("runAsNonRoot", lambda docs: [deployment(docs, "gateway")["spec"]["template"]["spec"]["securityContext"]
        .pop("runAsNonRoot"), container(docs, "gateway")["securityContext"].pop("runAsNonRoot")]),
    "a Secret nobody uses": ("referenced by no Deployment", lambda docs: docs.append({"apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "stray"}, "data": {"k": base64.b64encode(b"PLACEHOLDER").decode()}})),
    "a Secret missing": ("which is not there", lambda docs: docs.remove(next(d for d in docs if d and d.get("kind") == "Secret"
        and d["metadata"]["name"].startswith("numshield-ledger-signing-key")))),
    "a Service selecting nothing": ("selects no Deployment", lambda docs: next(d for d in docs if d and d.get("kind") == "Service"
        and d["metadata"]["name"] == "binding-service")["spec"]["selector"].update({"app.kubernetes.io/name": "binding"})),
    "a PodDisruptionBudget missing": ("no PodDisruptionBudget", lambda docs: docs.remove(next(d for d in docs if d and
        d.get("kind") == "PodDisruptionBudget" and d["metadata"]["name"] == "gateway"))),
    "audit open to the world": ("reachable from outside", lambda docs: policy(docs, "audit-from-gateway")["spec"]["ingress"][0].pop("from")),
    "binding open to every pod": ("other than the gateway", lambda docs: policy(docs, "binding-from-gateway")["spec"]["ingress"][0]["from"][0]
        .update(podSelector={})),
    "no default deny": ("default-deny", lambda docs: docs.remove(policy(docs, "default-deny-ingress"))),
    "console without its probe": ("no readinessProbe", lambda docs: container(docs, "console").pop("readinessProbe")),
    "console sampler key Secret missing": ("which is not there", lambda docs: docs.remove(next(d for d in docs if d and
        d.get("kind") == "Secret" and d["metadata"]["name"].startswith("numshield-console-sampler")))),
    "console free to connect anywhere": ("no egress NetworkPolicy", lambda docs: docs.remove(policy(docs, "console-to-gateway-only"))),
    "console reaching binding-service": ("not only the gateway", lambda docs: policy(docs, "console-to-gateway-only")["spec"]["egress"][0]["to"][0]
        ["podSelector"]["matchLabels"].update({"app.kubernetes.io/name": "binding-service"})),
    "real key material": ("not a placeholder", lambda docs: next(d for d in docs if d and d.get("kind") == "Secret")["data"]
        .update({"k": base64.b64encode(b'{"primaryKeyId": 1}').decode()})),
}


def self_test(docs):
    clean = check(docs, example=True)
    if clean:
        print("self-test: the rendering itself has faults:\n  " + "\n  ".join(clean))
        return 1
    missed = []
    for what, (said, mutate) in MUTATIONS.items():
        broken = copy.deepcopy(docs)
        mutate(broken)
        if not any(said in fault for fault in check(broken, example=True)):
            missed.append(what)
    for what in missed:
        print(f"self-test: not caught: {what}")
    print(f"self-test: {len(MUTATIONS) - len(missed)} of {len(MUTATIONS)} faults put in were caught")
    return 1 if missed else 0


def main(argv):
    docs = [d for d in yaml.safe_load_all(open(argv[1])) if d]
    if "--self-test" in argv:
        return self_test(docs)
    faults = check(docs, example="--example" in argv)
    for f in faults:
        print(f"FAULT {f}")
    deployments = len(by_kind(docs, "Deployment"))
    print(f"{len(docs)} objects, {deployments} Deployments: " + (f"{len(faults)} faults" if faults else "no faults"))
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
