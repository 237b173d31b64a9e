"""README.md stays the front door: the two commands, every example and every part are linked.
(The inputs and outputs tables are generated and checked by tests/release/static/test_docs.py.)"""

import re

from harness.repo import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text()
FUNCTIONS = REPO_ROOT / "examples" / "functions"


def test_the_two_commands_and_every_example_and_part_are_documented():
    assert "make demo" in README and "make test" in README
    for example in (REPO_ROOT / "examples").iterdir():
        assert f"examples/{example.name}" in README
    for part in (REPO_ROOT / "modules").iterdir():
        assert f"modules/{part.name}" in README


def test_no_doc_tells_to_run_the_tools_from_the_repository():
    documents = [REPO_ROOT / "README.md", *REPO_ROOT.glob("*/README.md"), *REPO_ROOT.glob("*/*/README.md")]
    for document in documents:
        assert "python -m scripts" not in document.read_text(), document


def test_the_functions_readme_shows_each_function_as_tests_clients_runs_it():
    readme = (FUNCTIONS / "README.md").read_text()
    shown = dict(re.findall(r"<!-- file: (\S+) -->\n```\w+\n(.*?)```", readme, re.DOTALL))
    functions = {
        p.relative_to(FUNCTIONS).as_posix() for p in [*FUNCTIONS.glob("*/index.mjs"), *FUNCTIONS.glob("*/index.php")]
    }
    assert set(shown) == functions - {name for name in functions if name.startswith("node_modules/")}
    for name, code in shown.items():
        assert code == (FUNCTIONS / name).read_text(), f"examples/functions/README.md shows {name} as it no longer is"
