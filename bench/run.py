"""Benchmark of pulumi-openapi-oauth against the engine's own floor (not a test: nothing is asserted).

    .venv/bin/python bench/run.py [--resources 200] [--rounds 3] [--reps 7] [--load-seconds 5] [--load-rounds 3] [--write]

Measures in one run, on this machine, and reports every row as a ratio:

1. ``pulumi up`` (create), no-change ``pulumi preview``, ``pulumi refresh`` and ``pulumi destroy`` of N
   tokens (``tests/e2e/programs/many_tokens`` against a fresh emulator) against the same operations on N
   resources of a no-op dynamic provider (``bench/programs/noop_floor``: create returns its inputs, read
   returns its state), same CLI (``scripts/pulumi-cli``), the stacks' operations interleaved. Beside it, not
   targets: the same operations on N no-op resources with two secret outputs (``shape=secrets``: what
   secret outputs alone cost the engine) and on N no-op resources with the Token's shape (same properties
   in the program, inputs and outputs of the same size, two secret; ``shape=token``), which tells the
   engine's cost of that shape from the provider's own, and that floor's own update against its create.
   Also a no-change ``pulumi up --refresh`` (a GitOps pipeline's run) on every stack.
2. The update of every token's scopes against their create.
3. ``import pulumi_openapi_oauth as oauth; oauth.Token`` (the re-exports are lazy: naming Token is what a
   program pays) against ``import pulumi``: fresh interpreters, interleaved, median.
4. The emulator's GET /tokens/{token} against a bare FastAPI endpoint (``bench/bare_fastapi.py``) under the
   same uvicorn settings: ``wrk -t2 -c8`` when wrk is on PATH (``apt-get install -y wrk``), else a closed-loop
   httpx generator; interleaved rounds, median req/s, and the server's CPU time per request (from
   ``/proc``), which a busy machine disturbs less than req/s.

Also the requests each token operation made (``GET /_emulator/requests``). Prints markdown; ``--write``
also writes ``bench/results/latest.json`` and ``latest.md`` (tracked files are left alone without it).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests._emulator import start_emulator, stop_emulator  # noqa: E402
from tests.e2e.harness import Stack, isolated_env, native_env, new_stack, provide_cli  # noqa: E402

EMAIL, KEY = "demo@example.com", "demo-key"
SCOPE = "GET:company.openapi.com/IT-start"
RESULTS = ROOT / "bench" / "results"
FLOOR_PROGRAM = ROOT / "bench" / "programs" / "noop_floor"
BARE_SERVER = ROOT / "bench" / "bare_fastapi.py"
#: Targets of the issue "Performance: close to the engine's own floor" (ratio, "<=" or ">=").
TARGETS = {
    "up": (1.25, "<="),
    "preview": (1.15, "<="),
    "refresh": (1.5, "<="),
    "destroy": (1.25, "<="),
    "update_vs_create": (1.0, "<="),
    "import": (1.30, "<="),
    "emulator_get": (0.5, ">="),
}


def machine(cli_version: str) -> dict[str, object]:
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
        "pulumi_cli": cli_version,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


# --------------------------------------------------------------------------- stacks


def requests_of(url: str) -> dict[str, int]:
    counts: dict[str, int] = httpx.get(url + "/_emulator/requests", timeout=10).json()
    httpx.delete(url + "/_emulator/requests", timeout=10).raise_for_status()
    return counts


def _timed(fn: Callable[[], object]) -> float:
    start = time.monotonic()
    fn()
    return round(time.monotonic() - start, 2)


def bench_stacks(n: int, work: Path, rounds: int) -> dict[str, Any]:
    """The same operations on N tokens and on N no-op resources, interleaved; ``rounds`` times
    (up, preview, refresh, up --refresh, update, destroy), the median of each."""
    cli = provide_cli()
    url, emulator = start_emulator(work / "emu.sqlite")
    try:
        tokens = new_stack(
            "many_tokens",
            work / "tokens",
            isolated_env(cli, work / "tokens-pulumi"),
            config={"count": str(n), "openapi-oauth:baseUrl": url, "openapi-oauth:email": EMAIL},
            secrets={"openapi-oauth:apiKey": KEY},
        )
        # The floors' provider module sits next to their program; the provider host imports it too.
        stacks = {"tokens": tokens}
        for label, config in (("floor", {}), ("secrets", {"shape": "secrets"}), ("shaped", {"shape": "token"})):
            env = isolated_env(cli, work / f"{label}-pulumi", {"PYTHONPATH": str(work / label)})
            stacks[label] = new_stack(FLOOR_PROGRAM, work / label, env, config={"count": str(n), **config})
        requests_of(url)
        samples: dict[str, dict[str, list[float]]] = {label: {} for label in stacks}
        counts: dict[str, dict[str, int]] = {}
        ops: list[tuple[str, Callable[[Stack], object]]] = [
            ("up", lambda s: s.up()),
            ("preview", lambda s: s.preview("--expect-no-changes")),
            ("refresh", lambda s: s.refresh()),
            ("up_refresh", lambda s: s.up("--refresh", "--expect-no-changes")),
            ("update", lambda s: s.up()),  # after scopeVariant b: every resource's scopes change
            ("destroy", lambda s: s.destroy()),
        ]
        for _ in range(rounds):
            for name, op in ops:
                for label, stack in stacks.items():
                    if name == "update" and label in ("floor", "secrets"):
                        continue  # the floor has no update row
                    if name in ("update", "destroy"):  # not timed: b for the update, back to a
                        stack.config_set("scopeVariant", "b" if name == "update" else "a")
                    took = _timed(lambda op=op, stack=stack: op(stack))  # type: ignore[misc]
                    samples[label].setdefault(name, []).append(took)
                counts[name] = requests_of(url)
        seconds = {label: {op: _median(t) for op, t in by_op.items()} for label, by_op in samples.items()}
        print(f"stacks of {n}: {samples}", file=sys.stderr)
        return {"resources": n, "rounds": rounds, "seconds": seconds, "samples": samples, "requests": counts}
    finally:
        stop_emulator(emulator)


# --------------------------------------------------------------------------- native provider


def native_program(n: int, dest: Path) -> Path:
    """A YAML program of N native Tokens like many_tokens' (YAML has no loops: they are written out)."""
    dest.mkdir(parents=True, exist_ok=True)
    lines = ["name: bench-native", "runtime: yaml", "resources:"]
    for i in range(n):
        lines += [f"  tok-{i}:", "    type: openapi-oauth:index:Token", "    properties:", f"      scopes: [{SCOPE!r}]"]
    (dest / "Pulumi.yaml").write_text("\n".join(lines) + "\n")
    return dest


def bench_native_up(n: int, work: Path, parallel: int = 32) -> dict[str, Any]:
    """``pulumi up --parallel 32`` of N tokens on the native provider (a YAML program) against the dynamic
    one (many_tokens), same emulator, one after the other; both destroyed afterwards (not timed)."""
    cli = provide_cli()
    url, emulator = start_emulator(work / "native-emu.sqlite")
    try:
        config = {"openapi-oauth:baseUrl": url, "openapi-oauth:email": EMAIL}
        dynamic = new_stack(
            "many_tokens",
            work / "dynamic",
            isolated_env(cli, work / "dynamic-pulumi"),
            config={"count": str(n), **config},
            secrets={"openapi-oauth:apiKey": KEY},
        )
        native = new_stack(
            native_program(n, work / "native-src"),
            work / "native",
            native_env(isolated_env(cli, work / "native-pulumi"), "yaml"),
            config=config,
            secrets={"openapi-oauth:apiKey": KEY},
        )
        requests_of(url)
        seconds = {"native": _timed(lambda: native.up("--parallel", str(parallel)))}
        counts = {"native": requests_of(url)}
        seconds["dynamic"] = _timed(lambda: dynamic.up("--parallel", str(parallel)))
        counts["dynamic"] = requests_of(url)
        native.destroy()
        dynamic.destroy()
        print(f"up --parallel {parallel} of {n}: {seconds}", file=sys.stderr)
        return {"resources": n, "parallel": parallel, "seconds": seconds, "requests": counts}
    finally:
        stop_emulator(emulator)


def native_markdown(row: dict[str, Any]) -> str:
    sec = row["seconds"]
    return (
        f"| `pulumi up --parallel {row['parallel']}` of {row['resources']} tokens | native {sec['native']} s | "
        f"dynamic {sec['dynamic']} s | {round(sec['native'] / sec['dynamic'], 2)}x | requests: native "
        f"{row['requests']['native']}, dynamic {row['requests']['dynamic']} |\n"
    )


# --------------------------------------------------------------------------- imports


def bench_imports(reps: int) -> dict[str, dict[str, float]]:
    """Wall time of ``python -c 'import X'`` in fresh interpreters, the modules interleaved."""
    modules = {
        "pulumi": "import pulumi",
        "pulumi_openapi_oauth": "import pulumi_openapi_oauth",
        # What a program declaring tokens pays: the re-exports are lazy, so name Token.
        "pulumi_openapi_oauth.Token": "import pulumi_openapi_oauth as oauth; oauth.Token",
        "python -c pass": "pass",
    }
    times: dict[str, list[float]] = {name: [] for name in modules}
    for _ in range(reps):
        for name, stmt in modules.items():
            start = time.monotonic()
            subprocess.run([sys.executable, "-c", stmt], check=True, cwd=tempfile.gettempdir())
            times[name].append((time.monotonic() - start) * 1000)
    return {name: {"median_ms": _median(t), "min_ms": round(min(t), 1)} for name, t in times.items()}


# --------------------------------------------------------------------------- emulator


def _start_server(command: list[str]) -> tuple[str, subprocess.Popen[str]]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("listening on "):
        process.kill()
        process.wait()
        raise RuntimeError(f"{command} did not start (first line {line!r})")
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return line.removeprefix("listening on "), process


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _load(url: str, auth: str, seconds: float) -> tuple[float, int]:
    """(requests per second, requests) of GET ``url`` with 8 keep-alive connections."""
    wrk = shutil.which("wrk")
    if wrk:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(f'wrk.headers["Authorization"] = "{auth}"\n')
        try:
            out = subprocess.run(
                [wrk, "-t2", "-c8", f"-d{seconds:g}s", "-s", lua.name, url],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            os.unlink(lua.name)
        if "Non-2xx" in out:
            raise RuntimeError(f"non-2xx answers from {url}:\n{out}")
        rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
        total = re.search(r"(\d+) requests in", out)
        assert rate is not None and total is not None, out
        return float(rate.group(1)), int(total.group(1))
    stop = time.monotonic() + seconds
    done = [0] * 8

    def worker(k: int) -> None:
        with httpx.Client(headers={"Authorization": auth}) as client:
            while time.monotonic() < stop:
                client.get(url).raise_for_status()
                done[k] += 1

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - start), sum(done)


def bench_emulator(work: Path, seconds: float, rounds: int) -> dict[str, Any]:
    """GET /tokens/{token} on the emulator vs the bare endpoint, each round on fresh servers."""
    auth = "Basic " + base64.b64encode(f"{EMAIL}:{KEY}".encode()).decode()
    samples: dict[str, dict[str, list[float]]] = {
        name: {"req_per_s": [], "cpu_us_per_request": []} for name in ("emulator", "bare")
    }
    for r in range(rounds):
        for name in samples:
            if name == "emulator":
                base, process = start_emulator(work / f"load-{r}.sqlite")
                body = {"scopes": [SCOPE], "name": "load"}
                created = httpx.post(base + "/tokens", json=body, headers={"Authorization": auth}, timeout=10)
                url = base + "/tokens/" + created.raise_for_status().json()["data"]["token"]
            else:
                base, process = _start_server([sys.executable, str(BARE_SERVER)])
                url = base + "/tokens/" + "0" * 40
            try:
                httpx.get(url, headers={"Authorization": auth}, timeout=10).raise_for_status()
                cpu = _cpu_seconds(process.pid)
                rate, total = _load(url, auth, seconds)
                cpu = _cpu_seconds(process.pid) - cpu
            finally:
                stop_emulator(process)
            samples[name]["req_per_s"].append(round(rate, 1))
            samples[name]["cpu_us_per_request"].append(round(cpu / max(total, 1) * 1e6, 1))
    tool = "wrk -t2 -c8" if shutil.which("wrk") else "httpx closed loop, 8 threads x 1 keep-alive client"
    return {
        "tool": tool,
        "seconds": seconds,
        "rounds": rounds,
        "samples": samples,
        "median": {name: {k: _median(v) for k, v in s.items()} for name, s in samples.items()},
    }


# --------------------------------------------------------------------------- report


def ratios(result: dict[str, Any]) -> dict[str, float]:
    sec = result["stacks"]["seconds"]
    imports = result["imports"]
    emu = result["emulator"]["median"]
    out = {op: sec["tokens"][op] / sec["floor"][op] for op in ("up", "preview", "refresh", "destroy")}
    out["update_vs_create"] = sec["tokens"]["update"] / sec["tokens"]["up"]
    # Not targets: up --refresh; the no-op with two secret outputs against the floor; against a no-op
    # provider with the Token's shape, and that floor's own update/create.
    ops = ("up", "preview", "refresh", "up_refresh", "destroy")
    out["up_refresh"] = sec["tokens"]["up_refresh"] / sec["floor"]["up_refresh"]
    out |= {f"secrets_{op}": sec["secrets"][op] / sec["floor"][op] for op in ops}
    out |= {f"shaped_{op}": sec["shaped"][op] / sec["floor"][op] for op in ops}
    out |= {f"{op}_vs_shaped": sec["tokens"][op] / sec["shaped"][op] for op in ops}
    out["update_vs_shaped"] = sec["tokens"]["update"] / sec["shaped"]["update"]
    out["shaped_update_vs_create"] = sec["shaped"]["update"] / sec["shaped"]["up"]
    out["import"] = imports["pulumi_openapi_oauth.Token"]["median_ms"] / imports["pulumi"]["median_ms"]
    out["emulator_get"] = emu["emulator"]["req_per_s"] / emu["bare"]["req_per_s"]
    return {k: round(v, 2) for k, v in out.items()}


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    sec = result["stacks"]["seconds"]
    n = result["stacks"]["resources"]
    imports = result["imports"]
    emu = result["emulator"]
    r = result["ratios"]

    def target(key: str) -> str:
        value, sense = TARGETS[key]
        return f"{sense} {value}x"

    lines = [
        "# Benchmark results",
        "",
        f"{m['date']}: {m['nproc']} CPUs, {m['cpu']}, {m['ram']} RAM; Python {m['python']}; "
        f"Pulumi CLI {m['pulumi_cli']}; load average at start {m['load_average_at_start']}.",
        "",
        f"| operation ({n} resources) | Tokens | floor | ratio | target | no-op with two secret outputs: time, it / floor "
        "| Token-shaped no-op: time, it / floor, Tokens / it |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, label in (
        ("up", "`pulumi up` (create)"),
        ("preview", "no-change `pulumi preview`"),
        ("refresh", "`pulumi refresh`"),
        ("up_refresh", "no-change `pulumi up --refresh` (not in the issue)"),
        ("destroy", "`pulumi destroy`"),
    ):
        lines.append(
            f"| {label} | {sec['tokens'][key]} s | {sec['floor'][key]} s (no-op) | {r[key]}x | "
            f"{target(key) if key in TARGETS else ''} | {sec['secrets'][key]} s, {r['secrets_' + key]}x "
            f"| {sec['shaped'][key]} s, {r['shaped_' + key]}x, {r[key + '_vs_shaped']}x |"
        )
    lines.append(
        f"| update of every token's scopes | {sec['tokens']['update']} s | {sec['tokens']['up']} s (their create) "
        f"| {r['update_vs_create']}x | {target('update_vs_create')} | | {sec['shaped']['update']} s, "
        f"{r['update_vs_shaped']}x (its own update/create: {r['shaped_update_vs_create']}x) |"
    )
    lines.append(
        f"| `import pulumi_openapi_oauth as oauth; oauth.Token` | {imports['pulumi_openapi_oauth.Token']['median_ms']:.0f} ms | "
        f"{imports['pulumi']['median_ms']:.0f} ms (`import pulumi`) | {r['import']}x | {target('import')} | | |"
    )
    med = emu["median"]
    lines.append(
        f"| emulator GET /tokens/{{token}}, {emu['tool']} | {med['emulator']['req_per_s']:.0f} req/s | "
        f"{med['bare']['req_per_s']:.0f} req/s (bare FastAPI) | {r['emulator_get']}x | {target('emulator_get')} | | |"
    )
    lines += [
        "",
        f"Stacks: medians of {result['stacks']['rounds']} rounds (each: up, preview, refresh, up --refresh, update, "
        "destroy, "
        f"the stacks interleaved). Samples (s): {json.dumps(result['stacks']['samples'])}.",
        "",
        f"Emulator: medians of {emu['rounds']} interleaved rounds of {emu['seconds']:g} s; server CPU per request "
        f"{med['emulator']['cpu_us_per_request']:.0f} us (emulator) vs {med['bare']['cpu_us_per_request']:.0f} us "
        f"(bare). Samples: {json.dumps(emu['samples'])}.",
        "",
        "Import times, fresh interpreter, median (min) of "
        + ", ".join(f"`{k}` {v['median_ms']:.0f} ms ({v['min_ms']:.0f})" for k, v in imports.items())
        + ".",
        "",
        "## Requests per token operation (`GET /_emulator/requests`)",
        "",
        "| operation | requests |",
        "|---|---|",
    ]
    for name, counts in result["stacks"]["requests"].items():
        lines.append(f"| {name} | {', '.join(f'{k}: {v}' for k, v in counts.items()) or 'none'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--resources", type=int, default=200, help="tokens and no-op resources per stack")
    parser.add_argument("--reps", type=int, default=7, help="fresh interpreters per import measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the stack operations (median reported)")
    parser.add_argument("--load-seconds", type=float, default=5.0, help="length of one throughput round")
    parser.add_argument("--load-rounds", type=int, default=3, help="interleaved throughput rounds")
    parser.add_argument("--write", action="store_true", help="write bench/results/latest.json and latest.md")
    parser.add_argument(
        "--native-only", action="store_true", help="only the row `up` native against dynamic provider (--parallel 32)"
    )
    args = parser.parse_args()
    if args.native_only:
        with tempfile.TemporaryDirectory(prefix="oauth-bench-") as tmp:
            print("| operation | native | dynamic | ratio | |\n|---|---|---|---|---|")
            print(native_markdown(bench_native_up(args.resources, Path(tmp))), end="")
        return
    cli = provide_cli()
    with tempfile.TemporaryDirectory(prefix="oauth-bench-") as tmp:
        work = Path(tmp)
        result: dict[str, Any] = {"machine": machine(cli.version)}
        result["imports"] = bench_imports(args.reps)
        result["emulator"] = bench_emulator(work, args.load_seconds, args.load_rounds)
        result["stacks"] = bench_stacks(args.resources, work, args.rounds)
        result["native_up"] = bench_native_up(args.resources, work)
    result["ratios"] = ratios(result)
    text = (
        markdown(result) + "\n## Native provider\n\n| operation | native | dynamic | ratio | |\n|---|---|---|---|---|\n"
    )
    text += native_markdown(result["native_up"])
    if args.write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
        (RESULTS / "latest.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
