"""rds-proxy-package: what goes into a function zip and how. File modes survive normalised, links stay links inside
the folder, secrets and version control never ship, what was left out is listed in one line, --exclude and --include
change the rules, and files inside dependencies are kept as they are."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from harness.builds import package
from rds_proxy_tools.packaging.rules import BUILTIN, Selection

PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----\n"
CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIEow==\n-----END CERTIFICATE-----\n"


def build(capsys, source: Path, out: Path, *extra) -> tuple[int, str, str]:
    return package(capsys, "--source", source, "--out", out, "--cache-dir", out.parent / "never-used", *extra)


def listing(zip_path: Path) -> dict[str, int]:
    """{name: mode} of the zip's entries."""
    with zipfile.ZipFile(zip_path) as archive:
        return {info.filename: info.external_attr >> 16 for info in archive.infolist()}


def left_out_line(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith("left out: "))


def write(path: Path, text: str = "x\n", mode: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mode is not None:
        os.chmod(path, mode)
    return path


@pytest.fixture
def source(tmp_path) -> Path:
    src = tmp_path / "src"
    write(src / "app.py", "def handler(event, context):\n    return 1\n")
    return src


# ---------------------------------------------------------------- modes


def test_executables_are_0755_and_the_rest_0644_whatever_the_machines_bits(capsys, source, tmp_path):
    write(source / "run.sh", "#!/bin/sh\n", 0o700)
    write(source / "group_exec.sh", "#!/bin/sh\n", 0o710)
    write(source / "private.txt", "text\n", 0o600)
    write(source / "shared.txt", "text\n", 0o666)
    assert build(capsys, source, tmp_path / "a" / "fn.zip")[0] == 0
    modes = listing(tmp_path / "a" / "fn.zip")
    assert modes == {
        "app.py": 0o100644,
        "group_exec.sh": 0o100755,
        "private.txt": 0o100644,
        "run.sh": 0o100755,
        "shared.txt": 0o100644,
    }
    os.chmod(source / "run.sh", 0o755)  # another machine, another umask: the same zip
    os.chmod(source / "shared.txt", 0o644)
    assert build(capsys, source, tmp_path / "b" / "fn.zip")[0] == 0
    assert (tmp_path / "a" / "fn.zip").read_bytes() == (tmp_path / "b" / "fn.zip").read_bytes()


def test_a_mode_change_alone_rebuilds(capsys, source, tmp_path):
    out = tmp_path / "fn.zip"
    write(source / "run.sh", "#!/bin/sh\n", 0o644)
    build(capsys, source, out)
    code, stdout, _ = build(capsys, source, out)
    assert code == 0 and "(unchanged, rebuild skipped)" in stdout
    os.chmod(source / "run.sh", 0o755)
    code, stdout, _ = build(capsys, source, out)
    assert code == 0 and "(rebuilt)" in stdout
    assert listing(out)["run.sh"] == 0o100755


def test_unzip_restores_the_modes_and_links(capsys, source, tmp_path):
    """What a Linux unzip (as Lambda's) makes of the zip: an executable, a plain file and a working link."""
    write(source / "bin" / "tool", "#!/bin/sh\necho tool ran\n", 0o755)
    (source / "tool").symlink_to("bin/tool")
    out = tmp_path / "fn.zip"
    assert build(capsys, source, out)[0] == 0
    unpacked = tmp_path / "unpacked"
    subprocess.run(["unzip", "-q", str(out), "-d", str(unpacked)], check=True)
    assert (unpacked / "tool").is_symlink() and os.readlink(unpacked / "tool") == "bin/tool"
    assert subprocess.run([str(unpacked / "tool")], capture_output=True, text=True).stdout == "tool ran\n"
    assert os.stat(unpacked / "app.py").st_mode & 0o777 == 0o644


# ---------------------------------------------------------------- links


def test_links_inside_the_folder_are_stored_as_links(capsys, source, tmp_path):
    write(source / "lib" / "real.py", "X = 1\n")
    (source / "alias.py").symlink_to("lib/real.py")
    (source / "shared").symlink_to("lib")
    (source / "absolute.py").symlink_to(source / "lib" / "real.py")  # stored relative: it must work in /var/task
    out = tmp_path / "fn.zip"
    assert build(capsys, source, out)[0] == 0
    modes = listing(out)
    assert modes["alias.py"] == modes["shared"] == modes["absolute.py"] == 0o120777
    with zipfile.ZipFile(out) as archive:
        assert archive.read("alias.py") == b"lib/real.py" and archive.read("absolute.py") == b"lib/real.py"
        assert archive.read("shared") == b"lib" and "shared/real.py" not in archive.namelist()


@pytest.mark.parametrize(
    ("make_link", "needle"),
    [
        (lambda src, tmp: (src / "outside.txt").symlink_to(write(tmp / "secret.txt")), "points outside"),
        (lambda src, tmp: (src / "up").symlink_to(".."), "points outside"),
        (lambda src, tmp: (src / "dangling.py").symlink_to("missing.py"), "which does not exist"),
        (lambda src, tmp: (src / "config").symlink_to(write(src / ".env", "DB_PASSWORD=x\n")), "which is left out"),
    ],
)
def test_links_that_would_ship_something_else_are_refused(capsys, source, tmp_path, make_link, needle):
    make_link(source, tmp_path)
    code, stdout, stderr = build(capsys, source, tmp_path / "fn.zip")
    assert (code, stdout) == (2, "") and needle in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "fn.zip").exists()


def test_a_link_left_out_by_exclude_is_not_followed(capsys, source, tmp_path):
    (source / "outside.txt").symlink_to(write(tmp_path / "secret.txt"))
    code, stdout, _ = build(capsys, source, tmp_path / "fn.zip", "--exclude", "outside.txt")
    assert code == 0 and left_out_line(stdout).startswith("left out: outside.txt (1 path;")
    assert list(listing(tmp_path / "fn.zip")) == ["app.py"]


# ---------------------------------------------------------------- never packaged by default


def test_secrets_version_control_and_the_packagers_output_never_ship(capsys, source, tmp_path):
    write(source / ".env", "DB_PASSWORD=hunter2\n")
    write(source / ".env.production", "DB_PASSWORD=hunter3\n")
    write(source / "conf" / ".envrc", "export DB_PASSWORD=hunter4\n")
    write(source / ".git" / "config", "[core]\n")
    write(source / "sub" / ".git", "gitdir: ../.git/modules/sub\n")  # a submodule's .git is a file
    write(source / ".hg" / "hgrc")
    write(source / ".svn" / "entries")
    write(source / ".aws" / "credentials", "[default]\naws_secret_access_key = x\n")
    write(source / "keys" / "id_ed25519", PRIVATE_KEY)
    write(source / "keys" / "server.key", PRIVATE_KEY)
    write(source / "keys" / "deploy.pem", PRIVATE_KEY)
    write(source / "certs" / "ca-bundle.pem", CERTIFICATE)  # a CA bundle holds no private key: it ships
    write(source / ".gitignore", ".env\n")
    out = source / "build" / "fn.zip"  # the output inside the folder, its cache beside it
    assert build(capsys, source, out)[0] == 0
    (source / "old.zip").write_bytes(out.read_bytes())  # an earlier zip of the packager, copied in
    (source / "data.zip").write_bytes(b"PK\x05\x06" + bytes(18))  # any other zip is data: it ships
    code, stdout, stderr = build(capsys, source, out)
    assert (code, stderr) == (0, "")
    assert sorted(listing(out)) == [".gitignore", "app.py", "certs/ca-bundle.pem", "data.zip"]
    assert left_out_line(stdout) == (
        "left out: .aws/, .env, .env.production, .git/, .hg/, .svn/, build/fn.zip, conf/.envrc, keys/deploy.pem, "
        "keys/id_ed25519 and 3 more (13 paths; --include PATTERN keeps one)"
    )


# One path each built-in rule leaves out, and how the left-out line shows it (a folder with a trailing /).
BUILTIN_EXAMPLES = {
    ".env*": (".env.local", ".env.local"),
    ".aws/": (".aws/config", ".aws/"),
    ".npmrc": (".npmrc", ".npmrc"),
    ".pypirc": (".pypirc", ".pypirc"),
    ".netrc": ("home/.netrc", "home/.netrc"),
    "id_rsa": ("ssh/id_rsa", "ssh/id_rsa"),
    "id_dsa": ("id_dsa", "id_dsa"),
    "id_ecdsa": ("id_ecdsa", "id_ecdsa"),
    "id_ed25519": ("id_ed25519", "id_ed25519"),
    "*.key": ("tls/server.key", "tls/server.key"),
    "*.p12": ("signing.p12", "signing.p12"),
    "*.pfx": ("signing.pfx", "signing.pfx"),
    "*.ppk": ("putty.ppk", "putty.ppk"),
    ".git": (".git/HEAD", ".git/"),
    ".hg/": (".hg/hgrc", ".hg/"),
    ".svn/": ("lib/.svn/entries", "lib/.svn/"),
    ".bzr/": (".bzr/branch-format", ".bzr/"),
    "_darcs/": ("_darcs/format", "_darcs/"),
    "CVS/": ("CVS/Root", "CVS/"),
    "__pycache__/": ("pkg/__pycache__/cache.json", "pkg/__pycache__/"),
    "*.pyc": ("stale.pyc", "stale.pyc"),
    "*.pyo": ("stale.pyo", "stale.pyo"),
    "tests/": ("pkg/tests/test_m.py", "pkg/tests/"),
    "*.md": ("docs/guide.md", "docs/guide.md"),
}


def test_every_builtin_rule_has_an_example():
    assert set(BUILTIN_EXAMPLES) == set(BUILTIN)


@pytest.mark.parametrize(("rule", "example", "shown"), [(rule, *pair) for rule, pair in BUILTIN_EXAMPLES.items()])
def test_each_builtin_rule_leaves_its_example_out_and_include_keeps_it(capsys, source, tmp_path, rule, example, shown):
    write(source / example, "secret or clutter\n")
    out = tmp_path / "fn.zip"
    code, stdout, _ = build(capsys, source, out)
    assert code == 0 and list(listing(out)) == ["app.py"]
    assert left_out_line(stdout) == f"left out: {shown} (1 path; --include PATTERN keeps one)"
    code, _, _ = build(capsys, source, out, "--include", rule)
    assert code == 0 and example in listing(out)


def test_the_left_out_line_names_every_path_when_there_are_few(capsys, source, tmp_path):
    write(source / ".env", "DB_PASSWORD=hunter2\n")
    write(source / ".git" / "HEAD", "ref: refs/heads/main\n")
    code, stdout, _ = build(capsys, source, tmp_path / "fn.zip")
    assert code == 0 and left_out_line(stdout) == "left out: .env, .git/ (2 paths; --include PATTERN keeps one)"


def test_nothing_left_out_prints_no_line(capsys, source, tmp_path):
    code, stdout, _ = build(capsys, source, tmp_path / "fn.zip")
    assert code == 0 and len(stdout.splitlines()) == 3 and "left out" not in stdout


# ---------------------------------------------------------------- --exclude and --include


def test_exclude_adds_rules_and_include_overrides_them(capsys, source, tmp_path):
    write(source / "docs" / "guide.txt")
    write(source / "data" / "big.csv")
    write(source / "data" / "nested" / "small.csv")
    write(source / "tests" / "test_app.py")
    write(source / ".env.example", "DB_PASSWORD=\n")
    write(source / "CHANGES.md")
    write(source / "assets" / "a" / "b" / "logo.psd")
    write(source / "assets" / "logo.png")
    code, stdout, _ = build(
        capsys,
        source,
        tmp_path / "fn.zip",
        *("--exclude", "docs/", "--exclude", "/data/*.csv"),  # a folder anywhere; a path from the top (* in a name)
        *("--exclude", "assets/**/*.psd"),  # ** spans folders
        *("--include", "tests/", "--include", ".env.example"),
    )
    assert code == 0
    assert sorted(listing(tmp_path / "fn.zip")) == [
        ".env.example",
        "app.py",
        "assets/logo.png",
        "data/nested/small.csv",
        "tests/test_app.py",
    ]
    assert left_out_line(stdout).startswith("left out: CHANGES.md, assets/a/b/logo.psd, data/big.csv, docs/ (4 paths;")


def test_the_patterns_are_part_of_the_fingerprint(capsys, source, tmp_path):
    out = tmp_path / "fn.zip"
    build(capsys, source, out)
    code, stdout, _ = build(capsys, source, out, "--exclude", "nothing-matches")
    assert code == 0 and "(rebuilt)" in stdout


def test_an_empty_pattern_is_refused(capsys, source, tmp_path):
    code, _, stderr = build(capsys, source, tmp_path / "fn.zip", "--exclude", "/")
    assert code == 2 and "pattern '/' matches nothing" in stderr


def test_exclude_also_applies_to_installed_dependencies():
    selection = Selection(excludes=["docs/"], includes=["docs/keep/"])
    assert selection.skip_dependency("node_modules/a/docs/", Path("x"), True)
    assert not selection.skip_dependency("node_modules/a/README.md", Path("x"), False)
    assert not selection.skip_dependency("node_modules/a/docs/keep/", Path("x"), True)
    assert selection.left_out == ["node_modules/a/docs/"]


# ---------------------------------------------------------------- dependencies are kept as they are


def test_files_inside_dependency_folders_are_kept_as_they_are(capsys, source, tmp_path):
    """node_modules/ (without a package.json: shipped as it is), vendor/ (Composer, Bundler) and what a
    `pip install --target .` wrote (its RECORD lists it)."""
    shipped = [
        "node_modules/lib/README.md",
        "node_modules/lib/tests/fixture.js",
        "node_modules/lib/.env",
        "vendor/composer/pkg/tests/Test.php",
        "vendor/composer/pkg/CHANGELOG.md",
        "vendored/__init__.py",
        "vendored/tests/__init__.py",
        "vendored/README.md",
        "vendored-1.0.dist-info/RECORD",
    ]
    for name in shipped:
        write(source / name)
    record = ["vendored/__init__.py,,", "vendored/tests/__init__.py,,", "vendored/README.md,,"]
    write(source / "vendored-1.0.dist-info" / "RECORD", "\n".join([*record, "vendored-1.0.dist-info/RECORD,,", ""]))
    write(source / "vendored" / "notes.md")  # in the package's folder, but not installed by pip: the rules apply
    write(source / "tests" / "test_app.py")
    code, stdout, _ = build(capsys, source, tmp_path / "fn.zip")
    assert code == 0
    assert sorted(listing(tmp_path / "fn.zip")) == sorted(["app.py", *shipped])
    assert left_out_line(stdout).startswith("left out: tests/, vendored/notes.md (2 paths;")
