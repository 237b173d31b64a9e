"""rds-proxy-package for every Lambda runtime: --runtime takes modules/aws_rules.json's runtime families, a folder
that cannot serve the runtime is refused, the runtime is part of the fingerprint, a Node.js folder gets the production
dependencies of its lock file (npm ci), native add-ons for another platform are named, and the rds_connect layer is
for Python only."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

from harness.builds import package
from harness.repo import REPO_ROOT
from rds_proxy_tools.aws_rules import RULES
from rds_proxy_tools.packaging import node_deps, runtimes
from rds_proxy_tools.packaging.archive import EXECUTABLE_MODE, FILE_MODE, Entry

# package.json and the package-lock.json `npm install --package-lock-only` wrote for it (npm 11)
NODE_FUNCTION = REPO_ROOT / "tests" / "tools" / "node_function"
HANDLER_MJS = (
    "import isNumber from 'is-number';\nexport const handler = async (event) => ({ ok: isNumber(event.n) });\n"
)


def build(capsys, source: Path, out: Path, *extra) -> tuple[int, str, str]:
    return package(capsys, "--source", source, "--out", out, "--cache-dir", out.parent / "deps", *extra)


def names(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.namelist()


def write(path: Path, text: str = "x\n", mode: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mode is not None:
        os.chmod(path, mode)
    return path


def elf(machine: int) -> bytes:
    """The start of a 64-bit little-endian Linux ELF shared object for `machine`."""
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + struct.pack("<HH", 3, machine) + bytes(44)


# ---------------------------------------------------------------- runtimes


def test_the_runtimes_are_the_modules_families():
    families = RULES["lambda"]["runtime_families"]
    assert set(families) == {"python", "nodejs", "java", "dotnet", "ruby", "provided"}
    for family, names_of_family in families.items():
        for runtime in names_of_family:
            assert runtimes.family(runtime) == family


# One folder per family that serves it; each runtime of the family packages it.
SERVING = {
    "python": {"app.py": "def handler(e, c):\n    return 1\n"},
    "nodejs": {"index.mjs": "export const handler = async () => 1;\n"},
    "java": {"lib/function.jar": "PK"},
    "dotnet": {"Function.dll": "MZ"},
    "ruby": {"function.rb": "def handler(event:, context:) = 1\n"},
    "provided": {"bootstrap": "#!/bin/sh\n"},
}


@pytest.mark.parametrize(
    "runtime", [runtime for runtimes_ in RULES["lambda"]["runtime_families"].values() for runtime in runtimes_]
)
def test_every_runtime_is_accepted_for_a_folder_that_serves_it(capsys, tmp_path, runtime):
    for name, text in SERVING[runtimes.family(runtime)].items():
        write(tmp_path / "src" / name, text, 0o755)
    code, stdout, stderr = build(capsys, tmp_path / "src", tmp_path / "fn.zip", "--runtime", runtime)
    assert (code, stderr) == (0, ""), stderr
    assert names(tmp_path / "fn.zip") == sorted(SERVING[runtimes.family(runtime)])


@pytest.mark.parametrize(
    ("runtime", "files", "needle"),
    [
        ("nodejs22.x", {"index.ts": "export const handler = 1;\n"}, "has no .js, .mjs, .cjs file to serve nodejs22.x"),
        ("nodejs22.x", {"index.ts": ""}, "build TypeScript first (tsc) and package its output"),
        ("nodejs20.x", {"node_modules/dep/index.js": ""}, "has no .js, .mjs, .cjs file"),  # a dependency is no entry
        ("python3.12", {"README.txt": ""}, "has no .py file to serve python3.12"),
        ("ruby3.4", {"function.py": ""}, "has no .rb file"),
        ("java21", {"Function.java": ""}, "has no .class, .jar file"),
        ("dotnet8", {"Function.cs": ""}, "has no .dll file"),
        ("provided.al2023", {"index.php": ""}, "provided.al2023 runs a file named bootstrap at the top of the zip"),
        ("provided.al2", {"bin/bootstrap": ""}, "runs a file named bootstrap at the top"),
    ],
)
def test_a_folder_that_cannot_serve_the_runtime_is_refused(capsys, tmp_path, runtime, files, needle):
    for name, text in files.items():
        write(tmp_path / "src" / name, text)
    code, stdout, stderr = build(capsys, tmp_path / "src", tmp_path / "fn.zip", "--runtime", runtime)
    assert (code, stdout) == (2, "") and needle in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "fn.zip").exists()


def test_a_bootstrap_that_is_not_executable_is_refused(capsys, tmp_path):
    write(tmp_path / "src" / "bootstrap", "#!/bin/sh\n", 0o644)
    code, _, stderr = build(capsys, tmp_path / "src", tmp_path / "fn.zip", "--runtime", "provided.al2023")
    assert code == 2 and "bootstrap, which is not executable (chmod +x it)" in stderr


def test_a_php_custom_runtime_folder_ships_its_executable_bootstrap_without_git(capsys, tmp_path):
    src = tmp_path / "php"
    write(src / "bootstrap", "#!/opt/bin/php\n<?php /* runtime loop */\n", 0o755)
    write(src / "index.php", "<?php function handler($event) { return 1; }\n")
    write(src / ".git" / "config", "[remote]\n")
    (src / "run").symlink_to("bootstrap")
    out = tmp_path / "php.zip"
    code, stdout, stderr = build(capsys, src, out, "--runtime", "provided.al2023")
    assert (code, stderr) == (0, "")
    with zipfile.ZipFile(out) as archive:
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert modes == {"bootstrap": EXECUTABLE_MODE, "index.php": FILE_MODE, "run": 0o120777}
    assert stdout.splitlines()[-1] == "left out: .git/ (1 path; --include PATTERN keeps one)"


def test_a_bootstrap_link_to_an_executable_serves(capsys, tmp_path):
    write(tmp_path / "src" / "bin" / "server", "#!/bin/sh\n", 0o755)
    (tmp_path / "src" / "bootstrap").symlink_to("bin/server")
    assert build(capsys, tmp_path / "src", tmp_path / "fn.zip", "--runtime", "provided.al2")[0] == 0


@pytest.mark.parametrize(
    ("runtime", "files", "handler", "ok"),
    [
        ("nodejs20.x", {"src/index.mjs": ""}, "src/index.handler", True),
        ("nodejs20.x", {"index.cjs": ""}, "index.handlers.main", True),
        ("nodejs20.x", {"other.js": ""}, "index.handler", False),
        ("python3.12", {"pkg/module.py": ""}, "pkg.module.handler", True),
        ("python3.12", {"pkg/__init__.py": ""}, "pkg.handler", True),
        ("python3.12", {"app.py": ""}, "main.handler", False),
        ("ruby3.3", {"function.rb": ""}, "function.Handler.process", True),
        ("java21", {"lib/f.jar": ""}, "example.Handler::handleRequest", True),  # a class name: not checked
        ("nodejs20.x", {"index.js": ""}, "index", False),
    ],
)
def test_handler_names_a_file_of_the_folder(capsys, tmp_path, runtime, files, handler, ok):
    for name, text in files.items():
        write(tmp_path / "src" / name, text)
    code, _, stderr = build(capsys, tmp_path / "src", tmp_path / "fn.zip", "--runtime", runtime, "--handler", handler)
    assert code == (0 if ok else 2), stderr
    if not ok:
        assert f"--handler {handler}" in stderr.replace("'", "") and stderr.count("\n") == 1


def test_the_runtime_and_its_family_are_part_of_the_fingerprint(capsys, tmp_path):
    """One folder, packaged for Node.js after Python: rebuilt, not taken for the python3.12 zip."""
    write(tmp_path / "src" / "app.py")
    write(tmp_path / "src" / "index.js")
    out = tmp_path / "fn.zip"
    assert build(capsys, tmp_path / "src", out)[0] == 0
    with zipfile.ZipFile(out) as archive:
        python_comment = archive.comment
    code, stdout, _ = build(capsys, tmp_path / "src", out, "--runtime", "nodejs22.x")
    assert code == 0 and "(rebuilt)" in stdout
    with zipfile.ZipFile(out) as archive:
        assert archive.comment != python_comment


def test_a_node_folder_without_runtime_is_refused_not_taken_for_python(capsys, tmp_path):
    shutil.copytree(NODE_FUNCTION, tmp_path / "src")
    write(tmp_path / "src" / "index.mjs", HANDLER_MJS)
    code, _, stderr = build(capsys, tmp_path / "src", tmp_path / "fn.zip")
    assert code == 2 and "holds a package.json: name its Node.js runtime with --runtime (nodejs20.x" in stderr


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--layer", "--runtime", "nodejs22.x"], "--layer builds the rds_connect layer, a Python library: it cannot"),
        (["--layer", "--runtime", "provided.al2023"], "it cannot serve provided.al2023"),
        (["--source", "{src}", "--runtime", "nodejs22.x", "--requirements", "{src}/r.txt"], "--requirements is for"),
    ],
)
def test_python_only_options_with_another_runtime_are_refused(capsys, tmp_path, argv, needle):
    write(tmp_path / "src" / "index.js")
    argv = [arg.format(src=tmp_path / "src") for arg in argv]
    code, stdout, stderr = package(capsys, *argv, "--out", tmp_path / "x.zip")
    assert (code, stdout) == (2, "") and needle in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "x.zip").exists()


# ---------------------------------------------------------------- Node.js dependencies


def test_a_package_json_without_a_lock_file_is_refused(capsys, tmp_path):
    write(tmp_path / "src" / "package.json", json.dumps({"name": "f", "dependencies": {"is-number": "7.0.0"}}))
    write(tmp_path / "src" / "index.mjs", HANDLER_MJS)
    code, _, stderr = build(capsys, tmp_path / "src", tmp_path / "fn.zip", "--runtime", "nodejs22.x")
    assert code == 2 and "package.json has no package-lock.json beside it: run `npm install` once" in stderr


def test_a_node_function_ships_its_production_dependencies_from_the_lock_file(capsys, tmp_path):
    """Needs the npm registry (is-number@7.0.0, a few kB; isobject@3.0.1 is a dev dependency, not installed)."""
    src = tmp_path / "src"
    shutil.copytree(NODE_FUNCTION, src)
    write(src / "index.mjs", HANDLER_MJS)
    write(src / ".env", "DB_PASSWORD=hunter2\n")
    write(src / "node_modules" / "isobject" / "index.js", "stale: a dev dependency from an `npm install`\n")
    out = tmp_path / "out" / "fn.zip"
    code, stdout, stderr = build(capsys, src, out, "--runtime", "nodejs22.x", "--arch", "arm64")
    assert (code, stderr) == (0, ""), stderr
    assert names(out) == [
        "index.mjs",
        "node_modules/.package-lock.json",
        "node_modules/is-number/LICENSE",
        "node_modules/is-number/README.md",  # inside a dependency: kept as it is
        "node_modules/is-number/index.js",
        "node_modules/is-number/package.json",
        "package.json",
    ]
    assert stdout.splitlines()[-1] == "left out: .env (1 path; --include PATTERN keeps one)"

    unpacked = tmp_path / "unpacked"  # the zip serves: Node imports the handler and its dependency from it
    with zipfile.ZipFile(out) as archive:
        archive.extractall(unpacked)
    script = "import('./index.mjs').then(async (m) => console.log(JSON.stringify(await m.handler({n: 5}))))"
    node = subprocess.run(["node", "-e", script], cwd=unpacked, capture_output=True, text=True, check=True)
    assert node.stdout.strip() == '{"ok":true}'


def test_the_npm_install_is_cached_by_lock_file_runtime_and_arch(capsys, tmp_path, monkeypatch):
    """Needs the npm registry once; the second build of the same lock runs without npm on the PATH."""
    src = tmp_path / "src"
    shutil.copytree(NODE_FUNCTION, src)
    write(src / "index.mjs", HANDLER_MJS)
    cache = tmp_path / "cache"
    argv = ("--runtime", "nodejs20.x", "--cache-dir", cache)
    assert package(capsys, "--source", src, "--out", tmp_path / "a.zip", *argv)[0] == 0
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, stderr = package(capsys, "--source", src, "--out", tmp_path / "b.zip", *argv)
    assert (code, stderr) == (0, "")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    code, _, stderr = package(capsys, "--source", src, "--out", tmp_path / "c.zip", *argv, "--arch", "arm64")
    assert code == 2 and "npm not found" in stderr  # another architecture: another install


def test_a_lock_without_dependencies_needs_no_npm(capsys, tmp_path, monkeypatch):
    src = tmp_path / "src"
    write(src / "package.json", json.dumps({"name": "f", "version": "1.0.0", "type": "module"}))
    lock = {"name": "f", "version": "1.0.0", "lockfileVersion": 3, "packages": {"": {"name": "f", "version": "1.0.0"}}}
    write(src / "package-lock.json", json.dumps(lock))
    write(src / "index.mjs", "export const handler = async () => 1;\n")
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, stderr = build(capsys, src, tmp_path / "fn.zip", "--runtime", "nodejs22.x")
    assert (code, stderr) == (0, "")
    assert names(tmp_path / "fn.zip") == ["index.mjs", "package.json"]


def test_a_failing_npm_ci_exits_2_with_its_reason(capsys, tmp_path):
    """The project's .npmrc names a registry that is not there (127.0.0.1:9): no network needed, npm fails at once.
    The .npmrc is used for the install, and not shipped (it may hold a token)."""
    src = tmp_path / "src"
    package = {"name": "f", "version": "1.0.0", "dependencies": {"rds-proxy-absent": "1.0.0"}}
    absent = {"version": "1.0.0", "resolved": "http://127.0.0.1:9/rds-proxy-absent/-/rds-proxy-absent-1.0.0.tgz"}
    absent["integrity"] = "sha512-" + "A" * 86 + "=="
    lock = {"name": "f", "version": "1.0.0", "lockfileVersion": 3, "packages": {"": package}}
    lock["packages"]["node_modules/rds-proxy-absent"] = absent
    write(src / "package.json", json.dumps(package))
    write(src / "package-lock.json", json.dumps(lock))
    write(src / ".npmrc", "fetch-retries=0\nregistry=http://127.0.0.1:9/\n//127.0.0.1:9/:_authToken=secret\n")
    write(src / "index.mjs", HANDLER_MJS)
    code, stdout, stderr = build(capsys, src, tmp_path / "fn.zip", "--runtime", "nodejs22.x")
    assert (code, stdout) == (2, "") and stderr.count("\n") == 1
    assert "cannot install" in stderr and "package-lock.json for nodejs22.x/x86_64 with npm ci: " in stderr
    assert not [path for path in (tmp_path / "deps").iterdir() if path.name.startswith(".")]


def test_npm_installs_for_linux_and_the_functions_architecture():
    command = node_deps.npm_command("arm64")
    assert command[:3] == ["npm", "ci", "--omit=dev"]
    assert {"--os=linux", "--cpu=arm64", "--libc=glibc"} <= set(command)
    assert "--cpu=x64" in node_deps.npm_command("x86_64")


# ---------------------------------------------------------------- native add-ons


def test_native_addon_headers_name_their_platform():
    assert node_deps.addon_platform(elf(62)) == "linux/x86_64"
    assert node_deps.addon_platform(elf(183)) == "linux/aarch64"
    assert node_deps.addon_platform(b"\xcf\xfa\xed\xfe" + bytes(28)) == "macOS"
    assert node_deps.addon_platform(b"MZ\x90\x00" + bytes(60)) == "Windows"
    assert node_deps.addon_platform(b"not a binary") is None
    entries = {
        "a.node": Entry(elf(62), FILE_MODE),
        "b.node": Entry(elf(183), EXECUTABLE_MODE),
        "c.node": Entry(b"MZ" + bytes(62), FILE_MODE),
        "d.so": Entry(elf(62), FILE_MODE),  # not an add-on
    }
    assert node_deps.foreign_addons(entries, "arm64") == {"a.node": "linux/x86_64", "c.node": "Windows"}
    assert node_deps.foreign_addons(entries, "x86_64") == {"b.node": "linux/aarch64", "c.node": "Windows"}


def test_native_addons_for_another_platform_are_named_and_not_shipped(capsys, tmp_path):
    src = tmp_path / "src"
    write(src / "index.js", "module.exports.handler = async () => 1;\n")
    prebuilds = src / "node_modules" / "fast" / "prebuilds"
    for platform, data in {"linux-arm64": elf(183), "linux-x64": elf(62), "darwin-arm64": b"\xcf\xfa\xed\xfe"}.items():
        (prebuilds / platform).mkdir(parents=True)
        (prebuilds / platform / "fast.node").write_bytes(data + bytes(60))
    code, stdout, stderr = build(capsys, src, tmp_path / "fn.zip", "--runtime", "nodejs22.x", "--arch", "arm64")
    assert code == 0
    assert [name for name in names(tmp_path / "fn.zip") if name.endswith(".node")] == [
        "node_modules/fast/prebuilds/linux-arm64/fast.node"
    ]
    assert stderr.count("\n") == 1 and stderr.startswith(
        "rds-proxy-package: warning: native add-ons built for another platform than linux/arm64 left out: "
        "node_modules/fast/prebuilds/darwin-arm64/fast.node (macOS), "
        "node_modules/fast/prebuilds/linux-x64/fast.node (linux/x86_64); "
    )
