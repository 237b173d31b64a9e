"""The project's Terraform read with an HCL parser and checked against a provider schema subset
(tests/terraform/static/provider6/): every argument, nested block and attribute reference must exist there, and none
may be deprecated."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import hcl2

from harness.repo import REPO_ROOT

SUBSET = REPO_ROOT / "tests" / "terraform" / "static" / "provider6" / "aws-6.62.0.json"
KINDS = ("resource", "data", "ephemeral")
META_ARGUMENTS = {"count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"}
REFERENCE = re.compile(
    r"(?<![\w.])(data\.|ephemeral\.)?(aws_[a-z0-9_]+)\.([a-zA-Z0-9_-]+)(?:\[[^\]]*\])?\.([a-z0-9_]+)"
)


def tf_files(root: Path = REPO_ROOT) -> list[Path]:
    """The .tf files of the root module, its parts and the examples."""
    return sorted([*root.glob("*.tf"), *root.glob("modules/*/*.tf"), *root.glob("examples/*/*.tf")])


def parse(path: Path) -> dict:
    with open(path) as handle:
        return hcl2.load(handle)


def blocks(document: dict) -> Iterator[tuple[str, str, dict]]:
    """("resource.aws_x" | "data.aws_x" | "ephemeral.aws_x", label, body) of every block in a file."""
    for kind in KINDS:
        for entry in document.get(kind, []):
            for type_name, labelled in entry.items():
                for label, body in labelled.items():
                    yield f"{kind}.{type_name}", label, body


def used_types(root: Path = REPO_ROOT) -> list[str]:
    return sorted({kind for path in tf_files(root) for kind, _, _ in blocks(parse(path))})


def check_body(body: dict, schema: dict, where: str) -> list[str]:
    """Problems with the arguments and nested blocks a block body uses."""
    problems = []
    for key, value in body.items():
        if key.startswith("__") or key in META_ARGUMENTS:
            continue
        if key == "dynamic":
            for generated in value:
                for name, spec in generated.items():
                    if name not in schema["blocks"]:
                        problems.append(f"{where}: no block {name!r} (dynamic)")
                        continue
                    for content in spec.get("content", []):
                        problems += check_body(content, schema["blocks"][name], f"{where}.{name}")
        elif key in schema["blocks"]:
            for nested in value:
                problems += check_body(nested, schema["blocks"][key], f"{where}.{key}")
        elif key not in schema["arguments"]:
            problems.append(f"{where}: no argument or block {key!r}")
    return problems


def strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def check_references(document: dict, subset: dict, where: str) -> list[str]:
    """Attribute references (aws_x.name.attr, data.aws_x.name.attr) to attributes the subset lacks or deprecates."""
    problems = []
    for text in strings(document):
        for prefix, type_name, _, attribute in REFERENCE.findall(text):
            kind = {"data.": "data", "ephemeral.": "ephemeral"}.get(prefix, "resource")
            schema = subset["types"].get(f"{kind}.{type_name}")
            if schema is None:
                continue
            known = set(schema["attributes"]) | set(schema["arguments"]) | set(schema["blocks"])
            reference = f"{prefix}{type_name}.*.{attribute}"
            if attribute not in known:
                problems.append(f"{where}: {reference}: no such attribute")
            elif attribute in schema["deprecated"]:
                problems.append(f"{where}: {reference}: {schema['deprecated'][attribute]}")
    return problems


def check_file(path: Path, subset: dict) -> list[str]:
    document = parse(path)
    where = str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)
    problems = []
    for kind, label, body in blocks(document):
        schema = subset["types"].get(kind)
        if schema is None:
            problems.append(
                f"{where}: {kind} is not in {SUBSET.name}: re-run tests/terraform/static/provider6/extract_schema.py"
            )
            continue
        problems += check_body(body, schema, f"{where}: {kind}.{label}")
        problems += [
            f"{where}: {kind}.{label}: {name} is deprecated: {why}"
            for name, why in schema["deprecated"].items()
            if name in body
        ]
    return problems + check_references(document, subset, where)


def load_subset(path: Path = SUBSET) -> dict:
    return json.loads(path.read_text())
