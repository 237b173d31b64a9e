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
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tftest

from harness.repo import REPO_ROOT
from harness.terraform import shared_provider, tfenv

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
    "node_modules",  # examples/functions' npm packages (77 MB): its functions are applied as .build/functions.zip
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
    return PlanSummary(values=values, counts=dict(counts), outputs=outputs, raw=raw)


def _unprefixed(node: Any, prefix: str) -> Any:
    """A copy of a plan JSON fragment with `prefix` taken off every address in it."""
    if isinstance(node, list):
        return [_unprefixed(item, prefix) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: _unprefixed(value, prefix) for key, value in node.items()}
    for key in ("address", "module_address"):
        if isinstance(copy.get(key), str) and copy[key].startswith(prefix):
            copy[key] = copy[key][len(prefix) :]
    return copy


def split_cases(raw: dict[str, Any], names: list[str]) -> dict[str, PlanSummary]:
    """Per case, the plan of a wrapper that calls the module once per case (see plan_cases), as if
    each had been planned on its own: addresses without "module.<case>.", outputs as the module's."""
    children = {c["address"]: c for c in raw.get("planned_values", {}).get("root_module", {}).get("child_modules", [])}
    summaries = {}
    for name in names:
        prefix = f"module.{name}."
        child = _unprefixed(children.get(f"module.{name}", {}), prefix)
        change = raw.get("output_changes", {}).get(name, {})
        after, unknown = change.get("after") or {}, change.get("after_unknown") or {}
        outputs = {key: None if unknown.get(key) is True else value for key, value in after.items()}
        outputs.update({key: None for key, flag in unknown.items() if flag is True})
        case_raw = {
            "planned_values": {
                "root_module": {
                    "resources": child.get("resources", []),
                    "child_modules": child.get("child_modules", []),
                },
                "outputs": {key: {"value": value} for key, value in outputs.items()},
            },
            "resource_changes": [
                _unprefixed(c, prefix) for c in raw.get("resource_changes", []) if c["address"].startswith(prefix)
            ],
        }
        summaries[name] = summarize_plan(case_raw)
    return summaries


def hcl_value(value: Any) -> str:
    """A literal for a module argument: JSON is valid HCL for strings, numbers, bools, null, lists and maps."""
    return json.dumps(value)


# The blocks of a wrapper configuration that calls modules with literal inputs (one plan for many cases).
REQUIRES_AWS = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n'


def module_block(name: str, source: str, inputs: dict[str, Any], provider: str | None = None) -> str:
    """`module "<name>"` calling `source` with `inputs` as literals, on the provider alias `aws.<provider>` if
    given."""
    providers = f"  providers = {{ aws = aws.{provider} }}\n" if provider else ""
    arguments = "".join(f"  {key} = {hcl_value(value)}\n" for key, value in inputs.items())
    return f'module "{name}" {{\n  source = "{source}"\n{providers}{arguments}}}\n'


def output_block(name: str) -> str:
    """`output "<name>"` holding every output of module `name`."""
    return f'output "{name}" {{\n  value = module.{name}\n}}\n'


def root_call(repo: Path, name: str, inputs: dict[str, Any], env: dict[str, str]) -> Workspace:
    """A Workspace of a configuration in <repo>/.<name> (made) that calls the root module of the repo copy `repo`
    once, as module "<name>" with `inputs`, and outputs all its outputs as output "<name>"."""
    directory = repo / f".{name}"
    directory.mkdir()
    blocks = [REQUIRES_AWS, 'provider "aws" {}\n', module_block(name, "../", inputs), output_block(name)]
    (directory / "main.tf").write_text("\n".join(blocks))
    return Workspace(directory, env)


def plan_cases(module_dir: Path, cases: dict[str, dict[str, Any]], env: dict[str, str]) -> dict[str, PlanSummary]:
    """One plan of a wrapper configuration that calls the module at module_dir once per case (its
    inputs), split into one summary per case: every provider load is paid once for all cases."""
    wrapper = module_dir / ".plan-cases"
    wrapper.mkdir(exist_ok=True)
    blocks = [REQUIRES_AWS, 'provider "aws" {}\n']
    for name, tf_vars in cases.items():
        blocks += [module_block(name, "../", tf_vars), output_block(name)]
    (wrapper / "main.tf").write_text("\n".join(blocks))
    workspace = Workspace(wrapper, env)
    workspace.init()
    result = workspace.tf.plan(output=True)
    return split_cases(dict(result), list(cases))


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

    def _attach(self) -> dict[str, str]:
        """The environment of the next command, with the shared provider to attach to (harness.terraform.
        shared_provider), looked up each time: the one of the last command may have been stopped since."""
        env = {**self.env, **shared_provider.reattach_env(self.tfdir, self.env)}
        self.tf.env.pop("TF_REATTACH_PROVIDERS", None)
        self.tf.env.update(env)
        return env

    def _var_file(self, tf_vars: dict[str, Any] | None) -> str | None:
        if not tf_vars:
            return None
        with tempfile.NamedTemporaryFile("w", suffix=".tfvars.json", dir=self.tfdir, delete=False) as handle:
            json.dump(tf_vars, handle)
        return handle.name

    def init(self) -> None:
        self._attach()
        if not self._initialized:
            self.tf.setup(upgrade=False)
            self._initialized = True

    def plan(self, tf_vars: dict[str, Any] | None = None) -> PlanSummary:
        self.init()
        result = self.tf.plan(output=True, tf_var_file=self._var_file(tf_vars))
        return summarize_plan(dict(result))

    def apply(self, tf_vars: dict[str, Any] | None = None) -> str:
        self.init()
        return self.tf.apply(tf_var_file=self._var_file(tf_vars))

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        """`terraform <args>` in the directory, both streams read at once: tftest reads stderr only after the
        process ends, so a command writing more than a pipe's 64 KiB of errors would hang under it."""
        self.init()
        return subprocess.run(
            ["terraform", *args], cwd=self.tfdir, env=self._attach(), capture_output=True, text=True, timeout=timeout
        )

    def outputs(self) -> dict[str, Any]:
        self._attach()
        return {name: value for name, value in self.tf.output().items()}

    def state(self) -> dict[str, Any]:
        self._attach()
        return json.loads(self.tf.execute_command("show", "-json").out)

    def destroy(self, tf_vars: dict[str, Any] | None = None, refresh: bool = True) -> str:
        self._attach()
        return self.tf.destroy(tf_var_file=self._var_file(tf_vars), refresh=refresh)
