"""The runtimes the packager accepts (modules/aws_rules.json, lambda.runtime_families) and whether a folder can serve
one: an entry file of the runtime's language (the handler's, when --handler names it), or for an OS-only runtime
(provided.*) an executable bootstrap."""

from __future__ import annotations

import posixpath
from pathlib import Path

from rds_proxy_tools.aws_rules import RULES
from rds_proxy_tools.packaging.archive import EXECUTABLE_MODE, Entry
from rds_proxy_tools.packaging.errors import PackageError

FAMILIES: dict[str, list[str]] = RULES["lambda"]["runtime_families"]
DEFAULT_RUNTIME = "python3.12"
# Lambda's architecture name -> the machine name in wheel tags and ELF headers.
ARCHITECTURES = {"x86_64": "x86_64", "arm64": "aarch64"}
ENTRY_SUFFIXES = {
    "python": (".py",),
    "nodejs": (".js", ".mjs", ".cjs"),
    "ruby": (".rb",),
    "java": (".class", ".jar"),
    "dotnet": (".dll",),
}
HANDLER_CHECKED = ("python", "nodejs", "ruby")  # Java and .NET handlers name a class, an OS-only one anything


def family(runtime: str) -> str:
    """'nodejs20.x' -> 'nodejs'."""
    for name, runtimes in FAMILIES.items():
        if runtime in runtimes:
            return name
    every = ", ".join(runtime for runtimes in FAMILIES.values() for runtime in runtimes)
    raise PackageError(f"unsupported runtime {runtime!r}: expected one of {every}")


def default_runtime(source: Path) -> str:
    """The runtime when --runtime is not given: Python's, unless the folder is a Node.js package."""
    if (source / "package.json").is_file():
        raise PackageError(
            f"{source} holds a package.json: name its Node.js runtime with --runtime ({', '.join(FAMILIES['nodejs'])})"
        )
    return DEFAULT_RUNTIME


def check_architecture(arch: str) -> None:
    if arch not in ARCHITECTURES:
        raise PackageError(f"unsupported architecture {arch!r}: expected one of {', '.join(ARCHITECTURES)}")


def check_serves(source: Path, runtime: str, entries: dict[str, Entry], handler: str | None) -> None:
    """Refuse a folder that cannot serve the runtime; `entries` are the folder's own (no installed dependency)."""
    kind = family(runtime)
    if kind == "provided":
        check_bootstrap(source, runtime, entries)
        return
    suffixes = ENTRY_SUFFIXES[kind]
    if handler is not None and kind in HANDLER_CHECKED:
        module = handler_module(handler, kind)
        if not any(module + suffix in entries for suffix in suffixes):
            if kind == "python" and f"{module}/__init__.py" in entries:
                return
            raise PackageError(
                f"--handler {handler}: {source} has no {' or '.join(module + s for s in suffixes)} for {runtime}"
            )
        return
    own = [name for name in entries if name.endswith(suffixes) and "node_modules/" not in f"/{name}"]
    if not own:
        hint = ": build TypeScript first (tsc) and package its output" if kind == "nodejs" else ""
        raise PackageError(f"{source} has no {', '.join(suffixes)} file to serve {runtime}{hint}")


def handler_module(handler: str, kind: str) -> str:
    """The handler's file without its suffix: Python's `pkg.module.function` (or `dir/module.function`) ->
    pkg/module; Node.js' and Ruby's `dir/file.function` -> dir/file."""
    folder, _, last = handler.rpartition("/")
    if "." not in last or last.startswith(".") or last.endswith("."):
        raise PackageError(f"--handler {handler!r} names no function: expected FILE.FUNCTION, e.g. index.handler")
    if kind == "python":
        module = handler.rsplit(".", 1)[0].replace(".", "/")
    else:
        module = posixpath.join(folder, last.split(".", 1)[0])
    return module


def check_bootstrap(source: Path, runtime: str, entries: dict[str, Entry]) -> None:
    entry = entries.get("bootstrap")
    if entry is not None and entry.is_link:
        entry = entries.get(posixpath.normpath(entry.data.decode()))
    if entry is None:
        raise PackageError(f"{runtime} runs a file named bootstrap at the top of the zip: {source} has none")
    if entry.mode != EXECUTABLE_MODE:
        raise PackageError(f"{runtime} runs {source / 'bootstrap'}, which is not executable (chmod +x it)")
