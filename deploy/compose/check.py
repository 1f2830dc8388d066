"""What deploy/compose.yaml must keep to start, checked without a Docker engine (deploy/k8s/check.sh runs it):

    python3 deploy/compose/check.py deploy/compose.yaml

- each service is told where its database, Redis, the token public keys and its keys are;
- every variable the file requires (${NAME:?...}) is one that compose/make-env.sh writes;
- no service reaches another by loopback (127.0.0.1, localhost): inside a container that is itself;
- every service listens beyond loopback (NUMSHIELD_BIND_ADDRESS=0.0.0.0) and every Java service has
  a health check; each depends_on names a service that exists, with a condition: service_healthy on
  one that has a health check, service_completed_successfully on a one-shot (restart "no");
- the gateway is given each service by its compose name, the bootstrap operator key and its token key;
- the database roles and databases the services log in as are the ones postgres/init-numshield.sh makes;
- profile "observability" (Prometheus, Grafana, the Redis and PostgreSQL exporters) and nothing else
  is behind a profile, so a plain `up` starts what it always did; Prometheus and Grafana are published
  on the host's loopback only; observability/prometheus.yml scrapes every Java service by its compose
  name on the port it listens on (the gateway on its management port, which must then listen beyond
  loopback) and nothing that is not a compose service; redis-exporter names every shard's ev and
  calls streams and cbdead hash (VirtualShard.COUNT of them).
"""
import os
import re
import sys

import yaml

JAVA = {"binding-service", "call-routing-service", "compliance-audit-service", "gateway"}
OBSERVABILITY = {"prometheus", "grafana", "redis-exporter", "postgres-exporter"}
# what each service must be told, or it falls back to its loopback default (application.yml)
REQUIRED = {
    "binding-service": ["NUMSHIELD_DB_URL", "NUMSHIELD_REDIS_URL", "NUMSHIELD_TOKEN_PUBLIC_KEYS", "NUMSHIELD_KEYS_DIR"],
    "call-routing-service": ["NUMSHIELD_REDIS_URL", "NUMSHIELD_TOKEN_PUBLIC_KEYS", "NUMSHIELD_KEYS_DIR"],
    "compliance-audit-service": ["NUMSHIELD_AUDIT_DB_URL", "NUMSHIELD_AUDIT_DB_OWNER", "NUMSHIELD_REDIS_URL",
                                 "NUMSHIELD_TOKEN_PUBLIC_KEYS", "NUMSHIELD_KEYS_DIR"],
    "gateway": ["NUMSHIELD_GATEWAY_DB_URL", "NUMSHIELD_REDIS_URL", "NUMSHIELD_TOKEN_PUBLIC_KEYS", "NUMSHIELD_KEYS_DIR"],
}


def check(path):
    here = os.path.dirname(os.path.abspath(path))
    text = open(path).read()
    compose = yaml.safe_load(text)
    services = compose["services"]
    faults = []
    written = set(re.findall(r"^([A-Z_]+)=", open(os.path.join(here, "compose/make-env.sh")).read(), re.M))
    for name in sorted(set(re.findall(r"\$\{([A-Z_]+):\?", text)) - written):
        faults.append(f"${{{name}}} is required but compose/make-env.sh does not write it")
    if not JAVA <= set(services):
        faults.append(f"services missing: {sorted(JAVA - set(services))}")
    for name, svc in services.items():
        env = {k: str(v) for k, v in (svc.get("environment") or {}).items()}
        for key, value in env.items():
            if re.search(r"127\.0\.0\.1|localhost", value):
                faults.append(f"{name}: {key}={value} is loopback, the container itself")
        if name in JAVA:
            for key in REQUIRED[name]:
                if key not in env:
                    faults.append(f"{name}: {key} is not set: the default is loopback or nothing")
            if env.get("NUMSHIELD_BIND_ADDRESS") != "0.0.0.0":
                faults.append(f"{name}: NUMSHIELD_BIND_ADDRESS is not 0.0.0.0: it would listen on loopback alone")
            if not svc.get("healthcheck"):
                faults.append(f"{name}: no healthcheck")
        for dep, how in (svc.get("depends_on") or {}).items() if isinstance(svc.get("depends_on"), dict) else [
                (d, {}) for d in svc.get("depends_on") or []]:
            condition = (how or {}).get("condition")
            target = services.get(dep)
            if target is None:
                faults.append(f"{name}: depends on {dep}, which is not a service")
            elif condition == "service_healthy" and not target.get("healthcheck"):
                faults.append(f"{name}: waits for {dep} to be healthy, but {dep} has no healthcheck")
            elif condition == "service_completed_successfully" and target.get("restart", "no") != "no":
                faults.append(f"{name}: waits for {dep} to complete, but {dep} restarts")
            elif condition not in ("service_healthy", "service_completed_successfully"):
                faults.append(f"{name}: depends on {dep} without waiting for it (condition {condition})")
    gateway = {k: str(v) for k, v in (services.get("gateway", {}).get("environment") or {}).items()}
    for setting, service in (("NUMSHIELD_GATEWAY_SERVICES_BINDING", "binding-service"),
                             ("NUMSHIELD_GATEWAY_SERVICES_CALL_ROUTING", "call-routing-service"),
                             ("NUMSHIELD_GATEWAY_SERVICES_COMPLIANCE_AUDIT", "compliance-audit-service")):
        if f"//{service}:" not in gateway.get(setting, ""):
            faults.append(f"gateway: {setting} does not name {service}")
    for setting in ("NUMSHIELD_BOOTSTRAP_OPERATOR_KEY", "NUMSHIELD_TOKEN_SIGNING_KEY"):
        if not gateway.get(setting):
            faults.append(f"gateway: {setting} is not set")
    init = open(os.path.join(here, "postgres/init-numshield.sh")).read()
    for name, svc in services.items():
        env = {k: str(v) for k, v in (svc.get("environment") or {}).items()}
        for key in ("NUMSHIELD_DB_URL", "NUMSHIELD_GATEWAY_DB_URL", "NUMSHIELD_AUDIT_DB_URL"):
            db = env.get(key, "").rsplit("/", 1)[-1]
            if db and not re.search(rf"\b{db}\b", init.split("for db in", 1)[-1].splitlines()[0]):
                faults.append(f"{name}: {key} names database {db}, which postgres/init-numshield.sh does not make")
        for key in ("NUMSHIELD_DB_USER", "NUMSHIELD_AUDIT_DB_USER", "NUMSHIELD_AUDIT_DB_OWNER"):
            if key in env and env[key] not in init:
                faults.append(f"{name}: {key}={env[key]} is a role postgres/init-numshield.sh does not make")
    return faults + observability(services, here)


def observability(services, here):
    faults = []
    present = OBSERVABILITY & set(services)
    if not present:
        return faults
    if present != OBSERVABILITY:
        faults.append(f"profile observability lacks {sorted(OBSERVABILITY - present)}")
    for name, svc in services.items():
        profiles = svc.get("profiles") or []
        if name in OBSERVABILITY and profiles != ["observability"]:
            faults.append(f"{name}: profiles {profiles}, not [observability] (started by --profile observability alone)")
        elif name not in OBSERVABILITY and profiles:
            faults.append(f"{name}: in profiles {profiles}: a plain `up` would no longer start it")
    for name in ("prometheus", "grafana"):
        for port in (services.get(name) or {}).get("ports") or []:
            if not str(port).startswith("127.0.0.1:"):
                faults.append(f"{name}: port {port} is published beyond the host's loopback")
    prometheus = yaml.safe_load(open(os.path.join(here, "observability", "prometheus.yml")))
    scraped = {}
    for job in prometheus.get("scrape_configs") or []:
        for static in job.get("static_configs") or []:
            for target in static.get("targets") or []:
                host, _, port = str(target).partition(":")
                if job.get("job_name") == "prometheus" and host == "localhost":
                    continue
                if host not in services:
                    faults.append(f"prometheus.yml job {job.get('job_name')}: {host} is not a compose service")
                scraped[host] = (port, job.get("metrics_path", "/metrics"))
    for name in sorted(JAVA & set(services)):
        env = {k: str(v) for k, v in (services[name].get("environment") or {}).items()}
        if name == "gateway":
            port = env.get("NUMSHIELD_GATEWAY_MANAGEMENT_PORT", "8090")
            if env.get("NUMSHIELD_GATEWAY_MANAGEMENT_ADDRESS") != "0.0.0.0":
                faults.append("gateway: NUMSHIELD_GATEWAY_MANAGEMENT_ADDRESS is not 0.0.0.0: Prometheus cannot "
                              "reach its metrics (the management port listens on loopback)")
        else:
            port = env.get("SERVER_PORT")
        if scraped.get(name) != (port, "/actuator/prometheus"):
            faults.append(f"prometheus.yml scrapes {name} at {scraped.get(name)}, not ({port}, /actuator/prometheus)")
    shard = open(os.path.join(here, "..", "numshield-core", "src", "main", "java", "io", "numshield", "core",
                              "number", "VirtualShard.java")).read()
    count = int(re.search(r"int COUNT = (\d+);", shard).group(1))
    binding = {k: str(v) for k, v in (services.get("binding-service", {}).get("environment") or {}).items()}
    prefix = binding.get("NUMSHIELD_REDIS_KEY_PREFIX", "ns:")
    exporter = {k: str(v) for k, v in (services.get("redis-exporter", {}).get("environment") or {}).items()}
    for setting, kinds in (("REDIS_EXPORTER_CHECK_SINGLE_STREAMS", ("ev", "calls")),
                           ("REDIS_EXPORTER_CHECK_SINGLE_KEYS", ("cbdead",))):
        named = {s.strip() for s in exporter.get(setting, "").split(",") if s.strip()}
        want = {f"{prefix}{{{i:02d}}}:{kind}" for i in range(count) for kind in kinds}
        if named != want:
            faults.append(f"redis-exporter: {setting} lacks {sorted(want - named)[:3]}… and has "
                          f"{sorted(named - want)[:3]} it should not ({len(want)} keys expected)")
    return faults


if __name__ == "__main__":
    found = check(sys.argv[1])
    for fault in found:
        print(f"FAULT compose: {fault}")
    print(f"{sys.argv[1]}: " + (f"{len(found)} faults" if found else "no faults"))
    sys.exit(1 if found else 0)
