"""Package the Lambda source and its dependencies into a deterministic zip.

Dependencies are installed for the Lambda runtime (manylinux wheels for the chosen
architecture and CPython version), not for the build machine, and cached under
<cache-dir>/<key> where the key covers the requirements text, runtime and architecture.

The zip is reproducible: entries sorted, fixed timestamps (1980-01-01) and permissions
(0644), no __pycache__/*.pyc/tests, no pip bookkeeping. Its comment records a
fingerprint of the inputs, so an unchanged rebuild is skipped. The printed base64 SHA-256
is what Terraform's filebase64sha256() / source_code_hash expects.

    rds-proxy-package --source lambda_src --out .build/lambda.zip
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from rds_proxy_tools import __version__, cli
from rds_proxy_tools.atomic import write_bytes_atomic
from rds_proxy_tools.errors import ToolError

FORMAT_VERSION = "2"  # bump when the zip layout or filtering rules change
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644
ARCHES = {"x86_64": "x86_64", "arm64": "aarch64"}
# Runtimes on Amazon Linux 2023 (glibc 2.34) also accept newer manylinux wheels.
AL2023_FROM_MINOR = 12
PROG = "rds-proxy-package"
FINGERPRINT_PREFIX = "rds-proxy-lambda package_lambda inputs sha256="
# pip bookkeeping in *.dist-info that the runtime never reads (METADATA, licenses and
# entry points stay, so importlib.metadata keeps working).
DIST_INFO_DROP = {"RECORD", "INSTALLER", "REQUESTED", "WHEEL", "direct_url.json"}


class PackageError(ToolError):
    """Bad input or a failed step; the message is the one-line reason shown to the user."""


# ---------------------------------------------------------------- values


def python_version(runtime: str) -> str:
    """'python3.12' -> '3.12'."""
    match = re.fullmatch(r"python(3\.\d{1,2})", runtime)
    if not match:
        raise PackageError(f"unsupported runtime {runtime!r}: expected pythonX.Y, e.g. python3.12")
    return match.group(1)


def pip_platforms(runtime: str, arch: str) -> list[str]:
    """Wheel platform tags the Lambda runtime can load, most conservative first."""
    machine = ARCHES[arch]
    platforms = [f"manylinux2014_{machine}"]
    if int(python_version(runtime).split(".")[1]) >= AL2023_FROM_MINOR:
        platforms += [f"manylinux_2_28_{machine}", f"manylinux_2_34_{machine}"]
    return platforms


def requirement_lines(text: str) -> list[str]:
    """Non-blank, non-comment lines of a requirements file."""
    lines = (line.split(" #", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def deps_key(requirements_text: str, runtime: str, arch: str) -> str:
    blob = json.dumps([FORMAT_VERSION, runtime, arch, requirements_text])
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def pip_command(requirements: Path, target: Path, runtime: str, arch: str) -> list[str]:
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]
    command += ["--no-compile", "--no-warn-conflicts", "--no-warn-script-location", "--target", str(target)]
    for platform in pip_platforms(runtime, arch):
        command += ["--platform", platform]
    command += ["--implementation", "cp", "--python-version", python_version(runtime), "--only-binary=:all:"]
    return command + ["-r", str(requirements)]


def is_excluded(rel: PurePosixPath) -> bool:
    """Files never shipped: caches, bytecode, test folders, Markdown documents."""
    parts = rel.parts
    return any(part in ("__pycache__", "tests") for part in parts[:-1]) or rel.suffix in (".pyc", ".pyo", ".md")


def is_dependency_clutter(rel: PurePosixPath) -> bool:
    """Extra filter for installed dependencies: console scripts and pip bookkeeping."""
    if is_excluded(rel) or rel.parts[0] == "bin":
        return True
    return len(rel.parts) == 2 and rel.parts[0].endswith(".dist-info") and rel.name in DIST_INFO_DROP


def list_files(root: Path, skip: set[Path] = frozenset()) -> dict[str, Path]:
    """{archive name: path} of every regular file under root, minus excluded ones."""
    files: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in ("__pycache__", "tests")]
        for name in filenames:
            path = Path(dirpath, name)
            rel = PurePosixPath(path.relative_to(root).as_posix())
            if path.resolve() in skip or is_excluded(rel) or not path.is_file():
                continue
            files[str(rel)] = path
    return files


def fingerprint(source_files: dict[str, bytes], requirements_text: str, runtime: str, arch: str) -> str:
    """Hash of everything the zip is built from."""
    digest = hashlib.sha256(json.dumps([FORMAT_VERSION, runtime, arch, requirements_text]).encode())
    for name in sorted(source_files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(source_files[name]).digest())
    return digest.hexdigest()


def build_zip(entries: dict[str, bytes], comment: str = "") -> bytes:
    """Deterministic zip of {archive name: content}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so external_attr carries the mode
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, entries[name], compresslevel=9)
        archive.comment = comment.encode()
    return buffer.getvalue()


def base64_sha256(data: bytes) -> str:
    """Terraform's filebase64sha256()."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def zip_comment(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment.decode(errors="replace")
    except (OSError, zipfile.BadZipFile):
        return None


# ---------------------------------------------------------------- I/O edges


def install_dependencies(
    requirements: Path, requirements_text: str, runtime: str, arch: str, cache_dir: Path
) -> Path | None:
    """Installed dependency tree for this runtime/arch (cached), or None without requirements."""
    if not requirement_lines(requirements_text):
        return None
    final = cache_dir / deps_key(requirements_text, runtime, arch)
    if final.is_dir():
        return final
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=cache_dir))
    except OSError as exc:
        raise PackageError(f"cannot create dependency cache {cache_dir}: {exc.strerror or exc}") from exc
    try:
        result = subprocess.run(
            pip_command(requirements, staging / "site", runtime, arch), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise PackageError(
                f"cannot install {requirements} for {runtime}/{arch} "
                f"({', '.join(pip_platforms(runtime, arch))}): {pip_reason(result.stderr)}"
            )
        try:
            os.rename(staging / "site", final)
        except OSError:
            if not final.is_dir():  # a concurrent build may have won the race; anything else is an error
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def pip_reason(stderr: str) -> str:
    """The most telling line of pip's error output."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for marker in ("No matching distribution", "Could not find a version", "ERROR:"):
        for line in lines:
            if marker in line:
                return line.removeprefix("ERROR: ")
    return lines[-1] if lines else "pip failed"


def read_entries(files: dict[str, Path]) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in files.items()}


INCLUDE_FLAGS = ("-r ", "--requirement ", "--requirement=")


def read_requirements(path: Path, included_from: tuple[Path, ...] = ()) -> tuple[str, set[Path]]:
    """(text with every `-r` include inlined, the files read): the cache key and the fingerprint
    must change when an included file does. pip itself still reads the original file."""
    resolved = path.resolve()
    if resolved in included_from:
        raise PackageError(f"requirements file {path} includes itself")
    try:
        text = path.read_text()
    except OSError as exc:
        where = f" (included from {included_from[-1]})" if included_from else ""
        raise PackageError(f"requirements file not found: {path}{where}") from exc
    lines, files = [], {resolved}
    for line in text.splitlines():
        flag = next((f for f in INCLUDE_FLAGS if line.strip().startswith(f)), None)
        if flag is None:
            lines.append(line)
            continue
        included = path.parent / line.strip()[len(flag) :].split(" #", 1)[0].strip()
        included_text, included_files = read_requirements(included, (*included_from, resolved))
        lines.append(included_text)
        files |= included_files
    return "\n".join(lines) + "\n", files


def library_dir() -> Path:
    """The installed rds_connect package: what a layer ships under python/."""
    import rds_connect

    return Path(rds_connect.__file__).resolve().parent


def package(source: Path, out: Path, runtime: str, arch: str, requirements: Path | None, cache_dir: Path) -> dict:
    """Build (or reuse) a function zip of `source` and its requirements; return {path, size, base64sha256, rebuilt}."""
    if not source.is_dir():
        raise PackageError(f"source directory not found: {source}")
    explicit = requirements is not None
    requirements = requirements if explicit else source / "requirements.txt"
    if explicit and not requirements.is_file():
        raise PackageError(f"requirements file not found: {requirements}")
    requirements_text, read = read_requirements(requirements) if requirements.is_file() else ("", set())
    skip = {out.resolve(), (source / "requirements.txt").resolve(), *read}
    files = {
        name: path
        for name, path in list_files(source, skip).items()
        if not path.resolve().is_relative_to(cache_dir.resolve())
    }
    return assemble(read_entries(files), requirements, requirements_text, "", out, runtime, arch, cache_dir)


def package_layer(out: Path, runtime: str, arch: str, cache_dir: Path) -> dict:
    """Build (or reuse) a Lambda layer: python/rds_connect/ and its pinned drivers under python/."""
    library = library_dir()
    pins = library / "requirements.txt"
    requirements_text, read = read_requirements(pins)
    files = {f"python/rds_connect/{name}": path for name, path in list_files(library, {out.resolve(), *read}).items()}
    return assemble(read_entries(files), pins, requirements_text, "python/", out, runtime, arch, cache_dir)


def assemble(
    source_files: dict[str, bytes],
    requirements: Path,
    requirements_text: str,
    deps_prefix: str,
    out: Path,
    runtime: str,
    arch: str,
    cache_dir: Path,
) -> dict:
    """Zip the source entries with the installed requirements under deps_prefix, unless an
    identical zip (same input fingerprint) is already at `out`."""
    if arch not in ARCHES:
        raise PackageError(f"unsupported architecture {arch!r}: expected one of {', '.join(ARCHES)}")
    python_version(runtime)
    if out.is_dir():
        raise PackageError(f"output path is a directory: {out}")
    comment = FINGERPRINT_PREFIX + fingerprint(source_files, requirements_text, runtime, arch)
    if out.is_file() and zip_comment(out) == comment:
        data = out.read_bytes()
        return {"path": out, "size": len(data), "base64sha256": base64_sha256(data), "rebuilt": False}

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageError(f"cannot create output directory {out.parent}: {exc.strerror or exc}") from exc
    deps_root = install_dependencies(requirements, requirements_text, runtime, arch, cache_dir)
    entries: dict[str, bytes] = {}
    if deps_root is not None:
        for name, path in list_files(deps_root).items():
            if not is_dependency_clutter(PurePosixPath(name)):
                entries[deps_prefix + name] = path.read_bytes()
    clashes = sorted(set(entries) & set(source_files))
    if clashes:
        raise PackageError(f"source file {clashes[0]} clashes with an installed dependency file of the same path")
    entries.update(source_files)
    data = build_zip(entries, comment)
    try:
        write_bytes_atomic(out, data)
    except OSError as exc:
        raise PackageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return {"path": out, "size": len(data), "base64sha256": base64_sha256(data), "rebuilt": True}


def parser() -> argparse.ArgumentParser:
    p = cli.ArgumentParser(
        prog=PROG,
        description="Package Lambda source and its dependencies, or the rds_connect layer, into a deterministic zip.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--source", type=Path, help="Lambda source directory (required unless --layer)")
    p.add_argument(
        "--layer", action="store_true", help="build the rds_connect layer (python/rds_connect + its drivers) instead"
    )
    p.add_argument("--out", type=Path, required=True, help="zip file to write")
    p.add_argument("--runtime", default="python3.12", help="Lambda runtime (default: python3.12)")
    p.add_argument("--arch", default="x86_64", choices=sorted(ARCHES), help="Lambda architecture (x86_64)")
    p.add_argument("--requirements", type=Path, help="requirements file (default: <source>/requirements.txt)")
    p.add_argument("--cache-dir", type=Path, help="dependency cache (default: <out dir>/lambda-deps)")
    return p


def run(args: argparse.Namespace) -> dict:
    cache_dir = args.cache_dir or args.out.parent / "lambda-deps"
    if args.layer:
        if args.source is not None or args.requirements is not None:
            raise PackageError("--layer builds the rds_connect layer: it takes no --source or --requirements")
        return package_layer(args.out, args.runtime, args.arch, cache_dir)
    if args.source is None:
        raise PackageError("--source is required (or --layer for the rds_connect layer)")
    return package(args.source, args.out, args.runtime, args.arch, args.requirements, cache_dir)


def command(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        result = run(args)
    except OSError as exc:
        raise PackageError(f"{exc.filename or ''}: {exc.strerror or exc}") from exc
    status = "rebuilt" if result["rebuilt"] else "unchanged, rebuild skipped"
    print(f"zip: {result['path']} ({status})")
    print(f"size: {result['size']} bytes")
    print(f"base64sha256: {result['base64sha256']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return cli.run(PROG, command, argv)


if __name__ == "__main__":
    sys.exit(main())
