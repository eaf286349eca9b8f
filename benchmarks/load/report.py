"""Turns a benchmark run (artifacts/bench/) into results.csv, results.json and, with --docs DIR,
DIR/benchmarks.md and DIR/benchmarks.png. Run by scripts/bench.sh; reads only what the run wrote."""

import argparse
import csv
import glob
import json
import os
import re
import time

OPS = {
    # op: (label, raw baseline op, baseline label)
    "get-value": ("GET /api/session/values/{key}", "read", "point read (1-value session)"),
    "get-session": ("GET /api/session (50 values)", "read50", "point read (50-value session)"),
    "put-many": ("PUT value, many sessions", "rmw", "read + replace If-Match (own entity per connection)"),
    "put-same": ("PUT value, one session", "rmw", "read + replace If-Match (own entity per connection)"),
    "login": ("POST /api/auth/login", None, None),
}
RAW_LABELS = {"read": "raw point read (1 value)", "read50": "raw point read (50 values)", "rmw": "raw read + replace"}
MICRO_TARGETS = {"ParseCookieAndVerify": 2_000.0, "FiftyValueEntityToResponse": 20_000.0}  # ns


def load_rows(out):
    rows = []
    with open(os.path.join(out, "results.jsonl")) as f:
        for line in f:
            item = json.loads(line)
            row = {"kind": item["kind"], "op": item["op"], "connections": item["connections"], "measured": item["measured"]}
            if not item["measured"]:
                row["note"] = item.get("note", "")
            elif item["kind"] == "api":
                w = item["wrk"]
                seconds = w["duration_us"] / 1e6
                socket = w["connect"] + w["read"] + w["write"] + w["timeout"]
                row.update(
                    duration_s=round(seconds, 2),
                    requests=w["requests"],
                    throughput=round((w["requests"] - w["non2xx"]) / seconds, 1),
                    p50_ms=round(w["p50_us"] / 1000, 2),
                    p99_ms=round(w["p99_us"] / 1000, 2),
                    p90_ms=round(w["p90_us"] / 1000, 2),
                    max_ms=round(w["max_us"] / 1000, 2),
                    errors=w["non2xx"] + socket,
                    non2xx=w["non2xx"],
                    socket_errors=socket,
                    server_cpu_pct=round(100 * item["server_cpu_s"] / seconds),
                    storage_cpu_pct=round(100 * item["storage_cpu_s"] / seconds),
                    client_cpu_pct=round(100 * item["client_cpu_s"] / seconds),
                )
            else:
                r = item["raw"]
                seconds = r["duration_s"]
                row.update(
                    op=r["op"],
                    duration_s=round(seconds, 2),
                    requests=r["requests"],
                    throughput=round(r["throughput"], 1),
                    p50_ms=round(r["p50_ms"], 2),
                    p99_ms=round(r["p99_ms"], 2),
                    p90_ms=round(r["p90_ms"], 2),
                    max_ms=round(r["max_ms"], 2),
                    errors=r["errors"],
                    non2xx=r["errors"],
                    socket_errors=0,
                    server_cpu_pct=None,
                    storage_cpu_pct=round(100 * (r["storage_cpu_s"] or 0) / seconds),
                    client_cpu_pct=round(100 * r["client_cpu_s"] / seconds),
                )
            rows.append(row)
    raw = {(r["op"], r["connections"]): r for r in rows if r["kind"] == "raw"}
    for row in rows:
        base_op = OPS.get(row["op"], (None, None))[1] if row["kind"] == "api" else None
        base = raw.get((base_op, row["connections"])) if base_op else None
        if row["measured"] and base and base["throughput"]:
            row["baseline"] = base_op
            row["throughput_ratio"] = round(row["throughput"] / base["throughput"], 2)
            row["p99_ratio"] = round(row["p99_ms"] / base["p99_ms"], 2) if base["p99_ms"] else None
    return rows


def parse_time_ns(text):
    m = re.match(r"([\d.,]+)\s*(ns|μs|us|ms|s)", text.strip())
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    return value * {"ns": 1, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}[m.group(2)]


def parse_bytes(text):
    text = text.strip()
    if text in ("-", "0", "0 B", ""):
        return 0
    m = re.match(r"([\d.,]+)\s*(B|KB|MB)", text)
    return round(float(m.group(1).replace(",", "")) * {"B": 1, "KB": 1024, "MB": 1024 ** 2}[m.group(2)]) if m else None


def load_micro(out):
    rows = []
    for path in sorted(glob.glob(os.path.join(out, "micro", "results", "*-report.csv"))):
        with open(path, encoding="utf-8-sig") as f:
            for rec in csv.DictReader(f):
                rows.append({
                    "run": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(os.path.getmtime(path))),
                    "class": os.path.basename(path).split("-report")[0].split(".")[-1],
                    "method": rec["Method"],
                    "mean_ns": parse_time_ns(rec["Mean"]),
                    "error_ns": parse_time_ns(rec.get("Error", "") or ""),
                    "allocated_b": parse_bytes(rec.get("Allocated", "-")),
                })
    return rows


def fmt_ns(ns):
    if ns is None:
        return "n/a"
    return f"{ns:,.0f} ns" if ns < 1000 else f"{ns / 1000:,.2f} µs"


def write_data(out, rows, micro, machine):
    columns = ["kind", "op", "connections", "measured", "duration_s", "requests", "throughput", "p50_ms", "p90_ms", "p99_ms",
               "max_ms", "errors", "non2xx", "socket_errors", "baseline", "throughput_ratio", "p99_ratio",
               "server_cpu_pct", "storage_cpu_pct", "client_cpu_pct", "note"]
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"machine": machine, "load": rows, "micro": micro}, f, indent=2)


def find(rows, kind, op, c):
    return next((r for r in rows if r["kind"] == kind and r["op"] == op and r["connections"] == c and r["measured"]), None)


def targets(rows, micro, machine):
    """(target, measured, met) for each target of the issue; met is None when it was not measured."""
    result = []
    get32, raw32 = find(rows, "api", "get-value", 32), find(rows, "raw", "read", 32)
    if get32 and raw32:
        result.append(("GET value ≥ 80% of raw point-read throughput at 32 connections",
                       f"{get32['throughput']:,.0f} vs {raw32['throughput']:,.0f} req/s = {get32['throughput_ratio']:.0%}",
                       get32["throughput_ratio"] >= 0.8))
        result.append(("GET value p99 ≤ 2× raw p99 at 32 connections",
                       f"{get32['p99_ms']} ms vs {raw32['p99_ms']} ms = {get32['p99_ratio']}×",
                       get32["p99_ratio"] <= 2))
    put32, rmw32 = find(rows, "api", "put-many", 32), find(rows, "raw", "rmw", 32)
    if put32 and rmw32:
        result.append(("PUT value on distinct sessions ≥ 70% of raw read + replace at 32 connections",
                       f"{put32['throughput']:,.0f} vs {rmw32['throughput']:,.0f} req/s = {put32['throughput_ratio']:.0%}",
                       put32["throughput_ratio"] >= 0.7))
    at128 = [r for r in rows if r["kind"] == "api" and r["connections"] == 128 and r["measured"] and r["op"] != "login"]
    if at128:
        errors = sum(r["errors"] for r in at128)
        detail = ", ".join(f"{OPS[r['op']][0]}: {r['errors']}" for r in at128)
        result.append(("Zero errors at 128 connections (session operations)", detail, errors == 0))
    rss = machine.get("api_peak_rss_kb")
    if rss:
        result.append(("API peak RSS < 300 MB", f"{rss / 1024:.0f} MB (VmHWM)", rss < 300 * 1024))
    by_method = {m["method"]: m for m in micro}
    cookie = by_method.get("ParseCookieAndVerify")
    result.append(("Cookie parse + signature check < 2 µs, 0 B allocated",
                   f"{fmt_ns(cookie['mean_ns'])}, {cookie['allocated_b']} B" if cookie else "not measured",
                   (cookie["mean_ns"] < 2000 and cookie["allocated_b"] == 0) if cookie else None))
    view = by_method.get("FiftyValueEntityToResponse")
    result.append(("50-value session entity → GET /api/session response < 20 µs",
                   f"{fmt_ns(view['mean_ns'])}, {view['allocated_b']:,} B allocated" if view else "not measured",
                   view["mean_ns"] < 20_000 if view else None))
    return result


def chart(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [
        ("GET value vs raw point read",
         [("api", "get-value", "API GET value", "tab:blue"), ("raw", "read", "raw point read", "tab:gray")]),
        ("GET session (50 values) vs raw point read",
         [("api", "get-session", "API GET session", "tab:blue"), ("raw", "read50", "raw point read, 50 values", "tab:gray")]),
        ("PUT value vs raw read + replace",
         [("api", "put-many", "API PUT, many sessions", "tab:blue"), ("api", "put-same", "API PUT, one session", "tab:red"),
          ("raw", "rmw", "raw read + replace", "tab:gray")]),
    ]
    conns = sorted({r["connections"] for r in rows if r["measured"]})
    fig, axes = plt.subplots(1, len(panels), figsize=(15, 4.6), sharey=True)
    styles = {"api": dict(marker="o", linewidth=2), "raw": dict(marker="s", linestyle="--", linewidth=2)}
    for ax, (title, series) in zip(axes, panels):
        for kind, op, label, color in series:
            points = [(c, find(rows, kind, op, c)) for c in conns]
            xs = [c for c, r in points if r]
            ys = [r["throughput"] for c, r in points if r]
            if xs:
                ax.plot(xs, ys, label=label, color=color, **styles[kind])
        ax.set_xscale("log", base=2)
        ax.set_xticks(conns)
        ax.set_xticklabels([str(c) for c in conns])
        ax.set_title(title, fontsize=11)
        ax.set_xlabel("concurrent connections")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=9)
    axes[0].set_ylabel("successful requests per second")
    axes[0].set_ylim(bottom=0)
    fig.suptitle("FuncSession API vs the raw Table Storage calls beneath it (Azurite, same machine, same run)", fontsize=12)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(rows, micro, machine, checks):
    conns = sorted({r["connections"] for r in rows if r["measured"]})
    lines = []
    add = lines.append
    mem_gib = machine["mem_total_kb"] / 1024 / 1024
    add("# Benchmarks")
    add("")
    add("How close the API comes to the storage it stands on. A session costs one Table Storage point read")
    add("per read and a read plus a conditional replace per write, so the limit the API can approach is")
    add("what the same storage calls achieve when made directly with Azure.Data.Tables. This page is")
    add("generated from a run of the benchmark command; every number in it was measured in that run.")
    add("")
    add("## Run it")
    add("")
    add("```")
    add("scripts/bench.sh")
    add("```")
    add("")
    add("It builds in Release, starts its own in-memory Azurite and the API (through LocalHost, in Release) on")
    add("free 127.0.0.1 ports, creates the sessions it needs, warms up, and measures each operation with")
    add(f"[wrk](https://github.com/wg/wrk) for {machine['duration_s']} s at each of {', '.join(map(str, conns))} connections.")
    add("In the same run, against the same Azurite, `benchmarks/FuncSession.Benchmarks storage` makes the raw")
    add("storage calls with the same concurrency and duration, on entities shaped exactly like the API's sessions.")
    add("Then it runs the BenchmarkDotNet microbenchmarks, writes `artifacts/bench/` (results.csv, results.json,")
    add("the BenchmarkDotNet reports, the API and Azurite logs) and regenerates this page and its chart.")
    add("`BENCH_DURATION`, `BENCH_CONNECTIONS`, `BENCH_SESSIONS`, `BENCH_MICRO=0` and `BENCH_DOCS=0` change")
    add("the defaults. A full run takes about ten minutes. Nothing here runs in CI: these are measurements, not tests.")
    add("")
    add("## Machine")
    add("")
    add("| | |")
    add("| --- | --- |")
    add(f"| CPU | {machine['nproc']} × {machine['cpu']} (family/model {machine['cpu_family_model']}, {float(machine['cpu_mhz']):,.0f} MHz)"
        f"{', virtual machine' if machine.get('virtualized') else ''} |")
    add(f"| Memory | {mem_gib:.0f} GiB |")
    add(f"| OS | {machine['os']}, Linux {machine['kernel']} |")
    add(f"| Software | .NET SDK {machine['dotnet']}, Node.js {machine['node']}, Azurite {machine['azurite']} (in memory), wrk {machine['wrk']} |")
    add(f"| Load average (1, 5, 15 min) | {machine['load_before']} before the load, {machine['load_after']} after |")
    add(f"| Run | {machine['date']} |")
    add("")
    add("Everything shares the same cores: wrk (or the raw-storage client), the API and Azurite. The CPU")
    add("columns below show who used them; 100% is one full core.")
    add("")
    add("## Targets")
    add("")
    add("| target | measured | met |")
    add("| --- | --- | --- |")
    for name, measured, met in checks:
        add(f"| {name} | {measured} | {'yes' if met else 'not measured' if met is None else '**no**'} |")
    add("")
    add("## Throughput against concurrency")
    add("")
    add("![Throughput of the API and of the raw storage calls at 1, 8, 32 and 128 connections](benchmarks.png)")
    add("")
    add("## Load results")
    add("")
    add("Throughput counts successful (2xx) answers per second. Latency is wrk's (from the request's send to")
    add("the end of its answer) and, for raw storage, the client call's. Errors are non-2xx answers plus socket")
    add("errors and timeouts. Ratios compare the API with its raw-storage baseline at the same concurrency.")
    add("")
    add("| operation | conn. | req/s | p50 ms | p99 ms | max ms | errors | baseline req/s | baseline p99 ms | req/s ratio | p99 ratio | CPU: API / Azurite / load generator |")
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for op in ["get-value", "get-session", "put-many", "put-same"]:
        for c in conns:
            r = find(rows, "api", op, c)
            if not r:
                continue
            base = find(rows, "raw", r.get("baseline"), c) if r.get("baseline") else None
            add(f"| {OPS[op][0]} | {c} | {r['throughput']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} | "
                f"{base['throughput']:,.0f} | {base['p99_ms']} | {r['throughput_ratio']:.0%} | {r['p99_ratio']}× | "
                f"{r['server_cpu_pct']}% / {r['storage_cpu_pct']}% / {r['client_cpu_pct']}% |" if base else
                f"{r['throughput']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} | | | | | |")
    add("")
    add("The raw-storage baselines on their own:")
    add("")
    add("| baseline | conn. | req/s | p50 ms | p99 ms | max ms | errors | CPU: Azurite / client |")
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for op in ["read", "read50", "rmw"]:
        for c in conns:
            r = find(rows, "raw", op, c)
            if r:
                add(f"| {RAW_LABELS[op]} | {c} | {r['throughput']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} | "
                    f"{r['storage_cpu_pct']}% / {r['client_cpu_pct']}% |")
    add("")
    add("The PUT baseline gives each connection its own entity, as the many-sessions load does; the one-session")
    add("PUT is compared with it too, although there the writes to the one session take turns on the API instance,")
    add("each a read and a replace, so none runs concurrently with another (by design: no lost updates).")
    add("")
    add("### Login")
    add("")
    login = [r for r in rows if r["kind"] == "api" and r["op"] == "login"]
    if login and all(not r["measured"] for r in login):
        add(f"{login[0]['note'].capitalize()}.")
    else:
        add("Login is dominated by password hashing (PBKDF2 with an iteration count that meets OWASP's")
        add("guidance), by design: its throughput is bounded by the CPU, not by storage, and it has no raw-storage baseline.")
        add("Each connection logs in as a user of its own. Requests that wrk stopped before their answer are not counted.")
        add("")
        add("| operation | conn. | req/s | p50 ms | p99 ms | max ms | errors | CPU: API / Azurite / wrk |")
        add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in login:
            if r["measured"]:
                add(f"| POST /api/auth/login | {r['connections']} | {r['throughput']:,.1f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | "
                    f"{r['errors']} | {r['server_cpu_pct']}% / {r['storage_cpu_pct']}% / {r['client_cpu_pct']}% |")
    add("")
    add(f"API process peak resident memory (VmHWM) over the whole run: **{machine['api_peak_rss_kb'] / 1024:.0f} MB**; "
        f"Azurite's: {machine['azurite_peak_rss_kb'] / 1024:.0f} MB.")
    add("")
    add("## Microbenchmarks")
    add("")
    when = micro[0]["run"] if micro else "not run"
    add(f"BenchmarkDotNet (short-run job, Release) on the same machine ({machine['cpu']}, {float(machine['cpu_mhz']):,.0f} MHz), run {when}:")
    add("the CPU work of a request that does not touch storage. Source: `benchmarks/FuncSession.Benchmarks`.")
    add("")
    add("| benchmark | what it does | mean | allocated |")
    add("| --- | --- | ---: | ---: |")
    what = {
        "ParseCookieAndVerify": "find the session cookie in a Cookie header and check its shape and HMAC (the target)",
        "VerifyToken": "check a token's shape and HMAC",
        "VerifyTokenWithTwoKeys": "the same with two keys in the ring (during a rotation)",
        "RejectForgedToken": "refuse a token whose signature is wrong",
        "ReadToken": "verify, plus the storage key (SHA-256, hex) and the token string the request keeps",
        "FiftyValueEntityToResponse": "50-value session entity → session record → GET /api/session body (the target)",
        "FiftyValueEntityToRecord": "entity → session record only",
        "FiftyValueRecordToResponse": "session record → response body only",
        "OneValueOfFifty": "one value out of the 50 (GET /api/session/values/{key})",
    }
    for m in micro:
        add(f"| {m['method']} | {what.get(m['method'], '')} | {fmt_ns(m['mean_ns'])} | {m['allocated_b']:,} B |")
    add("")
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--docs")
    args = parser.parse_args()
    with open(os.path.join(args.out, "machine.json")) as f:
        machine = json.load(f)
    rows = load_rows(args.out)
    micro = load_micro(args.out)
    write_data(args.out, rows, micro, machine)
    checks = targets(rows, micro, machine)
    for name, measured, met in checks:
        print(f"{'MET ' if met else 'n/a ' if met is None else 'MISS'}  {name}: {measured}")
    if args.docs:
        chart(rows, os.path.join(args.docs, "benchmarks.png"))
        notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "findings.md")
        lines = markdown(rows, micro, machine, checks)
        if os.path.exists(notes):
            with open(notes) as f:
                lines += ["## Where the time goes", "", f.read().strip(), ""]
        with open(os.path.join(args.docs, "benchmarks.md"), "w") as f:
            f.write("\n".join(lines))
        print(f"Wrote {os.path.join(args.docs, 'benchmarks.md')} and benchmarks.png")


if __name__ == "__main__":
    main()
