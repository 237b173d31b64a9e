"""K simulated Lambda containers (processes) x M invocations each: how many connections the database
server opened (prints figures, asserts nothing).

    ours  each container imports handler once and invokes lambda_handler M times
    seed  each container runs the seed posts' pattern M times: a new token and connection per call

Connections are counted at the server: every login its PAM verifier accepted (tests/lambda/dbservers.py).
Run as root. Target: ours opens exactly K; the seed pattern opens K x M.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.databases import dbservers
from harness.lambda_function import load_handler


def container(mode: str, invocations: int) -> None:
    """One simulated container: its environment is already the Lambda's. Prints the statuses as JSON."""
    statuses = []
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):  # the handler's log lines
        if mode == "ours":
            handler = load_handler()
            for _ in range(invocations):
                statuses.append(handler.lambda_handler({"query": "ping"}, None)["statusCode"])
        else:
            import boto3
            from bench_lambda_warm import seed_invocation

            from rds_connect import Config, tls_context

            config = Config.from_env()
            tls = tls_context(config.ca_bundle)
            rds = boto3.client("rds", region_name=config.region)
            for _ in range(invocations):
                seed_invocation(rds, config, tls)
                statuses.append(200)
    print(json.dumps(statuses))


def run_containers(server, mode: str, containers: int, invocations: int) -> tuple[int, int]:
    """(connections the server opened, invocations answered 200) for K containers run side by side."""
    before = server.pam.accepted()
    env = {
        **os.environ,
        **server.lambda_env(),
        "AWS_DEFAULT_REGION": dbservers.REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    command = [sys.executable, __file__, "--container", mode, "--invocations", str(invocations)]
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(containers)]
    answered = 0
    for process in processes:
        output, _ = process.communicate()
        if process.returncode != 0:
            sys.exit(f"bench_lambda_containers: a {mode} container failed (exit {process.returncode})")
        answered += json.loads(output).count(200)
    return server.pam.accepted() - before, answered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--containers", type=int, default=4, help="K")
    parser.add_argument("--invocations", type=int, default=25, help="M, per container")
    parser.add_argument("--container", choices=["ours", "seed"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.container:
        container(args.container, args.invocations)
        return 0
    k, m = args.containers, args.invocations
    credentials = dbservers.FakeAwsCredentials.generate()
    with tempfile.TemporaryDirectory(prefix="rdspl-bench-ca-") as directory:
        ca = dbservers.ThrowawayCA(Path(directory))
        for engine in ("postgresql", "mysql"):
            server = dbservers.SERVERS[engine](ca, credentials)
            try:
                ours, ours_ok = run_containers(server, "ours", k, m)
                seed, seed_ok = run_containers(server, "seed", k, m)
            finally:
                server.close()
            print(f"{engine}: K={k} containers x M={m} invocations, connections opened at the server:")
            print(
                f"  ours {ours} ({ours_ok}/{k * m} answered 200; target exactly K={k}: "
                f"{'met' if ours == k else 'missed'})"
            )
            print(f"  seed {seed} ({seed_ok}/{k * m} answered; K x M = {k * m})  seed/ours {seed / max(ours, 1):.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
