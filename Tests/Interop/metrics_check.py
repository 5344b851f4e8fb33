#!/usr/bin/env python3
"""Scrapes a running vneidd's /metrics and parses it with Python's prometheus_client (a real
Prometheus text-format parser), and checks that every series the shipped Grafana dashboard
and alert rules use is served, and that the counters and histograms among them move.

    metrics_check.py snapshot URL BEFORE.json
    metrics_check.py compare URL BEFORE.json DASHBOARD.json ALERTS.yml

`snapshot` records the counters; the caller then makes traffic (and waits for a round of the
deadline monitor, which counts every 5 s); `compare` scrapes once, checks that every counter
and histogram the dashboard and rules use has moved since the snapshot, and exits 0 printing
"metrics: N checks passed".
"""
import json
import re
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

# Series that only move in circumstances this traffic does not make, and why.
NOT_EXPECTED_TO_MOVE = {
    "vneid_history_pruned_rows_total": "moves only when decisions outlive the retention (RetentionTests covers it)",
}


def scrape(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode("utf-8")
        content_type = response.headers.get("Content-Type", "")
    if not content_type.startswith("text/plain"):
        sys.exit(f"/metrics answered {content_type!r}, not Prometheus text")
    families = list(text_string_to_metric_families(text))
    samples = {}
    types = {}
    for family in families:
        for sample in family.samples:
            types[sample.name] = family.type
            samples[sample.name] = samples.get(sample.name, 0.0) + sample.value
    return samples, types, families


def used_names(dashboard_path, alerts_path):
    with open(dashboard_path, encoding="utf-8") as f:
        dashboard = json.load(f)
    expressions = [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]
    if not expressions or any(not e.strip() for e in expressions):
        sys.exit("the dashboard has a panel without a query")
    with open(alerts_path, encoding="utf-8") as f:
        expressions += re.findall(r"expr:\s*(\|[\s\S]*?(?=\n\s+for:)|.+)", f.read())
    names = set()
    for expression in expressions:
        names |= set(re.findall(r"\b((?:vneid|process)_[a-z0-9_]+)\b", expression))
    return names


def main():
    mode, url = sys.argv[1], sys.argv[2]
    if mode == "snapshot":
        samples, _, _ = scrape(url)
        with open(sys.argv[3], "w", encoding="utf-8") as f:
            json.dump(samples, f)
        return
    before = json.load(open(sys.argv[3], encoding="utf-8"))
    names = used_names(sys.argv[4], sys.argv[5])
    if len(names) < 20:
        sys.exit(f"only {len(names)} series found in the dashboard and rules: {sorted(names)}")
    samples, types, families = scrape(url)
    missing = sorted(n for n in names if n not in samples)
    still = sorted(
        n for n in names
        if n in samples and types[n] in ("counter", "histogram") and n not in NOT_EXPECTED_TO_MOVE
        and samples[n] == before.get(n, 0.0)
    )
    if missing or still:
        sys.exit(f"missing from /metrics: {missing}; not moved since the snapshot: {still}")
    build = [s for f in families if f.name == "vneid_build_info" for s in f.samples]
    if not build or not build[0].labels.get("version") or not build[0].labels.get("commit"):
        sys.exit(f"vneid_build_info lacks its version and commit: {build}")
    latency = [s for f in families if f.name == "vneid_rpc_duration_seconds" for s in f.samples if s.name.endswith("_bucket")]
    bounds = sorted({float(s.labels["le"]) for s in latency})
    if not bounds or bounds[0] > 0.0001:
        sys.exit(f"latency buckets do not reach below a millisecond: {bounds[:5]}")
    print(f"metrics: {len(names)} series served, {len([n for n in names if types[n] in ('counter', 'histogram')])} moving; checks passed")


main()
