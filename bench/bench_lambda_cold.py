"""Cold path of a Lambda container up to its first IAM token (prints figures, asserts nothing).

    ours   import rds_connect + Config.from_env() + generate_auth_token(), compiled from source
           each time (the zip ships no .pyc)
    boto3  import boto3 + boto3.client("rds") + generate_db_auth_token(), with boto3's bytecode cached

Each sample is a fresh interpreter; interpreter start-up itself is left out of both. No network:
signing is local, and the credentials come from the environment. Target: ours <= 0.2x boto3.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 0.2

OURS = """
import time
started = time.perf_counter()
from rds_connect import Config, generate_auth_token
config = Config.from_env()
token = generate_auth_token(config.host, config.port, config.user, config.region, config.credentials)
print(time.perf_counter() - started)
"""

BOTO3 = """
import os, time
started = time.perf_counter()
import boto3
client = boto3.client("rds")
token = client.generate_db_auth_token(DBHostname=os.environ["DB_HOST"], Port=int(os.environ["DB_PORT"]),
                                      DBUsername=os.environ["DB_USER"], Region=os.environ["AWS_REGION"])
print(time.perf_counter() - started)
"""

ENV = {
    "DB_HOST": "app.proxy-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com",
    "DB_PORT": "5432",
    "DB_USER": "app_user",
    "DB_NAME": "app",
    "DB_ENGINE": "postgresql",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "ASIAEXAMPLEEXAMPLE01",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN": "IQoJb3JpZ2luX2VjEXAMPLE" * 40,
    "AWS_EC2_METADATA_DISABLED": "true",
}


def sample(code: str, cwd: Path, extra_flags: list[str]) -> float:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), **ENV}
    result = subprocess.run(
        [sys.executable, *extra_flags, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"bench_lambda_cold: sample failed: {result.stderr.strip()[-300:]}")
    return float(result.stdout) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rdspl-bench-cold-") as tmp:
        source = Path(tmp) / "lambda_src"
        shutil.copytree(REPO / "lambda_src", source, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        sample(BOTO3, source, [])  # let boto3's own bytecode be cached, as in the Lambda runtime
        ours, boto3 = [], []
        for _ in range(args.runs):
            ours.append(sample(OURS, source, ["-B"]))  # -B: never write .pyc, so every run compiles
            boto3.append(sample(BOTO3, source, []))
    ours_ms, boto3_ms = statistics.median(ours), statistics.median(boto3)
    ratio = ours_ms / boto3_ms
    print(f"cold start to the first token, median of {args.runs} fresh interpreters each:")
    print(f"  ours  {ours_ms:.1f} ms  (min {min(ours):.1f}, max {max(ours):.1f})")
    print(f"  boto3 {boto3_ms:.1f} ms  (min {min(boto3):.1f}, max {max(boto3):.1f})")
    print(f"  ours/boto3 {ratio:.3f}x  (target <= {TARGET}x: {'met' if ratio <= TARGET else 'missed'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
