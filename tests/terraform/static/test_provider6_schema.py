"""AWS provider 6.x, checked statically (only 5.100 can be installed here): every argument, nested block
and attribute reference of the root module, its parts and the examples exists in the 6.62.0 schema
subset of tests/terraform/static/provider6/, none is deprecated there, and every versions.tf admits 6.x."""

from __future__ import annotations

import pytest

from harness.terraform import tfschema

SUBSET = tfschema.load_subset()


def test_every_block_uses_only_what_provider_6_has():
    problems = [problem for path in tfschema.tf_files() for problem in tfschema.check_file(path, SUBSET)]
    assert problems == []


def test_the_subset_covers_every_type_in_use():
    assert set(tfschema.used_types()) <= set(SUBSET["types"])
    assert SUBSET["provider_version"].startswith("6.")


def test_every_versions_tf_admits_5_100_and_6():
    files = sorted(tfschema.REPO_ROOT.glob("**/versions.tf"))
    files = [f for f in files if ".terraform" not in f.parts]
    assert len(files) >= 11
    for path in files:
        aws = tfschema.parse(path)["terraform"][0]["required_providers"][0]["aws"][0]
        assert aws["version"] == ">= 5.100, < 7.0", path


@pytest.mark.parametrize(
    ("hcl", "problem"),
    [
        (
            'resource "aws_db_proxy" "p" {\n  name = "x"\n  no_such_argument = 1\n}\n',
            "no argument or block 'no_such_argument'",
        ),
        (
            'resource "aws_db_proxy" "p" {\n  dynamic "no_such_block" {\n    for_each = []\n    content {}\n  }\n}\n',
            "no block 'no_such_block' (dynamic)",
        ),
        (
            'resource "aws_db_proxy" "p" {\n  auth {\n    secret_arn = "a"\n    bogus = 1\n  }\n}\n',
            "aws_db_proxy.p.auth: no argument or block 'bogus'",
        ),
        ('data "aws_region" "r" {}\nlocals {\n  r = data.aws_region.r.name\n}\n', "data.aws_region.*.name: deprecated"),
        ('resource "aws_db_proxy" "p" {}\nlocals {\n  e = aws_db_proxy.p.no_attr\n}\n', "no such attribute"),
        ('resource "aws_not_extracted" "x" {}\n', "re-run tests/terraform/static/provider6/extract_schema.py"),
    ],
    ids=["argument", "dynamic-block", "nested-argument", "deprecated-reference", "unknown-attribute", "unknown-type"],
)
def test_the_check_finds(tmp_path, hcl, problem):
    path = tmp_path / "main.tf"
    path.write_text(hcl)
    problems = tfschema.check_file(path, SUBSET)
    assert len(problems) == 1 and problem in problems[0], problems
