"""Benchmark rds-proxy-doctor across an account on the emulator, paged as AWS pages: prints figures, asserts nothing.

functions   --proxy-name on one proxy with 1, 200 and 1,000 functions in the region, one in ten of them using the
            proxy (ListFunctions answers 50 a page)
proxies     --all-proxies over 1, 10 and 20 proxies, each with one function that uses it

Each size on a fresh emulator; the doctor runs in this process (harness.emulator.doctor), once to warm up and then
--runs times: the least of its times and of this process's CPU times (the doctor and botocore, not the emulator;
the machine's other load only ever adds), and the API calls of a run (botocore's before-call: retries not counted).
For each series, the slope from the middle size to the largest against the slope from the smallest to the middle:
a ratio near 1 is linear growth, above 1 faster than linear. The calls' ratio at these function counts is 1.33
and still linear: ListFunctions costs one call per 50 functions or fewer, so 1 function takes a whole page and the
slope from 1 to 200 (3 pages for 199 functions) is below the 1/50 of the slope from 200 to 1,000. Wall time counts
the emulator's answers and whatever else loads the machine; the doctor's CPU time does not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from scaling import slope_line

from harness import emulator as emu
from harness.emulator import doctor, seed

FUNCTIONS = (1, 200, 1000)
PROXIES = (1, 10, 20)
EVERY = 10  # one function in EVERY uses the proxy


def measure(env: dict[str, str], args: list[str], runs: int) -> tuple[float, float, dict[str, int], int]:
    """(least seconds of a run, least CPU seconds of this process in a run, the API calls of one run by
    "service:Operation", the run's exit status)."""
    doctor.run(env, *args)  # warm-up: the clients' endpoints and models
    times, cpu, calls, code = [], [], {}, 0
    for _ in range(runs):
        session = doctor.session(env)
        counted = doctor.counted(session)
        began, began_cpu = time.perf_counter(), time.process_time()
        result = doctor.run(env, *args, aws_session=session)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        calls, code = dict(counted), result.code
        if result.code == 2:
            sys.exit(f"bench_doctor_scale: the doctor could not run: {result.stderr.strip()}")
    return min(times), min(cpu), calls, code


def with_functions(env: dict[str, str], size: int) -> list[str]:
    seed.seed_proxy(env, "orders")
    seed.seed_functions(env, "orders", size, every=EVERY)
    return ["--proxy-name", "orders"]


def with_proxies(env: dict[str, str], size: int) -> list[str]:
    for index in range(size):
        seed.seed_proxy(env, f"p{index:02}")
        seed.seed_functions(env, f"p{index:02}", 1)
    return ["--all-proxies"]


def series(
    title: str,
    unit: tuple[str, str],
    sizes: tuple[int, ...],
    setup: Callable[[dict[str, str], int], list[str]],
    runs: int,
) -> None:
    print(title)
    print(f"  {unit[1]:>9}  {'calls':>5}  {'of which':<44}  {'time':>7}  {'doctor CPU':>10}  exit")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-doctor-") as tmp:
        for size in sizes:
            with emu.start(Path(tmp) / str(size)) as server:
                env = server.env()
                args = setup(env, size)
                seconds, cpu, calls, code = measure(env, args, runs)
            which = ", ".join(
                f"{name.split(':')[1]} {calls.get(name, 0)}"
                for name in ("lambda:ListFunctions", "rds:DescribeDBProxies", "iam:GetRole")
            )
            rows.append((size, seconds * 1000, cpu * 1000, sum(calls.values())))
            print(
                f"  {size:>9}  {sum(calls.values()):>5}  {which:<44}  {seconds * 1000:4.0f} ms  {cpu * 1000:7.0f} ms"
                f"  {code}"
            )
    for index, (what, per) in enumerate((("time", "ms"), ("doctor CPU", "ms"), ("calls", "calls")), start=1):
        print(slope_line(what, sizes, tuple(row[index] for row in rows), per, unit[0], 16))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per size (default 5); the least is shown")
    args = parser.parse_args(argv)
    series(
        f"rds-proxy-doctor --proxy-name: functions in the region, 1 in {EVERY} using the proxy",
        ("function", "functions"),
        FUNCTIONS,
        with_functions,
        args.runs,
    )
    series(
        "rds-proxy-doctor --all-proxies: proxies, each with one function",
        ("proxy", "proxies"),
        PROXIES,
        with_proxies,
        args.runs,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
