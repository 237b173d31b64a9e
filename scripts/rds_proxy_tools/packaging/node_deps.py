"""Node.js dependencies: `npm ci --omit=dev` installs exactly the production dependencies the lock file pins, for
Linux and the function's architecture (npm's --os/--cpu/--libc pick the platform packages); and native add-ons
(*.node) built for another platform than the function's are found by their headers."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path
from typing import NamedTuple

from rds_proxy_tools.packaging.archive import Entry
from rds_proxy_tools.packaging.cache import cache_key, cached_install
from rds_proxy_tools.packaging.errors import PackageError
from rds_proxy_tools.packaging.runtimes import ARCHITECTURES

LOCK_FILES = ("npm-shrinkwrap.json", "package-lock.json")  # npm ci reads the first it finds
NPM_CPU = {"x86_64": "x64", "arm64": "arm64"}
ELF_MACHINES = {3: "i386", 40: "arm", 62: "x86_64", 183: "aarch64"}
ELF_LINUX_ABIS = (0, 3)  # System V (what Linux toolchains write) and GNU/Linux
MACH_O_MAGICS = {bytes.fromhex(magic) for magic in ("feedface", "feedfacf", "cefaedfe", "cffaedfe", "cafebabe")}


class NodePackage(NamedTuple):
    package_json: Path
    lock: Path
    text: str  # both files' text: what the install depends on


def node_package(source: Path) -> NodePackage | None:
    """The folder's package.json and lock file, or None without a package.json."""
    package_json = source / "package.json"
    if not package_json.is_file():
        return None
    lock = next((source / name for name in LOCK_FILES if (source / name).is_file()), None)
    if lock is None:
        raise PackageError(
            f"{package_json} has no package-lock.json beside it: run `npm install` once to write it "
            "(the packager installs what the lock file pins, with npm ci)"
        )
    text = json.dumps({"package.json": package_json.read_text(), lock.name: lock.read_text()})
    return NodePackage(package_json, lock, text)


def lock_has_dependencies(package: NodePackage) -> bool:
    try:
        lock = json.loads(package.lock.read_text())
    except ValueError as exc:
        raise PackageError(f"{package.lock} is not valid JSON: {exc}") from exc
    packages = lock.get("packages", lock.get("dependencies", {})) if isinstance(lock, dict) else {}
    return any(name for name in packages)  # "" is the package itself


def npm_command(arch: str) -> list[str]:
    return [
        "npm",
        "ci",
        "--omit=dev",
        "--os=linux",
        f"--cpu={NPM_CPU[arch]}",
        "--libc=glibc",
        "--no-audit",
        "--no-fund",
        "--no-update-notifier",
        "--loglevel=error",
    ]


def install(package: NodePackage, runtime: str, arch: str, cache_dir: Path) -> Path | None:
    """A folder holding node_modules/ with the production dependencies (cached), or None when there are none."""
    if not lock_has_dependencies(package):
        return None

    def npm_ci(staging: Path) -> Path:
        work = staging / "work"
        work.mkdir()
        manifest = json.loads(package.package_json.read_text())
        manifest.pop("scripts", None)  # the function's own build steps are the user's, done before packaging
        (work / "package.json").write_text(json.dumps(manifest, indent=2))
        shutil.copyfile(package.lock, work / package.lock.name)
        if (package.package_json.parent / ".npmrc").is_file():  # the project's registry and its credentials
            shutil.copyfile(package.package_json.parent / ".npmrc", work / ".npmrc")
        try:
            result = subprocess.run(npm_command(arch), cwd=work, capture_output=True, text=True, check=False)
        except FileNotFoundError as exc:
            raise PackageError("npm not found: installing the dependencies of a package.json needs Node.js") from exc
        if result.returncode != 0:
            raise PackageError(f"cannot install {package.lock} for {runtime}/{arch} with npm ci: {npm_reason(result)}")
        tree = staging / "tree"
        tree.mkdir()
        if (work / "node_modules").is_dir():
            (work / "node_modules").rename(tree / "node_modules")
        return tree

    return cached_install(cache_dir, cache_key("npm", runtime, arch, package.text), npm_ci)


def npm_reason(result: subprocess.CompletedProcess) -> str:
    """The most telling line of npm's error output."""
    lines = [line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip()]
    for line in lines:
        text = line.removeprefix("npm error").removeprefix("npm ERR!").strip()
        if text and not text.startswith(("code ", "A complete log", "errno ", "syscall ")):
            return text
    return lines[-1] if lines else f"npm ci exited with status {result.returncode}"


def addon_platform(data: bytes) -> str | None:
    """'linux/x86_64', 'macOS', 'Windows', ... for a native add-on's header; None for a header it does not know."""
    if data[:4] == b"\x7fELF" and len(data) >= 20:
        machine = struct.unpack("<H" if data[5] == 1 else ">H", data[18:20])[0]
        system = "linux" if data[7] in ELF_LINUX_ABIS else f"ELF OS ABI {data[7]}"
        return f"{system}/{ELF_MACHINES.get(machine, f'machine {machine}')}"
    if data[:4] in MACH_O_MAGICS:
        return "macOS"
    if data[:2] == b"MZ":
        return "Windows"
    return None


def foreign_addons(entries: dict[str, Entry], arch: str) -> dict[str, str]:
    """{name: platform} of the native add-ons in entries built for another platform than Lambda's linux/<arch>."""
    lambda_platform = f"linux/{ARCHITECTURES[arch]}"
    found = {}
    for name, entry in entries.items():
        if name.endswith(".node") and not entry.is_link:
            platform = addon_platform(entry.data)
            if platform is not None and platform != lambda_platform:
                found[name] = platform
    return found
