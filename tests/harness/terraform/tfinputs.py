"""The module's inputs as written: each directory's variables (type, default, validations), the arguments of the
root module's calls of its parts, and which validations Terraform checks late. Read with an HCL parser (checkov's
hcl2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import hcl2

from harness.repo import REPO_ROOT

VAR = re.compile(r"\bvar\.(\w+)")
LOCAL = re.compile(r"\blocal\.(\w+)")


@dataclass(frozen=True)
class Variable:
    name: str
    body: dict

    def attribute(self, key: str, absent=None):
        return self.body[key][0] if key in self.body else absent

    @property
    def required(self) -> bool:
        return "default" not in self.body

    @property
    def validations(self) -> list[dict]:
        return [{key: value[0] for key, value in v.items()} for v in self.body.get("validation", [])]


def load(path: Path) -> dict:
    with open(path) as handle:
        return hcl2.load(handle)


@cache
def variables(directory: Path = REPO_ROOT) -> dict[str, Variable]:
    """The variables of a module directory, by name."""
    document = load(directory / "variables.tf")
    return {name: Variable(name, body) for entry in document.get("variable", []) for name, body in entry.items()}


@dataclass(frozen=True)
class Argument:
    call: str  # the module call's name in main.tf
    part: str  # the part's folder under modules/
    name: str  # the part's input
    expression: str
    conditional: bool  # the part is called only under a condition (count or for_each)

    @property
    def passed_through(self) -> str | None:
        """The root input given to this part input as it is (`x = var.y`), if so."""
        match = re.fullmatch(r"\$\{var\.(\w+)\}", self.expression)
        return match.group(1) if match else None


@cache
def part_arguments() -> list[Argument]:
    """Every argument of the root module's calls of its parts."""
    found = []
    for entry in load(REPO_ROOT / "main.tf").get("module", []):
        for call, body in entry.items():
            part, conditional = Path(body["source"][0]).name, "count" in body or "for_each" in body
            for name, value in body.items():
                if name not in ("source", "depends_on", "count", "for_each", "providers") and not name.startswith("__"):
                    found.append(Argument(call, part, name, str(value[0]), conditional))
    return found


@cache
def parts_given_only(name: str) -> frozenset[str]:
    """The parts that root input `name` reaches as it is (`x = var.name`) when the root module reads it nowhere
    else: then a bad value fails at the root exactly as at the part, on the line Terraform quotes from main.tf.
    Empty when the root reads it any other way."""
    root_text = "".join(path.read_text() for path in sorted(REPO_ROOT.glob("*.tf")))
    plain = [argument for argument in part_arguments() if argument.passed_through == name]
    if len(re.findall(rf"\bvar\.{name}\b", root_text)) != len(plain):
        return frozenset()
    return frozenset(argument.part for argument in plain)


def is_late(name: str, validation: dict) -> bool:
    """Whether Terraform checks a validation of variable `name` only in its plan walk: one whose condition reads
    another variable, a data source or a local other than the rules file. It does not start that walk while any
    other validation fails, so such a rule reports only once every simpler one passes."""
    condition = validation["condition"]
    return bool(
        set(VAR.findall(condition)) - {name}
        or re.search(r"\bdata\.", condition)
        or set(LOCAL.findall(condition)) - {"rules"}
    )


def literal_start(template: str) -> str:
    """A message template's text up to its first interpolation (hcl2 wraps templates that quote in `${"..."}`)."""
    if template.startswith('${"') and template.endswith('"}'):
        template = template[3:-2]
    return template.split("${", 1)[0]


@cache
def late_message_prefixes() -> tuple[str, ...]:
    """The literal beginnings (up to the first interpolation) of the messages of every late validation of the
    root module and its parts."""
    directories = [REPO_ROOT, *sorted(d for d in (REPO_ROOT / "modules").iterdir() if (d / "variables.tf").is_file())]
    return tuple(
        literal_start(validation["error_message"])
        for directory in directories
        for name, variable in variables(directory).items()
        for validation in variable.validations
        if is_late(name, validation)
    )
