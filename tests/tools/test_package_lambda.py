"""rds-proxy-package on Python functions and the layer: deterministic, cached, target-platform Lambda zips.

Dependencies come from tiny wheels built here and served with --no-index/--find-links,
so pip really runs (and really picks platforms) without network access.
"""

from __future__ import annotations

import base64
import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from harness.builds import package
from harness.repo import REPO_ROOT
from rds_proxy_tools import package_lambda as pl
from rds_proxy_tools.packaging import python_deps

REPO = REPO_ROOT


def make_wheel(directory: Path, name: str, tag: str, files: dict[str, str]) -> Path:
    """Write a minimal valid wheel {name}-1.0-{tag}.whl holding files."""
    dist_info = f"{name}-1.0.dist-info"
    contents = dict(files)
    contents[f"{dist_info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
    contents[f"{dist_info}/WHEEL"] = f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: {tag}\n"
    contents[f"{dist_info}/LICENSE"] = "MIT\n"
    contents[f"{dist_info}/entry_points.txt"] = f"[console_scripts]\n{name}-cli = {name}:main\n"
    record = []
    for path, text in contents.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    record.append(f"{dist_info}/RECORD,,")
    contents[f"{dist_info}/RECORD"] = "\n".join(record) + "\n"
    wheel = directory / f"{name}-1.0-{tag}.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in contents.items():
            archive.writestr(path, text)
    return wheel


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory) -> Path:
    house = tmp_path_factory.mktemp("wheelhouse")
    make_wheel(
        house,
        "puredep",
        "py3-none-any",
        {
            "puredep/__init__.py": "VALUE = 42\ndef main():\n    return 0\n",
            "puredep/tests/test_it.py": "def test(): pass\n",
        },
    )
    make_wheel(house, "nativedep", "cp312-cp312-manylinux2014_aarch64", {"nativedep/__init__.py": "ARCH = 'aarch64'\n"})
    make_wheel(house, "nativedep311", "cp311-cp311-manylinux2014_x86_64", {"nativedep311/__init__.py": "X = 1\n"})
    return house


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("deps-cache")


def offline_requirements(house: Path, *names: str) -> str:
    return "\n".join(["# test requirements", "--no-index", f"--find-links {house}", *names]) + "\n"


@pytest.fixture
def source(tmp_path, wheelhouse) -> Path:
    src = tmp_path / "src"
    (src / "certs").mkdir(parents=True)
    (src / "handler.py").write_text("import puredep\n\ndef lambda_handler(event, context):\n    return puredep.VALUE\n")
    (src / "rds_connect.py").write_text("CONNECT = True\n")
    (src / "certs" / "global-bundle.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "handler.cpython-312.pyc").write_bytes(b"\0junk")
    (src / "stale.pyc").write_bytes(b"\0junk")
    (src / "tests").mkdir()
    (src / "tests" / "test_handler.py").write_text("def test(): pass\n")
    (src / "README.md").write_text("# docs, not code\n")
    (src / "requirements.txt").write_text(offline_requirements(wheelhouse, "puredep==1.0"))
    os.chmod(src / "handler.py", 0o755)
    return src


def build(capsys, src: Path, out: Path, cache: Path, *extra: str) -> tuple[int, str, str]:
    return package(capsys, "--source", src, "--out", out, "--cache-dir", cache, *extra)


def test_zip_holds_source_and_dependencies_without_clutter(capsys, source, tmp_path, cache_dir):
    out = tmp_path / "out" / "lambda.zip"
    code, stdout, stderr = build(capsys, source, out, cache_dir)
    assert (code, stderr) == (0, "")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        infos = archive.infolist()
        assert archive.read("handler.py").startswith(b"import puredep")
    assert names == sorted(names)
    assert set(names) == {
        "certs/global-bundle.pem",
        "handler.py",
        "rds_connect.py",
        "puredep/__init__.py",
        "puredep/tests/test_it.py",  # inside a dependency: kept as it is
        "puredep-1.0.dist-info/METADATA",
        "puredep-1.0.dist-info/LICENSE",
        "puredep-1.0.dist-info/entry_points.txt",
    }
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    modes = {info.filename: info.external_attr >> 16 for info in infos}
    assert modes.pop("handler.py") == 0o100755 and set(modes.values()) == {0o100644}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}


def test_output_reports_path_size_and_terraform_hash(capsys, source, tmp_path, cache_dir):
    out = tmp_path / "lambda.zip"
    code, stdout, _ = build(capsys, source, out, cache_dir)
    data = out.read_bytes()
    expected = base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert code == 0
    assert stdout.splitlines() == [
        f"zip: {out} (rebuilt)",
        f"size: {len(data)} bytes",
        f"base64sha256: {expected}",
        "left out: README.md, __pycache__/, stale.pyc, tests/ (4 paths; --include PATTERN keeps one)",
    ]


def test_two_clean_builds_are_byte_identical(capsys, source, tmp_path):
    first, second = tmp_path / "a" / "lambda.zip", tmp_path / "b" / "lambda.zip"
    assert build(capsys, source, first, tmp_path / "cache-a")[0] == 0
    os.utime(source / "handler.py", (1_700_000_000, 1_700_000_000))  # mtimes must not leak into the zip
    assert build(capsys, source, second, tmp_path / "cache-b")[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_unchanged_inputs_skip_the_rebuild_and_changes_do_not(capsys, source, tmp_path, cache_dir):
    out = tmp_path / "lambda.zip"
    build(capsys, source, out, cache_dir)
    before = out.read_bytes()
    os.utime(out, (1_000_000_000, 1_000_000_000))
    code, stdout, _ = build(capsys, source, out, cache_dir)
    assert code == 0 and "(unchanged, rebuild skipped)" in stdout
    assert out.stat().st_mtime == 1_000_000_000 and out.read_bytes() == before

    (source / "rds_connect.py").write_text("CONNECT = False\n")
    code, stdout, _ = build(capsys, source, out, cache_dir)
    assert code == 0 and "(rebuilt)" in stdout
    assert out.read_bytes() != before


def test_requirement_change_reinstalls_dependencies(capsys, source, tmp_path, cache_dir, wheelhouse):
    out = tmp_path / "lambda.zip"
    build(capsys, source, out, cache_dir)
    (source / "requirements.txt").write_text(offline_requirements(wheelhouse))  # no packages at all
    code, stdout, _ = build(capsys, source, out, cache_dir)
    assert code == 0 and "(rebuilt)" in stdout
    with zipfile.ZipFile(out) as archive:
        assert not [name for name in archive.namelist() if name.startswith("puredep")]


def test_dependencies_are_resolved_for_the_lambda_platform(capsys, source, tmp_path, cache_dir, wheelhouse):
    (source / "requirements.txt").write_text(offline_requirements(wheelhouse, "nativedep==1.0"))
    arm = tmp_path / "arm.zip"
    code, _, stderr = build(capsys, source, arm, cache_dir, "--arch", "arm64", "--runtime", "python3.12")
    assert (code, stderr) == (0, "")
    with zipfile.ZipFile(arm) as archive:
        assert "nativedep/__init__.py" in archive.namelist()

    x86 = tmp_path / "x86.zip"
    code, stdout, stderr = build(capsys, source, x86, cache_dir, "--arch", "x86_64")
    assert code == 2 and stdout == ""
    assert len(stderr.strip().splitlines()) == 1 and "nativedep" in stderr and "manylinux2014_x86_64" in stderr
    assert not x86.exists()


def test_wheel_for_another_python_version_is_refused(capsys, source, tmp_path, cache_dir, wheelhouse):
    (source / "requirements.txt").write_text(offline_requirements(wheelhouse, "nativedep311==1.0"))
    assert build(capsys, source, tmp_path / "a.zip", cache_dir, "--runtime", "python3.11")[0] == 0
    code, _, stderr = build(capsys, source, tmp_path / "b.zip", cache_dir, "--runtime", "python3.12")
    assert code == 2 and "nativedep311" in stderr
    assert not (tmp_path / "b.zip").exists()


def test_failed_rebuild_keeps_previous_zip_and_leaves_no_temp_files(capsys, source, tmp_path, cache_dir, wheelhouse):
    out_dir = tmp_path / "out"
    out = out_dir / "lambda.zip"
    build(capsys, source, out, cache_dir)
    good = out.read_bytes()
    (source / "requirements.txt").write_text(offline_requirements(wheelhouse, "nativedep==1.0"))
    assert build(capsys, source, out, cache_dir)[0] == 2
    assert out.read_bytes() == good
    assert sorted(p.name for p in out_dir.iterdir()) == ["lambda.zip"]
    assert not [p for p in cache_dir.iterdir() if p.name.startswith(".")]


def test_explicit_requirements_file_is_used(capsys, source, tmp_path, cache_dir, wheelhouse):
    (source / "requirements.txt").unlink()
    other = tmp_path / "reqs.txt"
    other.write_text(offline_requirements(wheelhouse, "puredep==1.0"))
    out = tmp_path / "lambda.zip"
    assert build(capsys, source, out, cache_dir, "--requirements", other)[0] == 0
    with zipfile.ZipFile(out) as archive:
        assert "puredep/__init__.py" in archive.namelist()


def test_source_without_requirements_needs_no_pip(capsys, source, tmp_path):
    (source / "requirements.txt").unlink()
    out = tmp_path / "lambda.zip"
    assert build(capsys, source, out, tmp_path / "never-created")[0] == 0
    assert not (tmp_path / "never-created").exists()
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["certs/global-bundle.pem", "handler.py", "rds_connect.py"]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--source", "{tmp}/missing", "--out", "{tmp}/x.zip"], "source directory not found"),
        (
            ["--source", "{src}", "--out", "{tmp}/x.zip", "--requirements", "{tmp}/nope.txt"],
            "requirements file not found",
        ),
        (["--source", "{src}", "--out", "{tmp}/x.zip", "--runtime", "go1.x"], "unsupported runtime 'go1.x': expected"),
        (["--source", "{src}", "--out", "{tmp}/x.zip", "--runtime", "python3.9"], "unsupported runtime 'python3.9'"),
        (["--source", "{src}", "--out", "{tmp}/blocker/x.zip"], "cannot create output directory"),
        (["--source", "{src}", "--out", "{tmp}"], "output path is a directory"),
        (["--out", "{tmp}/x.zip"], "--source is required (or --layer"),
        (["--layer", "--source", "{src}", "--out", "{tmp}/x.zip"], "it takes no --source"),
        (["--layer", "--requirements", "{tmp}/r.txt", "--out", "{tmp}/x.zip"], "it takes no --requirements"),
        (["--layer", "--exclude", "*.pem", "--out", "{tmp}/x.zip"], "it takes no --exclude"),
    ],
)
def test_bad_input_exits_2_with_one_line_reason(capsys, source, tmp_path, cache_dir, argv, needle):
    (tmp_path / "blocker").write_text("a file where a directory should be")
    argv = [arg.format(tmp=tmp_path, src=source) for arg in argv] + ["--cache-dir", str(cache_dir)]
    code, stdout, stderr = package(capsys, *argv)
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and needle in stderr and stderr.startswith("rds-proxy-package: error: ")
    assert not (tmp_path / "x.zip").exists()


def test_bad_arch_is_rejected_by_the_cli_in_one_line(capsys, source, tmp_path):
    assert pl.main(["--source", str(source), "--out", str(tmp_path / "x.zip"), "--arch", "sparc"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("rds-proxy-package: error: argument --arch: invalid choice: 'sparc'")


def test_pip_command_targets_the_runtime_not_the_build_machine():
    command = python_deps.pip_command(Path("r.txt"), Path("t"), "python3.12", "arm64")
    assert command[command.index("--python-version") + 1] == "3.12"
    assert command[command.index("--implementation") + 1] == "cp"
    assert "--only-binary=:all:" in command and "--no-compile" in command
    platforms = [command[i + 1] for i, arg in enumerate(command) if arg == "--platform"]
    assert platforms[0] == "manylinux2014_aarch64" and all(p.endswith("_aarch64") for p in platforms)
    older = python_deps.pip_command(Path("r.txt"), Path("t"), "python3.11", "x86_64")
    assert [older[i + 1] for i, arg in enumerate(older) if arg == "--platform"] == ["manylinux2014_x86_64"]


def test_deps_key_changes_with_each_input():
    base = python_deps.deps_key("a==1\n", "python3.12", "x86_64")
    assert base == python_deps.deps_key("a==1\n", "python3.12", "x86_64")
    assert (
        len(
            {
                base,
                python_deps.deps_key("a==2\n", "python3.12", "x86_64"),
                python_deps.deps_key("a==1\n", "python3.13", "x86_64"),
                python_deps.deps_key("a==1\n", "python3.12", "arm64"),
            }
        )
        == 4
    )


def test_project_lambda_source_packages_with_its_real_dependencies(capsys, tmp_path):
    """The real lambda_src (PyPI wheels; the repo's .build cache makes this warm after `make lambda-zip`)."""
    out = tmp_path / "lambda.zip"
    code, _, stderr = build(capsys, REPO / "lambda_src", out, REPO / ".build" / "lambda-deps")
    assert (code, stderr) == (0, "")
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
    source_files = {
        p.relative_to(REPO / "lambda_src").as_posix()
        for p in (REPO / "lambda_src").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".md")
    } - {"requirements.txt", "rds_connect/requirements.txt"}
    assert source_files <= names
    assert "pg8000/__init__.py" in names and "pymysql/__init__.py" in names
    assert not [n for n in names if n.endswith((".pyc", "/RECORD")) or "__pycache__" in n]


def test_an_included_requirements_file_counts_like_its_includer(capsys, source, tmp_path, cache_dir, wheelhouse):
    """`-r other.txt`: a change in the included file rebuilds, and the included file is not shipped."""
    (source / "pins").mkdir()
    (source / "pins" / "deps.txt").write_text(offline_requirements(wheelhouse, "puredep==1.0"))
    (source / "requirements.txt").write_text("-r pins/deps.txt\n")
    out = tmp_path / "lambda.zip"
    code, stdout, stderr = build(capsys, source, out, cache_dir)
    assert (code, stderr) == (0, "") and "(rebuilt)" in stdout
    with zipfile.ZipFile(out) as archive:
        assert "puredep/__init__.py" in archive.namelist() and "pins/deps.txt" not in archive.namelist()
    (source / "pins" / "deps.txt").write_text(offline_requirements(wheelhouse))
    code, stdout, _ = build(capsys, source, out, cache_dir)
    assert code == 0 and "(rebuilt)" in stdout
    with zipfile.ZipFile(out) as archive:
        assert "puredep/__init__.py" not in archive.namelist()


@pytest.mark.parametrize(
    ("requirements", "needle"),
    [("-r missing.txt\n", "requirements file not found: "), ("-r requirements.txt\n", "includes itself")],
)
def test_bad_includes_exit_2(capsys, source, tmp_path, cache_dir, requirements, needle):
    (source / "requirements.txt").write_text(requirements)
    code, _, stderr = build(capsys, source, tmp_path / "x.zip", cache_dir)
    assert code == 2 and needle in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "x.zip").exists()


def test_layer_holds_rds_connect_and_its_pinned_drivers_under_python(capsys, tmp_path):
    """`--layer`: what Lambda mounts at /opt/python; deterministic and skipped when unchanged."""
    cache = REPO / ".build" / "lambda-deps"
    first, second = tmp_path / "a" / "layer.zip", tmp_path / "b" / "layer.zip"
    for out in (first, second):
        code, stdout, stderr = package(capsys, "--layer", "--out", out, "--cache-dir", cache)
        assert (code, stderr) == (0, "") and "(rebuilt)" in stdout
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
    library = REPO / "lambda_src" / "rds_connect"
    shipped = {f"python/rds_connect/{p.name}" for p in library.iterdir() if p.is_file() and p.suffix in (".py", ".pem")}
    assert shipped <= set(names) and "python/rds_connect/requirements.txt" not in names
    pins = python_deps.requirement_lines((library / "requirements.txt").read_text())
    assert {"python/pg8000/__init__.py", "python/pymysql/__init__.py"} <= set(names)
    for pin in pins:
        name, version = pin.split("==")
        dist_info = f"python/{name.replace('-', '_').lower()}-{version}.dist-info/"
        assert any(n.lower().startswith(dist_info) for n in names), pin
    assert all(name.startswith("python/") for name in names)
    code, stdout, _ = package(capsys, "--layer", "--out", first, "--cache-dir", cache)
    assert code == 0 and "(unchanged, rebuild skipped)" in stdout
