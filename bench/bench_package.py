"""Benchmark rds-proxy-package on lambda_src: prints figures, asserts nothing.

cold         empty dependency cache (pip resolves and installs; pip's own HTTP cache may be warm)
warm no-op   same inputs again: the rebuild is skipped
warm rebuild a source file changed, dependencies from the cache
identical    two clean builds (separate caches and outputs) are byte-identical
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def package(source: Path, out: Path, cache: Path) -> tuple[float, str]:
    """Run the CLI once; return (seconds, stdout)."""
    command = [
        sys.executable,
        "-m",
        "rds_proxy_tools.package_lambda",
        "--source",
        str(source),
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
    ]
    began = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - began
    if result.returncode != 0:
        sys.exit(f"bench_package: package_lambda failed: {result.stderr.strip()}")
    return elapsed, result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO / "lambda_src")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-package-") as tmp:
        tmp = Path(tmp)
        source = tmp / "src"
        shutil.copytree(args.source, source, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        cold, _ = package(source, tmp / "a" / "lambda.zip", tmp / "cache-a")
        noop, noop_out = package(source, tmp / "a" / "lambda.zip", tmp / "cache-a")
        (source / "bench_touch.py").write_text("# changed by bench_package\n")
        rebuild, _ = package(source, tmp / "a" / "lambda.zip", tmp / "cache-a")
        (source / "bench_touch.py").unlink()
        package(source, tmp / "b" / "lambda.zip", tmp / "cache-b")
        package(source, tmp / "c" / "lambda.zip", tmp / "cache-c")
        first, second = (tmp / "b" / "lambda.zip").read_bytes(), (tmp / "c" / "lambda.zip").read_bytes()
        hash_line = next(line for line in noop_out.splitlines() if line.startswith("base64sha256:"))
    print(f"package cold (empty dep cache): {cold:6.2f} s")
    print(f"package warm no-op:             {noop:6.2f} s  ({'skipped' if 'skipped' in noop_out else 'REBUILT'})")
    print(f"package warm, source changed:   {rebuild:6.2f} s")
    print(f"zip size:                       {len(first):,} bytes ({hash_line})")
    print(f"two clean builds byte-identical: {'yes' if first == second else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
