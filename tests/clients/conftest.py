"""Fixtures for the functions in other languages of examples/functions: the session's database servers
(tests/conftest.py), and runners that call a function's handler as a Lambda container would."""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.databases import dbservers
from harness.repo import REPO_ROOT

FUNCTIONS = REPO_ROOT / "examples" / "functions"
NODE_RUNNER = Path(__file__).resolve().with_name("run.mjs")
# Where `npm ci` (make functions-deps) leaves a copy of the lock it installed.
INSTALLED_LOCK = FUNCTIONS / "node_modules" / ".package-lock.json"
ANSWER_TIMEOUT = 30.0


class NodeContainer:
    """A Lambda container of a Node.js function: `node run.mjs`, the function imported once, its handler called
    once per invoke(). Flags as run.mjs takes them (--without-tls, --sign-as USER, --resolve NAME)."""

    def __init__(self, function: str, env: dict[str, str], *flags: str):
        self.process = subprocess.Popen(
            ["node", str(NODE_RUNNER), str(FUNCTIONS / function / "index.mjs"), *flags],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def invoke(self, event: dict | None = None) -> dict:
        """{"result": what the handler returned} or {"error": "<code>: <message>"}."""
        self.send(event)
        return self.answer()

    def send(self, event: dict | None = None) -> None:
        """Hand the container an event (taken once it runs, if frozen())."""
        self.process.stdin.write(json.dumps(event or {}) + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict:
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(ANSWER_TIMEOUT):
                raise AssertionError(f"the handler did not answer within {ANSWER_TIMEOUT:.0f} s")
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"node ended: {self.close()}")
        return json.loads(line)

    def frozen(self):
        """The container frozen until the block ends, as Lambda freezes one between invocations: it notices what
        happened to its connections meanwhile only once it runs again, with the next event."""
        return dbservers.stopped([self.process.pid])

    def close(self) -> str:
        """End the container; what it wrote on stderr."""
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.process.stderr.read()


@pytest.fixture(scope="session")
def function_env():
    """function_env(server, **overrides) -> what Lambda and the Terraform module give a function for `server`, and
    PATH: nothing else of the test's environment."""

    def env(server: dbservers.Server, **overrides: str) -> dict[str, str]:
        return {"PATH": os.environ["PATH"], **server.lambda_env(), **overrides}

    return env


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """examples/functions/node_modules as its package-lock.json pins it (installed by `make functions-deps`)."""
    if shutil.which("node") is None:
        raise RuntimeError("node is not installed: run bash tests/dev/install_system_deps.sh")
    lock = json.loads((FUNCTIONS / "package-lock.json").read_text())["packages"]
    installed = json.loads(INSTALLED_LOCK.read_text())["packages"] if INSTALLED_LOCK.is_file() else {}
    if any(installed.get(path, {}).get("version") != entry["version"] for path, entry in lock.items() if path):
        raise RuntimeError(
            "examples/functions/node_modules is missing or not what package-lock.json pins: run make functions-deps"
        )
    return FUNCTIONS / "node_modules"


@pytest.fixture
def node_container(node_modules):
    """node_container(function, env, *flags) -> a NodeContainer, ended after the test."""
    containers: list[NodeContainer] = []

    def start(function: str, env: dict[str, str], *flags: str) -> NodeContainer:
        containers.append(NodeContainer(function, env, *flags))
        return containers[-1]

    yield start
    for container in containers:
        container.close()


@pytest.fixture(scope="session")
def php() -> str:
    """The PHP CLI, with mysqli."""
    php = shutil.which("php")
    loaded = php and subprocess.run(
        [php, "-r", "echo extension_loaded('mysqli') ? 1 : 0;"], capture_output=True, text=True
    )
    if not loaded or loaded.stdout != "1":
        raise RuntimeError("PHP with mysqli is not installed: run bash tests/dev/install_system_deps.sh")
    return php
