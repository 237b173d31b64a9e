"""README.md stays true: every input and output is documented, and nothing documented is gone."""

import re

from harness.tfrun import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text()


def declared(kind: str, filename: str) -> set[str]:
    return set(re.findall(rf'^{kind} "([^"]+)"', (REPO_ROOT / filename).read_text(), re.M))


def documented(section: str) -> set[str]:
    body = README.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", body, re.M))


def test_inputs_table_matches_variables_tf():
    assert documented("Inputs") == declared("variable", "variables.tf")


def test_outputs_table_matches_outputs_tf():
    assert documented("Outputs") == declared("output", "outputs.tf")


def test_required_inputs_are_marked_required():
    body = README.split("## Inputs\n", 1)[1].split("\n## ", 1)[0]
    required = {m for m in re.findall(r"^\| `([a-z0-9_]+)` \|.*\| required \|$", body, re.M)}
    variables = (REPO_ROOT / "variables.tf").read_text()
    without_default = {
        name
        for name, block in re.findall(r'^variable "([^"]+)" \{\n(.*?)^\}', variables, re.S | re.M)
        if not re.search(r"^  default\s*=", block, re.M)
    }
    assert required == without_default


def test_the_two_commands_and_every_example_are_documented():
    assert "make demo" in README and "make test" in README
    for example in (REPO_ROOT / "examples").iterdir():
        assert f"examples/{example.name}" in README
