"""Drive Terraform through tftest on a throwaway copy of the module.

tftest deletes `.terraform`, lock and state files in the directory it runs in,
so every run works on a copy of the repository. Plans come back as summaries in
the style of cloud-foundation-fabric's tests: values by address, resource
counts by type, and outputs.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tftest

from harness import tfenv

REPO_ROOT = Path(__file__).resolve().parents[2]
_COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".build",
    ".terraform",
    ".terraform.lock.hcl",
    "terraform.tfstate*",
    "__pycache__",
    ".pytest_cache",
    "tests",
    "bench",
    "*.zip",
)


def copy_repo(dest: Path) -> Path:
    """Copy the module, its parts and examples (no tests, no build output) to dest."""
    shutil.copytree(REPO_ROOT, dest, ignore=_COPY_IGNORE, dirs_exist_ok=True)
    return dest


@dataclass
class PlanSummary:
    values: dict[str, dict[str, Any]]  # planned values by resource address
    counts: dict[str, int]  # resources by type, plus "modules" and "resources"
    outputs: dict[str, Any]  # planned output values (None when unknown)
    actions: dict[str, list[str]]  # planned actions by resource address
    raw: dict[str, Any]


def walk_resources(module: dict[str, Any]):
    """Every resource of a plan's or state's module tree."""
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from walk_resources(child)


def summarize_plan(raw: dict[str, Any]) -> PlanSummary:
    resources = [
        r for r in walk_resources(raw.get("planned_values", {}).get("root_module", {})) if r.get("mode") == "managed"
    ]
    values = {r["address"]: r.get("values", {}) for r in resources}
    counts = Counter(r["type"] for r in resources)
    counts["resources"] = len(resources)
    counts["modules"] = len({r["address"].rsplit(".", 2)[0] for r in resources if r["address"].startswith("module.")})
    outputs = {name: out.get("value") for name, out in raw.get("planned_values", {}).get("outputs", {}).items()}
    actions = {c["address"]: c["change"]["actions"] for c in raw.get("resource_changes", [])}
    return PlanSummary(values=values, counts=dict(counts), outputs=outputs, actions=actions, raw=raw)


def changes(summary: PlanSummary) -> list[dict[str, Any]]:
    """Resource changes other than no-op and read."""
    return [c for c in summary.raw.get("resource_changes", []) if c["change"]["actions"] not in (["no-op"], ["read"])]


def one_line(text: str) -> str:
    """Terraform diagnostics with box drawing, colours and line wrapping folded away."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    text = re.sub(r"[│╷╵]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class Workspace:
    """A Terraform directory (inside a repo copy) with its own environment."""

    def __init__(self, tfdir: Path, env: dict[str, str]):
        self.tfdir = Path(tfdir)
        self.env = {**env, **tfenv.terraform_env(REPO_ROOT / ".build" / "terraformrc")}
        self.tf = tftest.TerraformTest(str(self.tfdir), env=self.env)
        self._initialized = False

    def _var_file(self, tf_vars: dict[str, Any] | None) -> str | None:
        if not tf_vars:
            return None
        with tempfile.NamedTemporaryFile("w", suffix=".tfvars.json", dir=self.tfdir, delete=False) as handle:
            json.dump(tf_vars, handle)
        return handle.name

    def init(self) -> None:
        if not self._initialized:
            self.tf.setup(upgrade=False)
            self._initialized = True

    def plan(self, tf_vars: dict[str, Any] | None = None) -> PlanSummary:
        self.init()
        result = self.tf.plan(output=True, tf_var_file=self._var_file(tf_vars))
        return summarize_plan(result._raw)

    def apply(self, tf_vars: dict[str, Any] | None = None) -> str:
        self.init()
        return self.tf.apply(tf_var_file=self._var_file(tf_vars))

    def outputs(self) -> dict[str, Any]:
        return {name: value for name, value in self.tf.output().items()}

    def state(self) -> dict[str, Any]:
        return json.loads(self.tf.execute_command("show", "-json").out)

    def destroy(self, tf_vars: dict[str, Any] | None = None) -> str:
        return self.tf.destroy(tf_var_file=self._var_file(tf_vars))
