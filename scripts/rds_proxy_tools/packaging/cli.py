"""The command line of rds-proxy-package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rds_proxy_tools import __version__, cli
from rds_proxy_tools.packaging.build import Result, package, package_layer
from rds_proxy_tools.packaging.errors import PackageError
from rds_proxy_tools.packaging.runtimes import ARCHITECTURES, DEFAULT_RUNTIME

PROG = "rds-proxy-package"


def parser() -> argparse.ArgumentParser:
    p = cli.ArgumentParser(
        prog=PROG,
        description="Package a Lambda function's folder and its dependencies, or the rds_connect layer, into a "
        "deterministic zip.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--source", type=Path, help="the function's folder (required unless --layer)")
    p.add_argument(
        "--layer", action="store_true", help="build the rds_connect layer (python/rds_connect + its drivers) instead"
    )
    p.add_argument("--out", type=Path, required=True, help="zip file to write")
    p.add_argument(
        "--runtime",
        help=f"Lambda runtime, e.g. python3.12, nodejs22.x, provided.al2023 (default: {DEFAULT_RUNTIME}, "
        "except for a folder with a package.json)",
    )
    p.add_argument("--arch", default="x86_64", choices=sorted(ARCHITECTURES), help="Lambda architecture (x86_64)")
    p.add_argument("--handler", help="the function's handler, e.g. index.handler: its file must be in the folder")
    p.add_argument("--requirements", type=Path, help="requirements file (default: <source>/requirements.txt)")
    p.add_argument("--exclude", action="append", default=[], metavar="PATTERN", help="also leave out (repeatable)")
    p.add_argument(
        "--include", action="append", default=[], metavar="PATTERN", help="keep what a rule leaves out (repeatable)"
    )
    p.add_argument("--cache-dir", type=Path, help="dependency cache (default: <out dir>/lambda-deps)")
    return p


def run(args: argparse.Namespace) -> Result:
    cache_dir = args.cache_dir or args.out.parent / "lambda-deps"
    if args.layer:
        given = [flag for flag in ("source", "requirements", "handler", "exclude", "include") if getattr(args, flag)]
        if given:
            raise PackageError(f"--layer builds the rds_connect layer: it takes no --{given[0]}")
        return package_layer(args.out, args.runtime, args.arch, cache_dir)
    if args.source is None:
        raise PackageError("--source is required (or --layer for the rds_connect layer)")
    return package(
        args.source,
        args.out,
        args.runtime,
        args.arch,
        args.requirements,
        cache_dir,
        args.handler,
        tuple(args.exclude),
        tuple(args.include),
    )


def command(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        result = run(args)
    except OSError as exc:
        raise PackageError(f"{exc.filename or ''}: {exc.strerror or exc}") from exc
    status = "rebuilt" if result.rebuilt else "unchanged, rebuild skipped"
    print(f"zip: {result.path} ({status})")
    print(f"size: {result.size} bytes")
    print(f"base64sha256: {result.base64sha256}")
    if result.left_out:
        print(result.left_out)
    if result.foreign_addons:
        addons = ", ".join(f"{name} ({platform})" for name, platform in sorted(result.foreign_addons.items()))
        print(
            f"{PROG}: warning: native add-ons built for another platform than linux/{args.arch} left out: {addons}; "
            f"the function fails if it loads one: install on linux/{args.arch} or pick a package with a prebuilt one",
            file=sys.stderr,
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    return cli.run(PROG, command, argv)
