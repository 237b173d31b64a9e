"""Bad input fails at plan with a message naming the input and what is allowed: every rule of
harness.terraform.input_rules, given to the part that owns it used on its own, and to the root module wherever the root
does more than pass the input on (root_cases).

Every terraform plan loads the 700 MB AWS provider, so the cases share plans: each case is a module call of its
own in a wrapper, and each error is told apart by the call it names (`in module "<case>"`) or, for the root's
cases, by the copy of the root module it comes from (each root case calls a copy of its own, `cases/<case>/`,
whose parts are the repository's). A root input that several parts check is reported once by each of them; each
report must name the root input: `var.<input>` in the line Terraform quotes from the root module, or the part's
message, which uses the same name.

Terraform checks some rules only in its plan walk (one that reads a data source, most that read another input,
any rule of a part the root module calls), and does not start that walk while a simpler rule fails: the calls
that reported nothing are planned again without the others (plan_in_rounds).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from harness import emulator as emu
from harness.repo import REPO_ROOT
from harness.run_once import built_once
from harness.terraform import tfinputs, tfrun
from harness.terraform.input_rules import PART_BASE, ROOT_BASE, RULES
from harness.terraform.tfrun import one_line


def call_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def shown_by_the_part(rule, overrides: dict) -> bool:
    """Whether the part's own cases already show what this root case would: every input it sets reaches the rule's
    part as it is and is read nowhere else in the root (tfinputs.parts_given_only)."""
    return rule.part is not None and all(rule.part[0] in tfinputs.parts_given_only(name) for name in overrides)


def root_cases() -> dict[str, tuple[dict, object]]:
    """The root cases planned: every one the root does more in than pass the input on (the rules that span parts,
    inputs it transforms, combines or checks), and of the others each part's first, which shows that Terraform
    names the root input for that part's rules (the line it quotes from main.tf, `x = var.x`)."""
    cases, shown = {}, set()
    for rule in RULES:
        for i, overrides in enumerate(rule.root):
            if shown_by_the_part(rule, overrides):
                if rule.part[0] in shown:
                    continue
                shown.add(rule.part[0])
            cases[f"root_{call_name(rule.id)}_{i}"] = (overrides, rule)
    return cases


ROOT_CASES = root_cases()
# Fewer resources for each root plan: the parts check their inputs whether they create anything or not, so the
# cases need no alarms, dashboard, log key, secret key or function unless they say so.
VALIDATION_ROOT_BASE = {
    **ROOT_BASE,
    "create_alarms": False,
    "create_dashboard": False,
    "create_log_group_kms_key": False,
    "create_kms_key": False,
    "create_lambda": False,
}
PART_CASES = {
    f"{rule.part[0]}_{call_name(rule.id)}_{i}": (rule.part[0], overrides, rule)
    for rule in RULES
    if rule.part
    for i, overrides in enumerate(rule.part[1])
}


def late(message: str) -> bool:
    return any(message.startswith(prefix) or prefix.startswith(message) for prefix in tfinputs.late_message_prefixes())


def rule_is_late(rule) -> bool:
    return late(rule.messages[0])


def root_case_is_late(rule) -> bool:
    """Inside the root module, a part's inputs are the root's expressions, which Terraform's validate walk does
    not evaluate: only the root's own simple rules report early."""
    return rule_is_late(rule) or not any(
        message.startswith(prefix) or prefix.startswith(message)
        for prefix in early_root_prefixes()
        for message in rule.messages
    )


def early_root_prefixes() -> list[str]:
    return [
        tfinputs.literal_start(validation["error_message"])
        for name, variable in tfinputs.variables(REPO_ROOT).items()
        for validation in variable.validations
        if not tfinputs.is_late(name, validation)
    ]


def diagnostics(text: str) -> list[str]:
    """Each "Error:" of Terraform's output, folded to one line."""
    return [error.strip() for error in one_line(text).split("Error: ")[1:]]


def plan_calls(workdir: Path, env: dict[str, str], calls: dict[str, tuple[str, dict]]) -> dict[str, list[str]]:
    """One plan of a wrapper making each call ({name: (module source, inputs)}): {name: its errors}; errors no
    call can be told from go under ""."""
    workdir.mkdir(parents=True, exist_ok=True)
    blocks = [tfrun.REQUIRES_AWS, 'provider "aws" {}\n']
    blocks += [tfrun.module_block(name, source, inputs) for name, (source, inputs) in calls.items()]
    (workdir / "main.tf").write_text("\n".join(blocks))
    planned = tfrun.Workspace(workdir, env).run("plan", "-no-color", "-input=false")
    errors: dict[str, list[str]] = {}
    for error in diagnostics(planned.stderr):
        called = re.search(r'in module "(\w+)"', error)
        copy = re.search(r"cases/(\w+)/", error)
        errors.setdefault(copy.group(1) if copy else called.group(1) if called else "", []).append(error)
    assert (planned.returncode != 0) == bool(errors), planned.stderr[-2000:]
    return errors


def root_copy(repo: Path, cases_dir: Path, name: str) -> str:
    """A copy of the root module and its parts for one case; the source to call it."""
    directory = cases_dir / name
    directory.mkdir(parents=True)
    for path in repo.glob("*.tf"):
        shutil.copy(path, directory / path.name)
    # A copy, not a link: an error inside a part's own module calls then names the case's folder too.
    shutil.copytree(repo / "modules", directory / "modules")
    return f"./cases/{name}"


def part_call(name: str) -> tuple[str, dict]:
    part, overrides, _ = PART_CASES[name]
    return f"../modules/{part}", {**PART_BASE[part], **overrides}


def expected(name: str) -> tuple[str, ...]:
    """The messages a module call must report (none for a part's base inputs)."""
    if name in ROOT_CASES:
        rule = ROOT_CASES[name][1]
        return (*rule.messages, *rule.root_also)
    return PART_CASES[name][2].messages if name in PART_CASES else ()


# The plans, each a wrapper of module calls: {plan: [call]}, which the test workers share out. Each root case calls
# a copy of the root module of its own. Calls expected to report late (tfinputs.is_late) go together, and those
# that report nothing in a round are planned again without the others (plan_in_rounds). The parts are also called
# with their base inputs alone (`base_<part>`), which must pass.
ROOT_CHUNK = 15
PLANS = {
    "parts-early": [f"base_{part}" for part in PART_BASE]
    + [n for n, c in PART_CASES.items() if not rule_is_late(c[2])],
    "parts-late": [n for n, c in PART_CASES.items() if rule_is_late(c[2])],
}
_root = sorted(ROOT_CASES, key=lambda name: root_case_is_late(ROOT_CASES[name][1]))
PLANS.update({f"root-{i // ROOT_CHUNK}": _root[i : i + ROOT_CHUNK] for i in range(0, len(_root), ROOT_CHUNK)})
PLAN_OF = {call: plan for plan, calls in PLANS.items() for call in calls}


def module_call(name: str, repo: Path, workdir: Path) -> tuple[str, dict]:
    if name.startswith("base_"):
        part = name.removeprefix("base_")
        return f"../modules/{part}", PART_BASE[part]
    if name in PART_CASES:
        return part_call(name)
    inputs = {**VALIDATION_ROOT_BASE, **ROOT_CASES[name][0]}
    return root_copy(repo, workdir / "cases", name), {k: v for k, v in inputs.items() if v is not None}


def plan_in_rounds(plan: str, repo: Path, env: dict[str, str]) -> dict[str, list[str]]:
    """The plan's calls' errors. Terraform reports a rule it checks in its plan walk only when no simpler rule of
    the plan failed, so the calls that reported nothing are planned again without those that did, until a round
    reports nothing."""
    found: dict[str, list[str]] = {}
    waiting = [name for name in PLANS[plan] if expected(name)]
    bases = [name for name in PLANS[plan] if not expected(name)]
    for round_number in range(len(PLANS[plan])):
        workdir = repo / f".validation-{plan}-{round_number}"
        calls = {name: module_call(name, repo, workdir) for name in [*bases, *waiting]}
        reported = plan_calls(workdir, env, calls)
        found.update(reported)
        waiting, bases = [name for name in waiting if name not in reported], []
        if not waiting or not set(reported) - {f"base_{part}" for part in PART_BASE}:
            break
    return found


@pytest.fixture(scope="module")
def errors_of(tmp_path_factory, lambda_zip, layer_zip, oversized_zip):
    """errors_of(plan) -> {module call: its errors}: each plan made once per test run, by the first worker that
    needs it, while the others wait for it and read it."""

    def errors(plan: str) -> dict[str, list[str]]:
        def make(directory: Path) -> None:
            with emu.start(directory / "moto") as server:
                env = {**emu.scrubbed_environ(), **server.env()}
                found = plan_in_rounds(plan, tfrun.copy_repo(directory / "repo"), env)
            (directory / "errors.json").write_text(json.dumps(found))

        return json.loads((built_once(tmp_path_factory, f"validation-{plan}", make) / "errors.json").read_text())

    return errors


def test_every_part_is_planned_with_its_base_inputs():
    assert set(PART_BASE) == {path.name for path in (REPO_ROOT / "modules").iterdir() if path.is_dir()}


def test_every_rule_has_a_case_and_a_source():
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.root or rule.part, rule.id
        assert rule.source, rule.id


@pytest.mark.parametrize("plan", PLANS)
def test_every_error_belongs_to_a_case_and_the_base_inputs_pass(errors_of, plan):
    found = errors_of(plan)
    assert "" not in found, found.get("")
    assert not {name: reported for name, reported in found.items() if name.startswith("base_")}
    assert set(found) <= set(PLANS[plan])


@pytest.mark.parametrize("name", ROOT_CASES)
def test_bad_input_to_the_root_is_refused_naming_it(errors_of, name):
    overrides, rule = ROOT_CASES[name]
    reported = errors_of(PLAN_OF[name]).get(name, [])
    for message in (*rule.messages, *rule.root_also):
        assert any(message in error for error in reported), f"no {message!r} in {reported}"
    for error in reported:
        assert any(message in error for message in (*rule.messages, *rule.root_also)), error
        assert error.startswith("Invalid value for variable"), error
        assert any(f"var.{i}" in error or f"{i} " in error for i in overrides), f"{error}: names none of {overrides}"


@pytest.mark.parametrize("name", PART_CASES)
def test_bad_input_to_a_part_used_alone_is_refused(errors_of, name):
    part, _, rule = PART_CASES[name]
    reported = errors_of(PLAN_OF[name]).get(name, [])
    for message in rule.messages:
        assert any(message in error for error in reported), f"modules/{part}: no {message!r} in {reported}"
    assert all(any(message in error for message in rule.messages) for error in reported), reported
