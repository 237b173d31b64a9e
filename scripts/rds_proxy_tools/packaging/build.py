"""The two builds: a function zip (the folder and its dependencies, for any Lambda runtime) and the rds_connect layer.
Each is skipped when the zip at the output already carries the fingerprint of the same inputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rds_proxy_tools.atomic import write_bytes_atomic
from rds_proxy_tools.packaging import archive, node_deps, python_deps, runtimes
from rds_proxy_tools.packaging.archive import Entry
from rds_proxy_tools.packaging.errors import PackageError
from rds_proxy_tools.packaging.rules import Selection
from rds_proxy_tools.packaging.tree import check_links, read_tree


@dataclass
class Result:
    path: Path
    size: int
    base64sha256: str
    rebuilt: bool
    left_out: str | None = None  # the one line listing what the rules left out
    foreign_addons: dict[str, str] = field(default_factory=dict)  # {name: platform}, left out


@dataclass
class Dependencies:
    """What to install and where it goes in the zip."""

    kind: str  # "pip", "npm" or "" for none
    text: str = ""  # what the install depends on: the requirements, or package.json and its lock file
    prefix: str = ""  # where the installed files go in the zip
    requirements: Path | None = None
    node: node_deps.NodePackage | None = None


def package(
    source: Path,
    out: Path,
    runtime: str | None,
    arch: str,
    requirements: Path | None,
    cache_dir: Path,
    handler: str | None = None,
    excludes: tuple[str, ...] = (),
    includes: tuple[str, ...] = (),
) -> Result:
    """Build (or reuse) the function zip of `source` and its dependencies."""
    if not source.is_dir():
        raise PackageError(f"source directory not found: {source}")
    runtime = runtime or runtimes.default_runtime(source)
    kind = runtimes.family(runtime)
    if requirements is not None and kind != "python":
        raise PackageError(f"--requirements is for Python runtimes, not {runtime}")
    inputs: set[Path] = set()
    if kind == "python":
        deps, inputs = python_dependencies(source, requirements)
    elif kind == "nodejs" and (node := node_deps.node_package(source)) is not None:
        deps = Dependencies("npm", node.text, node=node)
        inputs = {node.lock, source / "node_modules"}  # the folder's own node_modules is replaced by the install
    else:
        deps = Dependencies("")
    selection = Selection(excludes, includes, outputs=(out, cache_dir), inputs=inputs)
    selection.read_records(source)
    entries = read_tree(source, skip=selection.skip_source)
    runtimes.check_serves(source, runtime, entries, handler)
    return assemble(entries, deps, selection, out, runtime, arch, cache_dir)


def python_dependencies(source: Path, requirements: Path | None) -> tuple[Dependencies, set[Path]]:
    explicit = requirements is not None
    requirements = requirements if explicit else source / "requirements.txt"
    if explicit and not requirements.is_file():
        raise PackageError(f"requirements file not found: {requirements}")
    text, read = python_deps.read_requirements(requirements) if requirements.is_file() else ("", set())
    return Dependencies("pip", text, requirements=requirements), {source / "requirements.txt", *read}


def library_dir() -> Path:
    """The installed rds_connect package: what a layer ships under python/."""
    import rds_connect

    return Path(rds_connect.__file__).resolve().parent


def package_layer(out: Path, runtime: str | None, arch: str, cache_dir: Path) -> Result:
    """Build (or reuse) the Lambda layer: python/rds_connect/ and its pinned drivers under python/."""
    runtime = runtime or runtimes.DEFAULT_RUNTIME
    if runtimes.family(runtime) != "python":
        raise PackageError(f"--layer builds the rds_connect layer, a Python library: it cannot serve {runtime}")
    library = library_dir()
    pins = library / "requirements.txt"
    text, read = python_deps.read_requirements(pins)
    selection = Selection(outputs=(out,), inputs=read)
    entries = read_tree(library, "python/rds_connect/", selection.skip_source)
    deps = Dependencies("pip", text, "python/", pins)
    return assemble(entries, deps, selection, out, runtime, arch, cache_dir)


def assemble(
    source_entries: dict[str, Entry],
    deps: Dependencies,
    selection: Selection,
    out: Path,
    runtime: str,
    arch: str,
    cache_dir: Path,
) -> Result:
    """Zip the source entries with the installed dependencies, unless an identical zip (same input fingerprint) is
    already at `out`."""
    runtimes.check_architecture(arch)
    if deps.kind == "pip":
        python_deps.python_version(runtime)
    if out.is_dir():
        raise PackageError(f"output path is a directory: {out}")
    inputs = [runtimes.family(runtime), runtime, arch, deps.text, selection.patterns()]
    comment = archive.FINGERPRINT_PREFIX + archive.fingerprint(inputs, source_entries)
    if out.is_file() and archive.zip_comment(out) == comment:
        return result(out, out.read_bytes(), False, selection)

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageError(f"cannot create output directory {out.parent}: {exc.strerror or exc}") from exc
    entries = installed_entries(deps, selection, runtime, arch, cache_dir)
    clashes = sorted(set(entries) & set(source_entries))
    if clashes:
        raise PackageError(f"source file {clashes[0]} clashes with an installed dependency file of the same path")
    entries.update(source_entries)
    foreign = node_deps.foreign_addons(entries, arch)
    for name in foreign:
        del entries[name]
    check_links(entries)
    data = archive.build_zip(entries, comment)
    try:
        write_bytes_atomic(out, data)
    except OSError as exc:
        raise PackageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return result(out, data, True, selection, foreign)


def installed_entries(
    deps: Dependencies, selection: Selection, runtime: str, arch: str, cache_dir: Path
) -> dict[str, Entry]:
    if deps.kind == "pip":
        root = python_deps.install(deps.requirements, deps.text, runtime, arch, cache_dir)
        prefix = deps.prefix

        def skip(name: str, path: Path, is_dir: bool) -> bool:
            clutter = python_deps.is_pip_clutter(name[len(prefix) :], is_dir)
            return clutter or selection.skip_dependency(name, path, is_dir)

        return {} if root is None else read_tree(root, prefix, skip)
    if deps.kind == "npm":
        root = node_deps.install(deps.node, runtime, arch, cache_dir)
        return {} if root is None else read_tree(root, "", selection.skip_dependency)
    return {}


def result(out: Path, data: bytes, rebuilt: bool, selection: Selection, foreign: dict | None = None) -> Result:
    return Result(out, len(data), archive.base64_sha256(data), rebuilt, selection.summary(), foreign or {})
