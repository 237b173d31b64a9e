"""Shared fixtures: the moto emulator, throwaway repo copies, and Terraform runs on them; the real database
servers (see harness/databases/dbservers.py) that tests/lambda and tests/clients log in to, started once per test
worker and only for the engines the selected tests use."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import pytest

from harness import builds
from harness import emulator as emu
from harness.builds import FUNCTIONS_SOURCE, FUNCTIONS_ZIP, LAMBDA_ZIP, LAYER_ZIP
from harness.databases import dbservers
from harness.repo import REPO_ROOT
from harness.run_once import built_once
from harness.terraform import shared_provider, tfrun
from harness.terraform.input_rules import ROOT_BASE as BASE_VARS


def pytest_configure(config):
    shared_provider.ENABLED = os.environ.get("RDSPL_TF_SHARED_PROVIDER", "1") != "0"


@pytest.fixture(scope="session")
def lambda_zip() -> Path:
    if not LAMBDA_ZIP.is_file():
        from rds_proxy_tools import package_lambda

        package_lambda.main(["--source", str(REPO_ROOT / "lambda_src"), "--out", str(LAMBDA_ZIP)])
    return LAMBDA_ZIP


@pytest.fixture(scope="session")
def layer_zip() -> Path:
    if not LAYER_ZIP.is_file():
        from rds_proxy_tools import package_lambda

        package_lambda.main(["--layer", "--out", str(LAYER_ZIP)])
    return LAYER_ZIP


@pytest.fixture(scope="session")
def oversized_zip() -> Path:
    return builds.oversized_zip()


@pytest.fixture(scope="session")
def functions_zip() -> Path:
    if not FUNCTIONS_ZIP.is_file():
        from rds_proxy_tools import package_lambda

        package_lambda.main(["--source", str(FUNCTIONS_SOURCE), "--runtime", "nodejs20.x", "--out", str(FUNCTIONS_ZIP)])
    return FUNCTIONS_ZIP


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    """A moto server of this test module's own: fresh state, stopped at the end."""
    server = emu.start(tmp_path_factory.mktemp("moto"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def aws_env(emulator) -> dict[str, str]:
    return {**emu.scrubbed_environ(), **emulator.env()}


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    return tfrun.copy_repo(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="module")
def root_workspace(repo_copy, aws_env, lambda_zip) -> tfrun.Workspace:
    workspace = tfrun.Workspace(repo_copy, aws_env)
    workspace.init()
    return workspace


@pytest.fixture(scope="module")
def plan_root(root_workspace):
    """plan_root(**overrides) -> PlanSummary of the root module with BASE_VARS + overrides (None drops a var).
    Plans of the same inputs are made once per test module and worker: callers must not change them."""
    plans: dict[str, tfrun.PlanSummary] = {}

    def plan(**overrides) -> tfrun.PlanSummary:
        tf_vars = {k: v for k, v in {**BASE_VARS, **overrides}.items() if v is not None}
        key = json.dumps(tf_vars, sort_keys=True)
        if key not in plans:
            plans[key] = root_workspace.plan(tf_vars)
        return plans[key]

    return plan


@pytest.fixture(scope="module")
def plans(request, tmp_path_factory, lambda_zip, layer_zip) -> dict[str, tfrun.PlanSummary]:
    """The test module's PLAN_CASES ({case: overrides of BASE_VARS, None dropping a var}) planned in one
    terraform plan of a wrapper calling the root module once per case; {case: PlanSummary}. The plan is
    made once per test run: the first worker to need it plans, the others wait for it and read it."""
    cases = {
        name: {k: v for k, v in {**BASE_VARS, **overrides}.items() if v is not None}
        for name, overrides in request.module.PLAN_CASES.items()
    }
    key = hashlib.sha256(json.dumps([request.module.__name__, cases], sort_keys=True).encode()).hexdigest()[:16]

    def plan(directory: Path) -> None:
        planned = tfrun.plan_cases(request.getfixturevalue("repo_copy"), cases, request.getfixturevalue("aws_env"))
        (directory / "plans.json").write_text(json.dumps({name: summary.raw for name, summary in planned.items()}))

    saved = built_once(tmp_path_factory, f"plans-{key}", plan) / "plans.json"
    return {name: tfrun.summarize_plan(raw) for name, raw in json.loads(saved.read_text()).items()}


@pytest.fixture(scope="session")
def credentials() -> dbservers.FakeAwsCredentials:
    return dbservers.FakeAwsCredentials.generate()


@pytest.fixture(scope="session")
def test_ca():
    with tempfile.TemporaryDirectory(prefix="rdspl-ca-") as directory:
        yield dbservers.ThrowawayCA(Path(directory))


def _session_server(engine: str, test_ca, credentials):
    server = dbservers.SERVERS[engine](test_ca, credentials)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def postgresql_server(test_ca, credentials):
    yield from _session_server("postgresql", test_ca, credentials)


@pytest.fixture(scope="session")
def mysql_server(test_ca, credentials):
    yield from _session_server("mysql", test_ca, credentials)


# The marker of every test in a folder (and its subfolders), the one place markers are set: `pytest -m` selects by
# them. The folders without one are the quick ones `make test-fast` runs (tests/dev/run_tests.py FAST_FOLDERS).
FOLDER_MARKERS = {
    "terraform/plan": "plan",
    "terraform/apply": "apply",
    "terraform/security": "security",
    "emulator": "emulator",
    "lambda/servers": "lambda_db",
    "clients": "clients",
    "release/install": "install",
}
TESTS = Path(__file__).resolve().parent


# Tests that share what a test worker starts once run on one worker (tests/dev/run_tests.py: `--dist loadgroup`),
# which starts it once, where spread over the workers each would start its own: the database servers (every test of
# these folders) and a test module's emulator (the tests of the module that use it).
DATABASE_MARKERS = ("lambda_db", "clients")


def pytest_itemcollected(item):
    folder = item.path.parent.relative_to(TESTS).as_posix()
    for marked, marker in FOLDER_MARKERS.items():
        if folder == marked or folder.startswith(marked + "/"):
            item.add_marker(marker)
            if marker in DATABASE_MARKERS:
                item.add_marker(pytest.mark.xdist_group("databases"))
    if "emulator" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.xdist_group(item.path.stem))


# Longest first, so that the quick tests fill the end of the run instead of a long one starting last: the two
# longest emulator applies each on a worker of its own at the start (about 3.5 minutes each here), then the other
# applies, then the tests of the other marked folders (plans, checkov, the emulator, the servers), then the quick ones.
SLOW_FIRST = ("[mysql-instance]", "[aurora-postgresql]")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        for position, marker in enumerate(SLOW_FIRST):
            if item.nodeid.endswith(marker):
                return position
        if item.get_closest_marker("apply"):
            return len(SLOW_FIRST)
        marked = any(item.get_closest_marker(marker) for marker in FOLDER_MARKERS.values())
        return len(SLOW_FIRST) + (1 if marked else 2)

    items.sort(key=rank)
