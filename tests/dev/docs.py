"""`make docs`: write the inputs and outputs tables of every README from the Terraform it documents, and the
table of input rules in tests/README.md from harness.terraform.input_rules, and the doctor's tables in scripts/README.md
(check ids, IAM actions) from its code.

The root README documents variables.tf/outputs.tf at the root, modules/<part>/README.md its part, and
examples/<name>/README.md its example. The tables go between the markers below, which each README must
have; everything else in a README is prose that this tool leaves alone. Names, descriptions and whether
an input is required come from an HCL parser (checkov's hcl2); types and defaults are the source text of
their expressions, as written.

    python tests/dev/docs.py           # rewrite the tables
    python tests/dev/docs.py --check   # exit 1 and print a diff when any table is out of date
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

import hcl2

from harness.repo import REPO_ROOT
from rds_proxy_tools.atomic import write_text_atomic

BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"
RULES_BEGIN, RULES_END = "<!-- BEGIN_INPUT_RULES -->", "<!-- END_INPUT_RULES -->"
OPENING, CLOSING = "([{", ")]}"


class DocsError(Exception):
    """A README or a Terraform file the tables cannot be made from; the message names the file."""


def documented_dirs(root: Path = REPO_ROOT) -> list[Path]:
    """The root module, every part and every example: each directory with .tf files documents itself."""
    candidates = [root, *sorted(root.glob("modules/*")), *sorted(root.glob("examples/*"))]
    return [d for d in candidates if d.is_dir() and any(d.glob("*.tf"))]


def expression_text(lines: list[str], start: int, end: int, name: str) -> str | None:
    """The source text of the block attribute `name = ...` between lines start..end (1-based),
    continued over lines until its brackets close, with runs of whitespace folded to one space."""
    for index in range(start, end - 1):
        stripped = lines[index].strip()
        key, sep, rest = stripped.partition("=")
        if not sep or key.strip() != name:
            continue
        parts, depth = [rest.strip()], bracket_depth(rest)
        while depth > 0 and index + 1 < end:
            index += 1
            parts.append(lines[index].strip())
            depth += bracket_depth(lines[index])
        text = ""
        for part in (" ".join(part.split()) for part in parts if part):
            if text and text[-1] not in OPENING and part[0] not in CLOSING and text[-1] != ",":
                text += ", "  # a line break separating elements or attributes
            elif text and text[-1] == ",":
                text += " "
            text += part
        return text
    return None


def bracket_depth(line: str) -> int:
    """Opening minus closing brackets on a line, outside string literals."""
    depth, in_string, escaped = 0, False, False
    for char in line:
        if in_string:
            escaped = char == "\\" and not escaped
            if char == '"' and not escaped:
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth -= 1
    return depth


def blocks(path: Path, kind: str) -> list[tuple[str, dict]]:
    if not path.is_file():
        return []
    try:
        with open(path) as handle:
            document = hcl2.load(handle)
    except Exception as exc:  # the parser raises its own lark errors
        raise DocsError(f"{path}: cannot parse: {str(exc).splitlines()[0]}") from exc
    return [(name, body) for entry in document.get(kind, []) for name, body in entry.items()]


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def part_types(directory: Path) -> dict[str, str]:
    """{input: type text} of the inputs a module passes as they are (`x = var.y`) to a part of its own under
    ./modules: an input declared `any` there is typed by the part."""
    found = {}
    for _, body in blocks(directory / "main.tf", "module"):
        source = body["source"][0]
        part = directory / source
        if not source.startswith("./modules/") or not (part / "variables.tf").is_file():
            continue
        part_lines = (part / "variables.tf").read_text().splitlines()
        part_vars = dict(blocks(part / "variables.tf", "variable"))
        for argument, value in body.items():
            match = re.fullmatch(r"\$\{var\.(\w+)\}", str(value[0])) if argument in part_vars else None
            if match:
                spec = part_vars[argument]
                found[match.group(1)] = (
                    expression_text(part_lines, spec["__start_line__"], spec["__end_line__"], "type") or "any"
                )
    return found


def inputs_table(directory: Path) -> list[str]:
    path = directory / "variables.tf"
    variables = blocks(path, "variable")
    if not variables:
        return ["No inputs."]
    lines = path.read_text().splitlines()
    typed_by_part = part_types(directory)
    rows = ["| Name | Description | Type | Default | Required |", "|---|---|---|---|:---:|"]
    for name, body in variables:
        start, end = body["__start_line__"], body["__end_line__"]
        description = body.get("description", [""])[0]
        type_text = expression_text(lines, start, end, "type") or "any"
        if type_text == "any" and name in typed_by_part:
            type_text = typed_by_part[name]
        default = expression_text(lines, start, end, "default")
        required = "default" not in body
        notes = [word for word in ("sensitive", "ephemeral") if body.get(word, [False])[0]]
        if notes:
            description += f" ({', '.join(notes)})"
        default_cell = "n/a" if required else f"`{cell(default)}`"
        rows.append(
            f"| `{name}` | {cell(description)} | `{cell(type_text)}` | {default_cell} | {'yes' if required else 'no'} |"
        )
    return rows


def outputs_table(directory: Path) -> list[str]:
    outputs = blocks(directory / "outputs.tf", "output")
    if not outputs:
        return ["No outputs."]
    rows = ["| Name | Description |", "|---|---|"]
    for name, body in outputs:
        description = body.get("description", [""])[0]
        if body.get("sensitive", [False])[0]:
            description += " (sensitive)"
        rows.append(f"| `{name}` | {cell(description)} |")
    return rows


def tables(directory: Path) -> str:
    return "\n".join(["### Inputs", "", *inputs_table(directory), "", "### Outputs", "", *outputs_table(directory)])


def render(readme_text: str, generated: str, readme: Path, begin: str = BEGIN, end: str = END) -> str:
    if readme_text.count(begin) != 1 or readme_text.count(end) != 1:
        raise DocsError(f"{readme}: needs exactly one {begin} and one {end} line")
    head, rest = readme_text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{generated}\n{end}{tail}"


def rules_table() -> str:
    """Every input rule: what it refuses, the inputs it is given to (root and part), and the AWS source."""
    from harness.terraform.input_rules import RULES

    rows = ["| Rule | Refused with | Root input | Part: input | Source |", "|---|---|---|---|---|"]
    for rule in RULES:
        root = ", ".join(f"`{name}`" for name in dict.fromkeys(k for case in rule.root for k in case))
        part = ""
        if rule.part:
            names = dict.fromkeys(k for case in rule.part[1] for k in case)
            part = f"`modules/{rule.part[0]}`: " + ", ".join(f"`{name}`" for name in names)
        message = " / ".join(rule.messages)
        rows.append(f"| {cell(rule.id)} | {cell(message)} | {root} | {part} | {cell(rule.source)} |")
    return "\n".join(rows)


# scripts/README.md: rds-proxy-doctor's check ids and the IAM actions its caller needs, from the doctor's code.
DOCTOR_README = Path("scripts") / "README.md"


def doctor_sections() -> dict[str, str]:
    from rds_proxy_tools.doctor.aws import READ_ACTIONS
    from rds_proxy_tools.doctor.findings import CHECKS

    checks = ["| Check id | What it checks |", "|---|---|", *(f"| `{i}` | {cell(t)} |" for i, t in CHECKS.items())]
    permissions = ["| IAM action | Needed |", "|---|---|", *(f"| `{a}` | {cell(when)} |" for a, when in READ_ACTIONS)]
    reads = [action for action, when in READ_ACTIONS if not when.startswith("--")]
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "RdsProxyDoctorReads", "Effect": "Allow", "Action": reads, "Resource": "*"}],
    }
    permissions += ["", "```json", json.dumps(policy, indent=2), "```"]
    return {"CHECKS": "\n".join(checks), "PERMISSIONS": "\n".join(permissions)}


def doctor_readme(root: Path) -> dict[Path, tuple[str, str]]:
    readme = root / DOCTOR_README
    if not readme.is_file():
        return {}
    current = fresh = readme.read_text()
    for name, generated in doctor_sections().items():
        fresh = render(fresh, generated, readme, f"<!-- BEGIN_DOCTOR_{name} -->", f"<!-- END_DOCTOR_{name} -->")
    return {readme: (current, fresh)}


def updates(root: Path = REPO_ROOT) -> dict[Path, tuple[str, str]]:
    """{README: (current text, text with fresh tables)} for every documented directory."""
    result = {}
    for directory in documented_dirs(root):
        readme = directory / "README.md"
        if not readme.is_file():
            raise DocsError(f"{readme}: missing (every part and example documents itself)")
        current = readme.read_text()
        result[readme] = (current, render(current, tables(directory), readme))
    readme = root / "tests" / "README.md"
    if readme.is_file():  # not in the copies test_docs checks the tables of
        current = readme.read_text()
        result[readme] = (current, render(current, rules_table(), readme, RULES_BEGIN, RULES_END))
    return {**result, **doctor_readme(root)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a table is out of date")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        changed = {readme: texts for readme, texts in updates(args.root).items() if texts[0] != texts[1]}
    except DocsError as exc:
        print(f"docs: error: {exc}", file=sys.stderr)
        return 2
    for readme, (current, fresh) in changed.items():
        relative = readme.relative_to(args.root)
        if args.check:
            sys.stdout.writelines(
                difflib.unified_diff(current.splitlines(True), fresh.splitlines(True), f"a/{relative}", f"b/{relative}")
            )
        else:
            write_text_atomic(readme, fresh)
            print(f"docs: wrote {relative}")
    if args.check and changed:
        print(f"docs: {len(changed)} README(s) out of date: run `make docs`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
