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
    "put-many": ("PUT value, many sessions", "rmw", "read + replace If-Match (each connection its own entities)"),
    "put-same": ("PUT value, one session", "rmw", "read + replace If-Match (each connection its own entities)"),
    "login": ("POST /api/auth/login", None, None),
}
# Benchmark parameters whose value names a row of the microbenchmark table, with how to say it.
MICRO_PARAMS = {
    "SdkLoggingPolicy": {"True": "SDK logging policy on", "False": "SDK logging policy off, as the app's client"},
    "ForwardSdkEvents": {"True": "its events forwarded to a logger", "False": "its events not listened to"},
}
RAW_LABELS = {"read": "raw point read (1 value)", "read50": "raw point read (50 values)", "rmw": "raw read + replace"}
MICRO_TARGETS = {"ParseCookieAndVerify": 2_000.0, "FiftyValueEntityToResponse": 20_000.0}  # ns
# A row is contended when processes other than the API, Azurite and the load generator used more
# than this share of one core while it ran.
CONTENDED_PCT = 10
# What a target rests on was contended: the run cannot say whether it was met.
CONTENDED = "contended"


def cpu_columns(row, seconds, requests, api_s, storage_s, client_s, busy_s):
    """The CPU columns of a row: each process's share of one core, per-request CPU, and everyone else's share."""
    row.update(
        server_cpu_pct=None if api_s is None else round(100 * api_s / seconds),
        storage_cpu_pct=None if storage_s is None else round(100 * storage_s / seconds),
        client_cpu_pct=round(100 * client_s / seconds),
        api_cpu_ms_per_req=None if api_s is None or not requests else round(1000 * api_s / requests, 3),
        storage_cpu_ms_per_req=None if storage_s is None or not requests else round(1000 * storage_s / requests, 3),
    )
    if busy_s is None:
        row.update(other_cpu_pct=None, contended=None)
    else:
        # The whole machine's busy time over the window, less the three processes the row is about.
        other = max(0.0, busy_s - (api_s or 0) - (storage_s or 0) - client_s)
        row.update(other_cpu_pct=round(100 * other / seconds), contended=100 * other / seconds > CONTENDED_PCT)


def load_rows(out):
    rows = []
    with open(os.path.join(out, "results.jsonl")) as f:
        for line in f:
            item = json.loads(line)
            row = {"kind": item["kind"], "op": item["op"], "connections": item["connections"], "round": item.get("round", 1),
                   "measured": item["measured"]}
            if not item["measured"]:
                row["note"] = item.get("note", "")
            elif item["kind"] in ("api", "floor"):
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
                )
                # The processes' CPU was read around the whole wrk command, so it is shared over that window.
                window = item.get("window_s") or seconds
                cpu_columns(row, window, w["requests"], item["server_cpu_s"], item["storage_cpu_s"], item["client_cpu_s"],
                            item.get("machine_busy_s"))
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
                )
                cpu_columns(row, seconds, r["requests"], r.get("api_cpu_s"), r["storage_cpu_s"], r["client_cpu_s"],
                            r.get("machine_busy_s"))
                # The API is idle during a raw row: its CPU counts as nobody's per request.
                row["api_cpu_ms_per_req"] = None
            rows.append(row)
    raw = {(r["op"], r["connections"], r["round"]): r for r in rows if r["kind"] == "raw"}
    for row in rows:
        base_op = OPS.get(row["op"], (None, None))[1] if row["kind"] == "api" else None
        base = raw.get((base_op, row["connections"], row["round"])) if base_op else None
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
            records = list(csv.DictReader(f))
        # bench.sh runs them in process; BenchmarkDotNet may also list the benchmark's own job, built in a
        # process of its own, which a busy machine fails to build (NA). Only what ran counts.
        in_process = [r for r in records if "InProcess" in r.get("Toolchain", "")]
        for rec in in_process or records:
            if parse_time_ns(rec["Mean"]) is None:
                continue
            params = [said[rec[name]] for name, said in MICRO_PARAMS.items() if rec.get(name) in said]
            rows.append({
                "run": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(os.path.getmtime(path))),
                "class": os.path.basename(path).split("-report")[0].split(".")[-1],
                "method": rec["Method"],
                "params": ", ".join(params),
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
    columns = ["kind", "op", "connections", "round", "measured", "duration_s", "requests", "throughput", "p50_ms", "p90_ms", "p99_ms",
               "max_ms", "errors", "non2xx", "socket_errors", "baseline", "throughput_ratio", "p99_ratio",
               "server_cpu_pct", "storage_cpu_pct", "client_cpu_pct", "other_cpu_pct", "contended",
               "api_cpu_ms_per_req", "storage_cpu_ms_per_req", "note"]
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"machine": machine, "load": rows, "micro": micro}, f, indent=2)


def find(rows, kind, op, c, number=1):
    """The row of one measurement in round `number`: by default the first, which the tables show."""
    return next((r for r in rows if r["kind"] == kind and r["op"] == op and r["connections"] == c and r["round"] == number
                 and r["measured"]), None)


def rounds(rows, op, base_op, c):
    """[(api row, baseline row)] of every round in which both were measured."""
    numbers = sorted({r["round"] for r in rows if r["kind"] == "api" and r["op"] == op and r["connections"] == c})
    pairs = [(find(rows, "api", op, c, n), find(rows, "raw", base_op, c, n)) for n in numbers]
    return [(api, raw) for api, raw in pairs if api and raw]


def ratio_check(rows, name, op, base_op, c, minimum):
    """Judged on the totals over all rounds of the pair (one round unless the run repeated it)."""
    pairs = rounds(rows, op, base_op, c)
    if not pairs:
        return (name, "not measured", None)
    api = sum(a["throughput"] for a, _ in pairs)
    raw = sum(b["throughput"] for _, b in pairs)
    ratio = api / raw
    measured = f"{api / len(pairs):,.0f} vs {raw / len(pairs):,.0f} req/s = {ratio:.0%}"
    if len(pairs) > 1:
        measured += (f" (mean of {len(pairs)} alternated rounds; each round: "
                     + ", ".join(f"{a['throughput_ratio']:.0%}" for a, _ in pairs) + ")")
    return (name, measured, judged(ratio >= minimum, *[row for pair in pairs for row in pair]))


def judged(met, *rows):
    """Whether a target was met, unless a row it rests on was contended: then it is not judged."""
    return CONTENDED if any(r.get("contended") for r in rows if r) else met


def targets(rows, micro, machine):
    """(target, measured, met) for each target; met is None when it was not measured."""
    result = [
        ratio_check(rows, "GET value ≥ 95% of raw point reads at 32 connections", "get-value", "read", 32, 0.95),
        ratio_check(rows, "PUT over many sessions ≥ 95% of raw read + replace pairs at 32 connections", "put-many", "rmw", 32, 0.95),
        ratio_check(rows, "PUT to one session ≥ 100% of raw read + replace pairs at 32 connections", "put-same", "rmw", 32, 1.0),
    ]
    get32 = find(rows, "api", "get-value", 32)
    if get32 and get32.get("api_cpu_ms_per_req") is not None:
        floor32 = find(rows, "floor", "get-value", 32)
        floor = (f" (the minimal endpoint: {floor32['api_cpu_ms_per_req']:.3f} ms)"
                 if floor32 and floor32.get("api_cpu_ms_per_req") is not None else "")
        result.append(("API CPU ≤ 0.2 ms per GET value at 32 connections", f"{get32['api_cpu_ms_per_req']:.3f} ms{floor}",
                       judged(get32["api_cpu_ms_per_req"] <= 0.2, get32, floor32)))
    raw32 = find(rows, "raw", "read", 32)
    if get32 and raw32:
        result.append(("GET value p99 ≤ 2× raw p99 at 32 connections",
                       f"{get32['p99_ms']} ms vs {raw32['p99_ms']} ms = {get32['p99_ratio']}×",
                       judged(get32["p99_ratio"] <= 2, get32, raw32)))
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
    # A benchmark that failed to run has no mean: it counts as not measured.
    cookie = cookie if cookie and cookie["mean_ns"] is not None else None
    view = by_method.get("FiftyValueEntityToResponse")
    view = view if view and view["mean_ns"] is not None else None
    result.append(("Cookie parse + signature check < 2 µs, 0 B allocated",
                   f"{fmt_ns(cookie['mean_ns'])}, {cookie['allocated_b']} B" if cookie else "not measured",
                   (cookie["mean_ns"] < 2000 and cookie["allocated_b"] == 0) if cookie else None))
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
    contended = sum(1 for r in rows if r["measured"] and r.get("contended"))
    title = "FuncSession API vs the raw Table Storage calls beneath it (Azurite, same machine, same run)"
    if contended:
        # A chart travels without its page: it must say itself that other work shared the cores.
        title += f"\nCONTENDED: other processes used over {CONTENDED_PCT}% of a core in {contended} of the run's rows"
    fig.suptitle(title, fontsize=12)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def verdict(met):
    if met == CONTENDED:
        return "not judged: contended"
    return "yes" if met else "not measured" if met is None else "**no**"


def pct(value):
    return "n/a" if value is None else f"{value}%"


def ms(value):
    return "n/a" if value is None else f"{value:.3f}"


def contended_cell(*rows):
    """'**yes**' when any of the rows (an API row and its baseline) was contended."""
    flags = [r.get("contended") for r in rows if r]
    if any(flags):
        return "**yes**"
    return "n/a" if all(f is None for f in flags) else "no"


def print_ratios(rows):
    """The ratios of the run, one line per concurrency, for the terminal."""
    conns = sorted({r["connections"] for r in rows if r["measured"]})
    print("Ratios to raw storage in this run (API req/s ÷ raw req/s; API CPU ms per GET value; contended rows marked *):")
    for c in conns:
        parts = []
        for op in ["get-value", "get-session", "put-many", "put-same"]:
            r = find(rows, "api", op, c)
            if r and r.get("throughput_ratio") is not None:
                base = find(rows, "raw", r["baseline"], c)
                star = "*" if r.get("contended") or (base and base.get("contended")) else ""
                parts.append(f"{op} {r['throughput_ratio']:.2f}{star}")
        get = find(rows, "api", "get-value", c)
        if get and get.get("api_cpu_ms_per_req") is not None:
            parts.append(f"API CPU/GET {get['api_cpu_ms_per_req']:.3f} ms")
        print(f"  c={c}: " + ", ".join(parts))


def markdown(rows, micro, machine, checks):
    conns = sorted({r["connections"] for r in rows if r["measured"]})
    lines = []
    add = lines.append
    mem_gib = machine["mem_total_kb"] / 1024 / 1024
    add("# Benchmarks")
    add("")
    add(f"Generated by `scripts/bench.sh` from the run of {machine['date']} on commit {machine.get('commit', 'unknown')}; "
        "do not edit it by hand: every word and number on this page is written by `benchmarks/load/report.py`, and every")
    add("number was measured in that run. What the numbers mean, and what was found and changed because of them,")
    add("is in [benchmark-findings.md](benchmark-findings.md), written by hand and dated.")
    add("")
    add("How close the API comes to the storage it stands on. A session costs one Table Storage point read")
    add("per read and a read plus a conditional replace per write, so the limit the API can approach is")
    add("what the same storage calls achieve when made directly with Azure.Data.Tables.")
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
    repeated = max((r["round"] for r in rows), default=1)
    if repeated > 1:
        add(f"At 32 connections the pairs behind the GET-value and many-sessions PUT targets are measured in {repeated}")
        add("rounds that alternate which side goes first, and those targets are judged on the totals of the rounds.")
    add("`BENCH_DURATION`, `BENCH_CONNECTIONS`, `BENCH_SESSIONS`, `BENCH_ROUNDS`, `BENCH_MICRO=0` and `BENCH_DOCS=0` change")
    add("the defaults. Nothing here runs in CI: these are measurements, not tests.")
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
    add(f"| Run | {machine['date']}, commit {machine.get('commit', 'unknown')} |")
    add("")
    add("Everything shares the same cores: wrk (or the raw-storage client), the API and Azurite. The CPU")
    add("columns below show who used them; 100% is one full core. *Other* is the CPU every other process on")
    add("the machine used while the row ran (all cores' busy time from /proc/stat, less the API's, Azurite's and")
    add(f"the load generator's, from /proc/PID/stat); a row where it passed {CONTENDED_PCT}% of one core is marked")
    add("**contended**: its absolute numbers are lower than this machine gives when quiet, and its ratios")
    add("compare rows that may have been slowed by different amounts.")
    contended = [r for r in rows if r["measured"] and r.get("contended")]
    measured = [r for r in rows if r["measured"] and r.get("contended") is not None]
    if measured:
        add("")
        add(f"In this run {len(contended)} of {len(measured)} rows were contended.")
    add("")
    add("## Targets")
    add("")
    add("| target | measured | met |")
    add("| --- | --- | --- |")
    for name, measured, met in checks:
        add(f"| {name} | {measured} | {verdict(met)} |")
    add("")
    paired = [(op, pairs) for op in ["get-value", "put-many"] for pairs in [rounds(rows, op, OPS[op][1], 32)] if len(pairs) > 1]
    if paired:
        add("The target pairs at 32 connections, round by round (odd rounds measure the baseline first, even rounds the API):")
        add("")
        add("| operation | round | API req/s | baseline req/s | ratio | CPU ms per request: API / Azurite (baseline: Azurite) | contended |")
        add("| --- | ---: | ---: | ---: | ---: | --- | --- |")
        for op, pairs in paired:
            for api, raw in pairs:
                add(f"| {OPS[op][0]} | {api['round']} | {api['throughput']:,.0f} | {raw['throughput']:,.0f} | {api['throughput_ratio']:.0%} | "
                    f"{ms(api.get('api_cpu_ms_per_req'))} / {ms(api.get('storage_cpu_ms_per_req'))} ({ms(raw.get('storage_cpu_ms_per_req'))}) | "
                    f"{contended_cell(api, raw)} |")
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
    add("| operation | conn. | req/s | p50 ms | p99 ms | max ms | errors | baseline req/s | baseline p99 ms | req/s ratio | p99 ratio | CPU: API / Azurite / load generator / other | CPU ms per request: API / Azurite | contended |")
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |")
    for op in ["get-value", "get-session", "put-many", "put-same"]:
        for c in conns:
            r = find(rows, "api", op, c)
            if not r:
                continue
            base = find(rows, "raw", r.get("baseline"), c) if r.get("baseline") else None
            cpu = f"{r['server_cpu_pct']}% / {r['storage_cpu_pct']}% / {r['client_cpu_pct']}% / {pct(r.get('other_cpu_pct'))}"
            per = f"{ms(r.get('api_cpu_ms_per_req'))} / {ms(r.get('storage_cpu_ms_per_req'))}"
            busy = contended_cell(r, base)
            add(f"| {OPS[op][0]} | {c} | {r['throughput']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} | "
                f"{base['throughput']:,.0f} | {base['p99_ms']} | {r['throughput_ratio']:.0%} | {r['p99_ratio']}× | {cpu} | {per} | {busy} |" if base else
                f"| {OPS[op][0]} | {c} | {r['throughput']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} | | | | | {cpu} | {per} | {busy} |")
    add("")
    add("The raw-storage baselines on their own:")
    add("")
    add("| baseline | conn. | req/s | p50 ms | p99 ms | max ms | errors | CPU: Azurite / client / other | Azurite CPU ms per request | contended |")
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |")
    for op in ["read", "read50", "rmw"]:
        for c in conns:
            r = find(rows, "raw", op, c)
            if r:
                add(f"| {RAW_LABELS[op]} | {c} | {r['throughput']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} | "
                    f"{r['storage_cpu_pct']}% / {r['client_cpu_pct']}% / {pct(r.get('other_cpu_pct'))} | "
                    f"{ms(r.get('storage_cpu_ms_per_req'))} | {contended_cell(r)} |")
    add("")
    floors = [r for c in conns for r in [find(rows, "floor", "get-value", c)] if r]
    if floors:
        add("The floor under the API's CPU per GET: a minimal endpoint (`benchmarks/FuncSession.Benchmarks minimal-endpoint`),")
        add("Kestrel and the same point read through Azure.Data.Tables with the app's client settings and runtime settings,")
        add("and nothing else: one route, no middleware, cookie, session rules, metrics or logging. wrk sends it the")
        add("same requests as the API's GET value rows, against the same Azurite.")
        add("")
        add("| minimal endpoint | conn. | req/s | p50 ms | p99 ms | max ms | errors | CPU: endpoint / Azurite / wrk / other | CPU ms per request: endpoint / Azurite | API CPU ms per GET value | contended |")
        add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | --- |")
        for r in floors:
            api = find(rows, "api", "get-value", r["connections"])
            add(f"| GET, one point read | {r['connections']} | {r['throughput']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} | "
                f"{r['server_cpu_pct']}% / {r['storage_cpu_pct']}% / {r['client_cpu_pct']}% / {pct(r.get('other_cpu_pct'))} | "
                f"{ms(r.get('api_cpu_ms_per_req'))} / {ms(r.get('storage_cpu_ms_per_req'))} | {ms(api.get('api_cpu_ms_per_req')) if api else ''} | {contended_cell(r)} |")
        add("")
    add("The PUT baseline walks as many entities as the many-sessions load walks sessions, each connection its own")
    add("slice of them, as the load does; the one-session PUT is compared with it too, although there the writes to")
    add("the one session are applied together, several in one read and replace (group commit).")
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
        add("| operation | conn. | req/s | p50 ms | p99 ms | max ms | errors | CPU: API / Azurite / wrk / other | contended |")
        add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
        for r in login:
            if r["measured"]:
                add(f"| POST /api/auth/login | {r['connections']} | {r['throughput']:,.1f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | "
                    f"{r['errors']} | {r['server_cpu_pct']}% / {r['storage_cpu_pct']}% / {r['client_cpu_pct']}% / "
                    f"{pct(r.get('other_cpu_pct'))} | {contended_cell(r)} |")
    add("")
    add(f"API process peak resident memory (VmHWM) over the whole run: **{machine['api_peak_rss_kb'] / 1024:.0f} MB**; "
        f"Azurite's: {machine['azurite_peak_rss_kb'] / 1024:.0f} MB.")
    add("")
    add("## Microbenchmarks")
    add("")
    when = micro[0]["run"] if micro else "not run"
    add(f"BenchmarkDotNet (in process, Release) on the same machine ({machine['cpu']}, {float(machine['cpu_mhz']):,.0f} MHz), run {when}:")
    add("the CPU work of a request with storage left out (the storage-call benchmark gets a canned answer in process).")
    add("Source: `benchmarks/FuncSession.Benchmarks`. No contention is recorded for them: on a busy machine their")
    add("times grow like the load rows', so compare them with each other, not with another run's.")
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
        "PointReadAndMap": "one session point read through Azure.Data.Tables against a canned in-process answer, and the entity → record mapping",
    }
    for m in micro:
        about = what.get(m["method"], "") + (f" ({m['params']})" if m.get("params") else "")
        allocated = "n/a" if m["allocated_b"] is None else f"{m['allocated_b']:,} B"
        add(f"| {m['method']} | {about} | {fmt_ns(m['mean_ns'])} | {allocated} |")
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
    print_ratios(rows)
    for name, measured, met in checks:
        print(f"{'CONT' if met == CONTENDED else 'MET ' if met else 'n/a ' if met is None else 'MISS'}  {name}: {measured}")
    if args.docs:
        chart(rows, os.path.join(args.docs, "benchmarks.png"))
        lines = markdown(rows, micro, machine, checks)
        with open(os.path.join(args.docs, "benchmarks.md"), "w") as f:
            f.write("\n".join(lines))
        print(f"Wrote {os.path.join(args.docs, 'benchmarks.md')} and benchmarks.png")


if __name__ == "__main__":
    main()
