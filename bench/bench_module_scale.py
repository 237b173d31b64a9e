"""Benchmark the root module's plan and apply on the emulator at 1, 50 and 200 secrets and users: prints figures,
asserts nothing.

Each size is issue 22's shared database as tests/terraform/apply/test_policy_quotas.py applies it at 200
(harness.emulator.seed.seed_shared_database): N existing secrets under up to 4 customer keys, N users granted to the
module's function and to a function deployed elsewhere (connected_functions). A run of a size seeds a fresh emulator,
initialises a fresh configuration calling the root module (not timed), then times

plan      `terraform plan -out`: the first plan, from an empty state
apply     `terraform apply` of that saved plan (it does not plan again)
re-plan   `terraform plan` after the apply: a refresh of every resource, then the comparison

--runs runs per size (default 3; one run of the three sizes takes about a minute and a half here). Shown: the
resources in state, wall time and Terraform's CPU time (it and its provider, from this process's children) as the
least and the most over the runs, the least of the emulator's CPU time and of the HTTP requests it answered (its
log's lines, retries counted). For each step, the slope per secret (and user) of the least figures from the middle
size to the largest against the slope from the smallest to the middle: a ratio near 1 is linear growth, above 1
faster than linear. Wall time counts whatever else loads the machine; the CPU times less so.

What it shows on 2 shared cores: each step is mostly a fixed cost, the provider's start and schema (4 to 5 s of
CPU at N = 1) and, in the apply, its waiters; the emulator's CPU stays under a second. What grows with N is
Terraform's and the provider's CPU, 10 to 25 ms per secret from 1 to 200 by step (larger inputs and policy
documents, the proxy's N auth blocks). From 1 to 50 that is 0.1 to 1 s, the size of the spread between runs, so
the ratios of the time and CPU slopes swing from run to run (about 1 to 3 for CPU) and alone are no evidence of
faster growth. Resources and requests do not grow with N until a role's grant outgrows its inline policy, between
120 and 140 secrets (README, "Sizes"); at 200, 8 resources more (the roles' managed policies and their attachments:
20 requests more to apply, 12 to re-plan). That is a step, not a slope: the requests' slope from 1 to 50 is 0
(ratio n/a), and the slopes from 50 to 200 of the apply's and the re-plan's CPU carry it (0.05 to 0.2 s of CPU
for each resource added, from run_once at 100, 120, 140 and 150). The one cost known to grow faster than N is
Terraform's check of an applied set against its plan (objchange.assertSetValuesCompatible compares every pair of
elements): N^2 comparisons of the proxy's auth blocks, which these figures cannot tell apart from the step.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from scaling import slope_line

from harness import emulator as emu
from harness.builds import LAMBDA_ZIP
from harness.emulator import seed
from harness.terraform import tfrun

SIZES = (1, 50, 200)
KEYS = 4
STEPS = {
    "plan": ("plan", "-input=false", "-no-color", "-out=tfplan"),
    "apply": ("apply", "-input=false", "-no-color", "tfplan"),
    "re-plan": ("plan", "-input=false", "-no-color"),
}
SLOPES = {"time": (0, "s"), "terraform CPU": (1, "s"), "requests": (3, "requests")}  # index in timed()'s figures


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a running process (Linux /proc/<pid>/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def requests(server: emu.Emulator) -> int:
    """HTTP requests the emulator has answered: werkzeug's log lines, but for moto's own API (its readiness)."""
    with open(server.log_path) as log:
        return sum(1 for line in log if '] "' in line and "/moto-api/" not in line)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(workspace: tfrun.Workspace, server: emu.Emulator, step: str, size: int) -> tuple[float, ...]:
    """(seconds, Terraform's CPU seconds, the emulator's CPU seconds, requests) of one step."""
    calls, cpu, emulator_cpu = requests(server), children_cpu(), cpu_seconds(server.process.pid)
    began = time.perf_counter()
    result = workspace.run(*STEPS[step], timeout=3600)
    seconds = time.perf_counter() - began
    if result.returncode != 0:
        sys.exit(f"bench_module_scale: terraform {step} at {size} failed: {tfrun.one_line(result.stderr)[-800:]}")
    return (
        seconds,
        children_cpu() - cpu,
        cpu_seconds(server.process.pid) - emulator_cpu,
        requests(server) - calls,
    )


def run_once(directory: Path, size: int) -> tuple[int, dict[str, tuple[float, ...]]]:
    """(resources in state, {step: figures}) of one run at `size` on a fresh emulator."""
    with emu.start(directory / "moto") as server:
        env = {**emu.scrubbed_environ(), **server.env()}
        inputs = seed.seed_shared_database(env, "bench", size, KEYS)
        repo = tfrun.copy_repo(directory / "repo")
        workspace = tfrun.root_call(repo, "bench", {**inputs, "lambda_zip_path": str(LAMBDA_ZIP)}, env)
        workspace.init()
        figures = {step: timed(workspace, server, step, size) for step in STEPS}
        state = workspace.state()["values"]["root_module"]
    resources = sum(1 for r in tfrun.walk_resources(state) if r["mode"] == "managed")
    return resources, figures


def rows(size: int, runs: list[tuple[int, dict[str, tuple[float, ...]]]]) -> dict[str, tuple[float, ...]]:
    """Print a size's rows: the least and the most over the runs of the two times, the least of the others; return
    the least of each figure by step."""
    least = {}
    for index, step in enumerate(STEPS):
        figures = list(zip(*(f[step] for _, f in runs), strict=True))
        least[step] = tuple(min(values) for values in figures)
        (seconds, cpu, emulator_cpu, calls), most = least[step], [max(values) for values in figures]
        label = f"{size:>5}  {runs[0][0]:>9}" if index == 0 else " " * 16
        times = f"{seconds:.1f}-{most[0]:.1f} s", f"{cpu:.1f}-{most[1]:.1f} s"
        print(f"  {label}  {step:<8}  {times[0]:>13}  {times[1]:>13}  {emulator_cpu:10.1f} s  {calls:>8}")
    return least


def slopes(least: dict[int, dict[str, tuple[float, ...]]]) -> None:
    for step in STEPS:
        for what, (index, per) in SLOPES.items():
            values = tuple(least[size][step][index] for size in SIZES)
            print(slope_line(f"{step} {what}", SIZES, values, per, "secret", 27))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (default 3); the least is shown")
    args = parser.parse_args(argv)
    if not LAMBDA_ZIP.is_file():
        sys.exit(f"bench_module_scale: {LAMBDA_ZIP} is missing: run `make lambda-zip`")
    print(
        f"root module: N existing secrets under up to {KEYS} keys, N users granted to its function and to one elsewhere"
    )
    print(f"  {'N':>5}  resources  step      {'time':>13}  {'terraform CPU':>13}  {'emulator CPU':>12}  requests")
    least = {}
    with tempfile.TemporaryDirectory(prefix="bench-module-") as tmp:
        for size in SIZES:
            least[size] = rows(size, [run_once(Path(tmp) / f"{size}-{run}", size) for run in range(args.runs)])
    slopes(least)
    return 0


if __name__ == "__main__":
    sys.exit(main())
