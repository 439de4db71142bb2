"""Benchmarks of pulumi-openapi-oauth against the local emulator (not tests: nothing is asserted).

    .venv/bin/python bench/run.py [--sizes 10,50,200] [--reps 7] [--load-seconds 5] [--write]

Prints the markdown; with ``--write`` also writes bench/results/latest.json and latest.md (tracked
files, so only when asked; ``--out DIR`` writes there instead). Measures, in
one run on this machine:

1. ``pulumi up`` of N tokens (the ``tests/e2e/programs/many_tokens`` program, real CLI from
   ``scripts/pulumi-cli``) against a fresh emulator: wall time, and the ratio to a plain httpx script
   making the same API calls (1 GET /scopes + N POST /tokens) with the same concurrency.
2. Requests per operation (create, no-change preview, refresh, update, destroy) from
   ``GET /_emulator/requests``.
3. Provider start-up: importing ``pulumi_openapi_oauth._token_provider`` / ``pulumi_openapi_oauth``
   vs ``pulumi`` alone, fresh interpreters, median of ``--reps``.
4. Emulator throughput (token create and get per second on loopback) with ``wrk`` when it is on
   PATH (``apt-get install -y wrk``; this script does not install it), else with the documented
   httpx-based generator below (threads x keep-alive clients, closed loop).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests._emulator import start_emulator, stop_emulator  # noqa: E402
from tests.e2e.harness import isolated_env, new_stack, provide_cli  # noqa: E402

EMAIL, KEY = "demo@example.com", "demo-key"
SCOPE = "GET:company.openapi.com/IT-start"
RESULTS = ROOT / "bench" / "results"
#: The CLI's default --parallel is unbounded but the dynamic provider host serves 4 gRPC workers.
CONCURRENCY = 4


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": mem,
        "python": platform.python_version(),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def plain_httpx(url: str, n: int) -> float:
    """The same API calls as `pulumi up` of n tokens, from a plain script with the same concurrency."""
    start = time.monotonic()
    with httpx.Client(base_url=url, auth=(EMAIL, KEY), timeout=30) as client:
        client.get("/scopes").raise_for_status()

        def one(i: int) -> None:
            client.post("/tokens", json={"scopes": [SCOPE], "name": f"plain-{i}"}).raise_for_status()

        with ThreadPoolExecutor(CONCURRENCY) as pool:
            list(pool.map(one, range(n)))
    return time.monotonic() - start


def requests_of(url: str) -> dict[str, int]:
    counts: dict[str, int] = httpx.get(url + "/_emulator/requests", timeout=10).json()
    httpx.delete(url + "/_emulator/requests", timeout=10)
    return counts


def bench_pulumi(sizes: list[int], work: Path) -> list[dict[str, object]]:
    cli = provide_cli()
    rows = []
    for n in sizes:
        base = work / f"n{n}"
        base.mkdir(parents=True)
        url, proc = start_emulator(base / "emu.sqlite")
        try:
            env = isolated_env(cli, base / "pulumi")
            stack = new_stack(
                "many_tokens",
                base / "work",
                env,
                config={"count": str(n), "openapi-oauth:baseUrl": url, "openapi-oauth:email": EMAIL},
                secrets={"openapi-oauth:apiKey": KEY},
            )
            requests_of(url)
            ops: dict[str, dict[str, object]] = {}

            def op(name: str, fn: object, *args: str, ops: dict[str, dict[str, object]] = ops, url: str = url) -> None:
                start = time.monotonic()
                fn(*args)  # type: ignore[operator]
                ops[name] = {"seconds": round(time.monotonic() - start, 2), "requests": requests_of(url)}

            op("create", stack.up)
            op("preview_no_change", stack.preview, "--expect-no-changes")
            op("refresh", stack.refresh)
            stack.config_set("scopeVariant", "b")
            op("update", stack.up)
            op("destroy", stack.destroy)
            plain = plain_httpx(url, n)
            create_s = float(ops["create"]["seconds"])  # type: ignore[arg-type]
            rows.append(
                {
                    "tokens": n,
                    "operations": ops,
                    "plain_httpx_create_seconds": round(plain, 3),
                    "up_to_plain_ratio": round(create_s / plain, 1),
                }
            )
            print(f"n={n}: up {create_s:.1f}s, plain httpx {plain:.2f}s", file=sys.stderr)
        finally:
            stop_emulator(proc)
    return rows


def bench_imports(reps: int) -> dict[str, dict[str, float]]:
    modules = {
        "pulumi": "import pulumi",
        "pulumi_openapi_oauth._token_provider": "import pulumi_openapi_oauth._token_provider",
        "pulumi_openapi_oauth": "import pulumi_openapi_oauth",
        "python -c pass": "pass",
    }
    out = {}
    for name, stmt in modules.items():
        times = []
        for _ in range(reps):
            start = time.monotonic()
            subprocess.run([sys.executable, "-c", stmt], check=True, cwd=tempfile.gettempdir())
            times.append(time.monotonic() - start)
        out[name] = {"median_ms": round(statistics.median(times) * 1000, 1), "min_ms": round(min(times) * 1000, 1)}
    return out


def _load_httpx(fn_factory: object, seconds: float, threads: int) -> float:
    stop = time.monotonic() + seconds
    done = [0] * threads

    def worker(k: int) -> None:
        call = fn_factory()  # type: ignore[operator]
        while time.monotonic() < stop:
            call()
            done[k] += 1

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    start = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sum(done) / (time.monotonic() - start)


def bench_throughput(work: Path, seconds: float) -> dict[str, object]:
    base = work / "load"
    base.mkdir(parents=True)
    url, proc = start_emulator(base / "emu.sqlite")
    try:
        with httpx.Client(base_url=url, auth=(EMAIL, KEY)) as c:
            token = c.post("/tokens", json={"scopes": [SCOPE], "name": "load"}).json()["data"]["token"]
        wrk = shutil.which("wrk")
        if wrk:
            auth = "Basic " + base64.b64encode(f"{EMAIL}:{KEY}".encode()).decode()
            script = base / "post.lua"
            body = json.dumps({"scopes": [SCOPE], "name": "wrk"})
            script.write_text(
                f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
                f'wrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "{auth}"\n'
            )
            getscript = base / "get.lua"
            getscript.write_text(f'wrk.headers["Authorization"] = "{auth}"\n')

            def run_wrk(path: str, lua: Path) -> float:
                res = subprocess.run(
                    [wrk, "-t2", "-c8", f"-d{int(seconds)}s", "-s", str(lua), url + path],
                    capture_output=True, text=True, check=True,
                )
                line = next(x for x in res.stdout.splitlines() if x.startswith("Requests/sec"))
                return float(line.split()[1])

            return {
                "tool": "wrk -t2 -c8",
                "create_per_s": run_wrk("/tokens", script),
                "get_per_s": run_wrk(f"/tokens/{token}", getscript),
            }

        def make_create() -> object:
            c = httpx.Client(base_url=url, auth=(EMAIL, KEY))
            return lambda: c.post("/tokens", json={"scopes": [SCOPE], "name": "load"})

        def make_get() -> object:
            c = httpx.Client(base_url=url, auth=(EMAIL, KEY))
            return lambda: c.get(f"/tokens/{token}")

        return {
            "tool": "httpx closed loop, 8 threads x 1 keep-alive client (wrk not on PATH)",
            "create_per_s": round(_load_httpx(make_create, seconds, 8), 1),
            "get_per_s": round(_load_httpx(make_get, seconds, 8), 1),
        }
    finally:
        stop_emulator(proc)


def markdown(result: dict[str, object]) -> str:
    m = result["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {m['nproc']} CPUs, {m['cpu']}, {m['ram']} RAM; Python {m['python']}; {m['date']}.",  # type: ignore[index]
        "",
        "## `pulumi up` of N tokens vs a plain httpx script (same calls, concurrency 4)",
        "",
        "| tokens | create (s) | plain httpx (s) | ratio | preview (s) | refresh (s) | update (s) | destroy (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in result["pulumi"]:  # type: ignore[attr-defined]
        o = row["operations"]
        lines.append(
            f"| {row['tokens']} | {o['create']['seconds']} | {row['plain_httpx_create_seconds']} | "
            f"{row['up_to_plain_ratio']}x | {o['preview_no_change']['seconds']} | {o['refresh']['seconds']} | "
            f"{o['update']['seconds']} | {o['destroy']['seconds']} |"
        )
    lines += ["", "## Requests per operation (`GET /_emulator/requests`)", "", "| tokens | operation | requests |", "|---|---|---|"]
    for row in result["pulumi"]:  # type: ignore[attr-defined]
        for name, o in row["operations"].items():
            reqs = ", ".join(f"{k}: {v}" for k, v in o["requests"].items()) or "none"
            lines.append(f"| {row['tokens']} | {name} | {reqs} |")
    lines += ["", "## Import time (fresh interpreter, median)", "", "| module | median ms | min ms |", "|---|---|---|"]
    for name, t in result["imports"].items():  # type: ignore[attr-defined]
        lines.append(f"| `{name}` | {t['median_ms']} | {t['min_ms']} |")
    tp = result["throughput"]
    lines += [
        "",
        "## Emulator throughput (loopback)",
        "",
        f"Tool: {tp['tool']}. Token create: {tp['create_per_s']} req/s; token get: {tp['get_per_s']} req/s.",  # type: ignore[index]
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,200")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--load-seconds", type=float, default=5.0)
    parser.add_argument("--write", action="store_true", help="write latest.json and latest.md into --out")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where --write puts the results")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="oauth-bench-") as tmp:
        work = Path(tmp)
        result = {
            "machine": machine(),
            "imports": bench_imports(args.reps),
            "throughput": bench_throughput(work, args.load_seconds),
            "pulumi": bench_pulumi(sizes, work),
        }
    text = markdown(result)
    if args.write:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
        (args.out / "latest.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
