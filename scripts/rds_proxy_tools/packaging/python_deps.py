"""Python dependencies: pip installs the requirements for the Lambda runtime (manylinux wheels for its architecture
and CPython version), not for the build machine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from rds_proxy_tools.packaging.cache import cache_key, cached_install
from rds_proxy_tools.packaging.errors import PackageError
from rds_proxy_tools.packaging.runtimes import ARCHITECTURES

# Runtimes on Amazon Linux 2023 (glibc 2.34) also accept newer manylinux wheels.
AL2023_FROM_MINOR = 12
# pip bookkeeping in *.dist-info that the runtime never reads (METADATA, licenses and entry points stay, so
# importlib.metadata keeps working).
DIST_INFO_DROP = {"RECORD", "INSTALLER", "REQUESTED", "WHEEL", "direct_url.json"}
INCLUDE_FLAGS = ("-r ", "--requirement ", "--requirement=")


def python_version(runtime: str) -> str:
    """'python3.12' -> '3.12'."""
    match = re.fullmatch(r"python(3\.\d{1,2})", runtime)
    if not match:
        raise PackageError(f"unsupported runtime {runtime!r}: expected pythonX.Y, e.g. python3.12")
    return match.group(1)


def pip_platforms(runtime: str, arch: str) -> list[str]:
    """Wheel platform tags the Lambda runtime can load, most conservative first."""
    machine = ARCHITECTURES[arch]
    platforms = [f"manylinux2014_{machine}"]
    if int(python_version(runtime).split(".")[1]) >= AL2023_FROM_MINOR:
        platforms += [f"manylinux_2_28_{machine}", f"manylinux_2_34_{machine}"]
    return platforms


def requirement_lines(text: str) -> list[str]:
    """Non-blank, non-comment lines of a requirements file."""
    lines = (line.split(" #", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def deps_key(requirements_text: str, runtime: str, arch: str) -> str:
    return cache_key(runtime, arch, requirements_text)


def pip_command(requirements: Path, target: Path, runtime: str, arch: str) -> list[str]:
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]
    command += ["--no-compile", "--no-warn-conflicts", "--no-warn-script-location", "--target", str(target)]
    for platform in pip_platforms(runtime, arch):
        command += ["--platform", platform]
    command += ["--implementation", "cp", "--python-version", python_version(runtime), "--only-binary=:all:"]
    return command + ["-r", str(requirements)]


def is_pip_clutter(name: str, is_dir: bool) -> bool:
    """What pip installs that the runtime provably never reads: console scripts (bin/, whose #! names the build
    machine's Python), bytecode (pip runs with --no-compile; the runtime compiles in memory) and pip's bookkeeping in
    *.dist-info. Tests and documents inside the packages stay: a package may read them."""
    parts = name.rstrip("/").split("/")
    if parts[0] == "bin" or "__pycache__" in parts or name.endswith((".pyc", ".pyo")):
        return True
    return not is_dir and len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] in DIST_INFO_DROP


def install(requirements: Path, requirements_text: str, runtime: str, arch: str, cache_dir: Path) -> Path | None:
    """Installed dependency tree for this runtime/arch (cached), or None without requirements."""
    if not requirement_lines(requirements_text):
        return None

    def pip_install(staging: Path) -> Path:
        site = staging / "site"
        result = subprocess.run(
            pip_command(requirements, site, runtime, arch), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise PackageError(
                f"cannot install {requirements} for {runtime}/{arch} "
                f"({', '.join(pip_platforms(runtime, arch))}): {pip_reason(result.stderr)}"
            )
        return site

    return cached_install(cache_dir, deps_key(requirements_text, runtime, arch), pip_install)


def pip_reason(stderr: str) -> str:
    """The most telling line of pip's error output."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for marker in ("No matching distribution", "Could not find a version", "ERROR:"):
        for line in lines:
            if marker in line:
                return line.removeprefix("ERROR: ")
    return lines[-1] if lines else "pip failed"


def read_requirements(path: Path, included_from: tuple[Path, ...] = ()) -> tuple[str, set[Path]]:
    """(text with every `-r` include inlined, the files read): the cache key and the fingerprint must change when an
    included file does. pip itself still reads the original file."""
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
