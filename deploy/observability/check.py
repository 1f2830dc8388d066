"""The checks of deploy/observability/ that promtool does not make (check.sh runs both):

    python3 deploy/observability/check.py [--panel-rules FILE] [--self-test]

- every metric name in the recording rules, the alerts and the dashboards' queries is one that a
  NumShield meter publishes (derived here from the Java sources with Micrometer's Prometheus naming:
  dots to underscores, counters _total, timers _seconds_count/_sum/_max, _seconds{quantile} only with
  publishPercentiles, _bucket only with a histogram), a recording rule, or a name in
  known-metrics.txt (Prometheus, Spring's standard meters, the two exporters);
- every alert has a `for`, severity critical or warning, a summary, a description and a runbook
  that is a section of docs/observability.md, and alerts-test.yml has a case that fires it and one
  that does not; every alert section of that document is an alert;
- the dashboards are valid JSON with unique uids and titles, unique panel ids, each query on the
  provisioned data source; the provisioning files point at the compose Prometheus and at the
  directory compose mounts the dashboards in;
- --panel-rules FILE writes every dashboard query (Grafana's $__ variables replaced) as a recording
  rule, for `promtool check rules FILE` to parse;
- --self-test: wrong inputs, each of which these checks must catch.
"""
import glob
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DOC = os.path.join(ROOT, "docs", "observability.md")
GRAFANA_VARS = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h"}
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "offset", "inf", "nan", "atan2"}


def prometheus_name(name):
    return re.sub(r"[^a-zA-Z0-9_:]", "_", name)


def chain(text, start):
    """The builder chain from a meter's name to its register(...) or the end of the statement."""
    end = len(text)
    for stop in (".register(", ";"):
        i = text.find(stop, start)
        if i != -1:
            end = min(end, i)
    return text[start:end]


def distribution_config(resources):
    """meter name -> {'percentiles', 'histogram'} from management.metrics.distribution.* in application*.yml."""
    found = {}

    def flatten(node, prefix=""):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from flatten(v, f"{prefix}.{k}" if prefix else str(k))
        else:
            yield prefix, node

    for path in resources:
        for doc in yaml.safe_load_all(open(path)):
            dist = (((doc or {}).get("management") or {}).get("metrics") or {}).get("distribution") or {}
            for kind, what in (("percentiles-histogram", "histogram"), ("slo", "histogram"),
                               ("percentiles", "percentiles")):
                for name, value in flatten(dist.get(kind) or {}):
                    if value not in (False, None, "false"):
                        found.setdefault(name, set()).add(what)
    return found


def code_metrics(root=ROOT):
    """Prometheus names of every meter registered in */src/main/java, with where it is registered."""
    names = {}
    sources = [p for p in glob.glob(os.path.join(root, "*", "src", "main", "java", "**", "*.java"), recursive=True)
               if "/test-support/" not in p]
    config = distribution_config(glob.glob(os.path.join(root, "*", "src", "main", "resources", "application*.yml")))
    patterns = [
        re.compile(r"\b(Counter|Timer|Gauge|DistributionSummary)\s*\.\s*builder\(\s*\"([^\"]+)\""),
        re.compile(r"\b\w+\s*\.\s*(counter|timer|gauge|summary)\(\s*\"([^\"]+)\""),
    ]
    for path in sources:
        text = open(path, encoding="utf-8").read()
        for pattern in patterns:
            for m in pattern.finditer(text):
                kind, name = m.group(1).lower(), m.group(2)
                kind = {"distributionsummary": "summary"}.get(kind, kind)
                rest = chain(text, m.end())
                unit = re.search(r"\.baseUnit\(\s*\"([^\"]+)\"", rest)
                percentiles = "publishPercentiles(" in rest or "percentiles" in config.get(name, set())
                histogram = ("publishPercentileHistogram(" in rest or "serviceLevelObjectives(" in rest
                             or "histogram" in config.get(name, set()))
                base = prometheus_name(name)
                where = os.path.relpath(path, root)
                made = []
                if kind == "counter":
                    if unit and not base.endswith("_" + unit.group(1)):
                        base += "_" + prometheus_name(unit.group(1))
                    made = [re.sub(r"_total$", "", base) + "_total"]
                elif kind == "gauge":
                    made = [base + ("_" + prometheus_name(unit.group(1))
                                    if unit and not base.endswith("_" + unit.group(1)) else "")]
                elif kind in ("timer", "summary"):
                    if kind == "timer":
                        base += "_seconds"
                    elif unit and not base.endswith("_" + unit.group(1)):
                        base += "_" + prometheus_name(unit.group(1))
                    made = [base + "_count", base + "_sum", base + "_max"]
                    if percentiles:
                        made.append(base)
                    if histogram:
                        made.append(base + "_bucket")
                for n in made:
                    names.setdefault(n, where)
    return names


def known_metrics(path=os.path.join(HERE, "known-metrics.txt")):
    names = set()
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line)
    return names


def metric_names(expr):
    """The metric names a PromQL expression selects (functions, keywords, labels and numbers left out)."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    e = re.sub(r"'(?:[^'\\]|\\.)*'", "''", e)
    e = re.sub(r"\{[^}]*\}", " ", e)
    e = re.sub(r"\[[^\]]*\]", " ", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    found = set()
    for m in re.finditer(r"(?<![\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)", e):
        name = m.group(1)
        if name.lower() in KEYWORDS or re.match(r"\s*\(", e[m.end():]):
            continue
        found.add(name)
    return found


def anchors(markdown):
    """GitHub's anchors of a document's headings."""
    out = set()
    for line in markdown.splitlines():
        m = re.match(r"#{1,6}\s+(.*)", line)
        if m:
            text = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            out.add(text)
    return out


def alert_sections(markdown):
    """Headings of the document's "Alerts" section (level 3 below a level-2 heading starting 'Alerts')."""
    sections, inside = [], False
    for line in markdown.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip().lower().startswith("alerts")
        elif inside and line.startswith("### "):
            sections.append(line[4:].strip())
    return sections


def check(obs=HERE, doc_path=DOC, root=ROOT, panel_rules=None):
    faults = []
    recording = yaml.safe_load(open(os.path.join(obs, "recording.yml")))
    alerting = yaml.safe_load(open(os.path.join(obs, "alerts.yml")))
    tests = yaml.safe_load(open(os.path.join(obs, "alerts-test.yml")))
    doc = open(doc_path).read() if os.path.exists(doc_path) else ""
    if not doc:
        faults.append(f"{os.path.relpath(doc_path, root)} is missing")
    code = code_metrics(root)
    known = known_metrics(os.path.join(obs, "known-metrics.txt"))
    recorded = {r["record"] for g in recording["groups"] for r in g["rules"] if "record" in r}
    allowed = set(code) | known | recorded
    used = set()

    def names_ok(where, expr):
        for name in sorted(metric_names(expr)):
            used.add(name)
            if name not in allowed:
                faults.append(f"{where}: metric {name} is neither a NumShield meter (Java sources), a recording "
                              f"rule nor in known-metrics.txt")

    for g in recording["groups"]:
        for r in g["rules"]:
            names_ok(f"recording.yml {r.get('record')}", r["expr"])
    doc_anchors = anchors(doc)
    alerts = []
    for g in alerting["groups"]:
        for r in g["rules"]:
            name = r.get("alert", "?")
            alerts.append(name)
            names_ok(f"alerts.yml {name}", r["expr"])
            if not r.get("for"):
                faults.append(f"alerts.yml {name}: no `for`")
            if (r.get("labels") or {}).get("severity") not in ("critical", "warning"):
                faults.append(f"alerts.yml {name}: severity is not critical or warning")
            notes = r.get("annotations") or {}
            for key in ("summary", "description", "runbook"):
                if not str(notes.get(key, "")).strip():
                    faults.append(f"alerts.yml {name}: no {key} annotation")
            runbook = str(notes.get("runbook", ""))
            m = re.fullmatch(r"docs/observability\.md#([\w-]+)", runbook)
            if not m:
                faults.append(f"alerts.yml {name}: runbook {runbook!r} is not docs/observability.md#<section>")
            elif m.group(1) not in doc_anchors:
                faults.append(f"alerts.yml {name}: runbook section #{m.group(1)} is not in docs/observability.md")
    if len(set(alerts)) != len(alerts):
        faults.append("alerts.yml: an alert name is used twice")
    for section in alert_sections(doc):
        if section not in alerts:
            faults.append(f"docs/observability.md: section {section!r} under Alerts is not an alert of alerts.yml")
    fires, quiet = set(), set()
    for t in tests.get("tests") or []:
        for a in t.get("alert_rule_test") or []:
            (fires if a.get("exp_alerts") else quiet).add(a.get("alertname"))
    for name in alerts:
        if name not in fires:
            faults.append(f"alerts-test.yml: no case in which {name} fires")
        if name not in quiet:
            faults.append(f"alerts-test.yml: no case in which {name} stays quiet")

    # Grafana provisioning
    prov = os.path.join(obs, "grafana", "provisioning")
    sources = yaml.safe_load(open(os.path.join(prov, "datasources", "prometheus.yml")))["datasources"]
    uids = {s.get("uid") for s in sources}
    for s in sources:
        if s.get("url") != "http://prometheus:9090":
            faults.append(f"grafana data source {s.get('name')}: url {s.get('url')} is not compose's prometheus:9090")
    providers = yaml.safe_load(open(os.path.join(prov, "dashboards", "numshield.yml")))["providers"]
    compose = yaml.safe_load(open(os.path.join(root, "deploy", "compose.yaml")))
    mounts = {}
    for v in (compose["services"].get("grafana") or {}).get("volumes") or []:
        host, _, target = str(v).partition(":")
        mounts[target.split(":")[0]] = os.path.normpath(os.path.join(root, "deploy", host))
    for p in providers:
        path = (p.get("options") or {}).get("path")
        if mounts.get(path) != os.path.join(obs, "grafana", "dashboards"):
            faults.append(f"grafana provider {p.get('name')}: {path} is not where compose mounts grafana/dashboards")

    # dashboards
    panel_exprs = []
    seen_uids, seen_titles = {}, {}
    files = sorted(glob.glob(os.path.join(obs, "grafana", "dashboards", "*.json")))
    if not files:
        faults.append("grafana/dashboards: no dashboard")
    for path in files:
        name = os.path.basename(path)
        try:
            board = json.load(open(path))
        except ValueError as ex:
            faults.append(f"{name}: not valid JSON: {ex}")
            continue
        uid, title = board.get("uid"), board.get("title")
        if not uid:
            faults.append(f"{name}: no uid")
        elif uid in seen_uids:
            faults.append(f"{name}: uid {uid} is also {seen_uids[uid]}'s")
        seen_uids[uid] = name
        if title in seen_titles:
            faults.append(f"{name}: title {title!r} is also {seen_titles[title]}'s")
        seen_titles[title] = name
        ids = []
        panels = list(board.get("panels") or [])
        for panel in list(panels):
            panels.extend(panel.get("panels") or [])
        for panel in panels:
            ids.append(panel.get("id"))
            where = f"{name} panel {panel.get('title')!r}"
            if panel.get("type") != "row" and not panel.get("gridPos"):
                faults.append(f"{where}: no gridPos")
            if panel.get("type") != "row" and (panel.get("datasource") or {}).get("uid") not in uids:
                faults.append(f"{where}: data source {(panel.get('datasource') or {}).get('uid')} is not the "
                              f"provisioned one")
            for target in panel.get("targets") or []:
                ds = target.get("datasource") or panel.get("datasource") or {}
                if ds.get("uid") not in uids:
                    faults.append(f"{where}: data source {ds.get('uid')} is not the provisioned one")
                expr = target.get("expr")
                if not expr:
                    faults.append(f"{where}: a query without expr")
                    continue
                for var, value in GRAFANA_VARS.items():
                    expr = expr.replace(var, value)
                if "$" in expr:
                    faults.append(f"{where}: {expr!r} uses a variable the check does not know")
                    continue
                names_ok(where, expr)
                panel_exprs.append((where, expr))
        if len(set(ids)) != len(ids):
            faults.append(f"{name}: panel ids are not unique")
    if panel_rules:
        rules = [{"record": f"dashboard_query:check_{i}", "expr": e} for i, (_, e) in enumerate(panel_exprs)]
        with open(panel_rules, "w") as f:
            yaml.safe_dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, f, width=1000)
    unused = sorted(n for n in code if n not in used and not n.endswith(("_sum", "_max")))
    return faults, unused, len(panel_exprs)


def self_test():
    """Each wrong input must be caught."""
    import shutil
    import tempfile
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        def fresh():
            root = os.path.join(tmp, "root")
            shutil.rmtree(root, ignore_errors=True)
            os.makedirs(os.path.join(root, "deploy"))
            os.makedirs(os.path.join(root, "docs"))
            shutil.copytree(HERE, os.path.join(root, "deploy", "observability"))
            shutil.copy(os.path.join(ROOT, "deploy", "compose.yaml"), os.path.join(root, "deploy"))
            shutil.copy(DOC, os.path.join(root, "docs"))
            for src in glob.glob(os.path.join(ROOT, "*", "src", "main")):
                shutil.copytree(src, os.path.join(root, os.path.relpath(src, ROOT)),
                                ignore=shutil.ignore_patterns("*.sql", "*.lua", "*.png"))
            return root

        def edit(root, rel, old, new):
            path = os.path.join(root, rel)
            text = open(path).read()
            if old not in text:
                raise AssertionError(f"self-test: {old!r} not in {rel}")
            open(path, "w").write(text.replace(old, new, 1))

        cases = [
            ("a metric name no meter publishes", "deploy/observability/alerts.yml",
             "max(audit_ingest_dead_letters)", "max(audit_ingest_dead_letter)", "audit_ingest_dead_letter"),
            ("a meter renamed in Java", "call-routing-service/src/main/java/io/numshield/routing/callback/CallbackDeliverer.java",
             'meters.counter("callbacks.dead")', 'meters.counter("callbacks.died")', "callbacks_dead_total"),
            ("a timer quantile without publishPercentiles", "gateway/src/main/java/io/numshield/gateway/edge/EdgeCheck.java",
             ".publishPercentiles(0.5, 0.99)", "", "gateway_edge_check_seconds"),
            ("an alert without `for`", "deploy/observability/alerts.yml",
             "        for: 5m\n        labels:\n          severity: critical\n        annotations:\n          summary: \"{{ $value | humanize }} audit",
             "        labels:\n          severity: critical\n        annotations:\n          summary: \"{{ $value | humanize }} audit",
             "no `for`"),
            ("a runbook section that is not in the document", "deploy/observability/alerts.yml",
             "docs/observability.md#auditdeadletters", "docs/observability.md#auditdeadletter", "#auditdeadletter"),
            ("an alert without a quiet case", "deploy/observability/alerts-test.yml",
             "      - alertname: PostgresDeadlocks\n        eval_time: 5m\n        exp_alerts: []",
             "      - alertname: PostgresDown\n        eval_time: 5m\n        exp_alerts: []",
             "PostgresDeadlocks stays quiet"),
            ("a duplicate dashboard uid", "deploy/observability/grafana/dashboards/numshield-redis.json",
             '"uid": "numshield-redis"', '"uid": "numshield-postgres"', "uid numshield-postgres"),
            ("a panel on another data source", "deploy/observability/grafana/dashboards/numshield-gateway.json",
             '"uid": "prometheus"', '"uid": "elsewhere"', "data source elsewhere"),
            ("a dashboard that is not JSON", "deploy/observability/grafana/dashboards/numshield-postgres.json",
             "{", "{{", "not valid JSON"),
            ("a provider path compose does not mount", "deploy/observability/grafana/provisioning/dashboards/numshield.yml",
             "path: /etc/grafana/dashboards", "path: /var/lib/grafana/dashboards", "not where compose mounts"),
        ]
        for what, rel, old, new, expect in cases:
            root = fresh()
            edit(root, rel, old, new)
            faults, _, _ = check(os.path.join(root, "deploy", "observability"), os.path.join(root, "docs", "observability.md"),
                                 root)
            if not any(expect in f for f in faults):
                failures.append(f"self-test: {what}: not caught (faults: {faults})")
        root = fresh()
        faults, _, _ = check(os.path.join(root, "deploy", "observability"), os.path.join(root, "docs", "observability.md"), root)
        if faults:
            failures.append(f"self-test: the unchanged copy has faults: {faults}")
    return failures, len(cases)


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--self-test" in args:
        failures, n = self_test()
        for f in failures:
            print(f"FAULT {f}")
        print(f"deploy/observability/check.py --self-test: {n} wrong inputs, " +
              (f"{len(failures)} not caught" if failures else "each caught"))
        sys.exit(1 if failures else 0)
    out = args[args.index("--panel-rules") + 1] if "--panel-rules" in args else None
    found, unused, queries = check(panel_rules=out)
    for fault in found:
        print(f"FAULT observability: {fault}")
    if unused:
        print(f"note: NumShield meters on no dashboard or alert: {', '.join(unused)}")
    print(f"deploy/observability: {queries} dashboard queries, " + (f"{len(found)} faults" if found else "no faults"))
    sys.exit(1 if found else 0)
