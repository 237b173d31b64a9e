"""One owner for each rule: every part checks its own inputs, used alone or through the root; the root passes its
inputs through unchecked and owns only the rules that span parts. A root input given to a part as it is keeps
the part's type and default, so that the two cannot drift apart."""

from __future__ import annotations

import json
import re

from harness.repo import REPO_ROOT
from harness.terraform import tfinputs

# The root's own rules, by input: why no part can own them.
CROSS_PART_RULES = {
    "connect_db_users": "a root input: the root builds the rds-db:connect policy from it and the auth entries",
    "existing_secrets": "a secret is needed, the one modules/secret creates or an existing one",
    "proxy_role_arn": "the proxy's role comes from modules/proxy_role unless create_proxy_role is false",
    "endpoints": "a READ_ONLY endpoint (modules/proxy) needs the Aurora cluster modules/target registers",
    "layer_zip_path": "modules/layer is called only with a zip, which create_layer asks for",
    "lambda_read_endpoint": "a root input: names one of the proxy's endpoints for the function",
    "connected_functions": (
        "a root input: read_endpoint names one of the proxy's endpoints for a connected function; the proxy's group "
        "takes the inbound rules of allowed_security_group_ids (modules/network), of the module's function "
        "(modules/lambda) and of the connected functions (modules/function_access)"
    ),
}
PARTS = sorted(d for d in (REPO_ROOT / "modules").iterdir() if (d / "variables.tf").is_file())


def test_the_root_checks_only_the_rules_that_span_parts():
    checked = {name for name, v in tfinputs.variables(REPO_ROOT).items() if v.validations}
    assert checked == set(CROSS_PART_RULES)


def test_a_root_input_passed_to_a_part_has_the_parts_type_and_default():
    root = tfinputs.variables(REPO_ROOT)
    pairs = [(a, a.passed_through) for a in tfinputs.part_arguments() if a.passed_through]
    assert len(pairs) > 40
    for argument, root_name in pairs:
        part_input = tfinputs.variables(REPO_ROOT / "modules" / argument.part)[argument.name]
        where = f"var.{root_name} -> modules/{argument.part} {argument.name}"
        if root[root_name].attribute("type") != "${any}":  # `any`: the part types it
            assert root[root_name].attribute("type") == part_input.attribute("type"), f"{where}: type"
        for key in ("nullable", "sensitive", "ephemeral"):
            assert root[root_name].attribute(key) == part_input.attribute(key), f"{where}: {key}"
        if not root[root_name].required:  # the root may require what a part leaves optional, not the reverse
            assert argument.conditional or not part_input.required, f"{where}: required by the part"
            if not part_input.required:
                assert root[root_name].attribute("default") == part_input.attribute("default"), f"{where}: default"


def test_every_part_reads_the_rules_from_one_file():
    rules = json.loads((REPO_ROOT / "modules" / "aws_rules.json").read_text())
    for part in PARTS:
        text = (part / "variables.tf").read_text()
        assert 'jsondecode(file("${path.module}/../aws_rules.json"))' in text, part.name
        for reference in re.findall(r"local\.rules\.([\w.]+)", text):
            node = rules
            for key in reference.split("."):
                assert key in node, f"modules/{part.name}: local.rules.{reference} is not in aws_rules.json"
                node = node[key]


def test_an_input_is_left_to_its_part_only_when_the_root_reads_it_nowhere_else():
    assert tfinputs.parts_given_only("idle_client_timeout") == {"proxy"}
    assert tfinputs.parts_given_only("lambda_memory_size") == {"lambda"}
    assert tfinputs.parts_given_only("lambda_runtime") == frozenset()  # also the layer's compatible_runtimes
    assert tfinputs.parts_given_only("existing_secrets") == frozenset()  # the root builds the auth entries from it
    assert tfinputs.parts_given_only("name") == frozenset()  # the root derives the parts' names from it
