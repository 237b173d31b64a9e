"""The Lambda rules of modules/aws_rules.json, which the Lambda part's validations and rds-proxy-package both read:
every runtime in one family, the provider release each runtime 5.100 lacks needs, and each family's handler pattern
and the image URI pattern on the Lambda Developer Guide's own examples, with Python's `re` (the plan tests run the
same patterns through Terraform's RE2)."""

from __future__ import annotations

import re

import pytest

from rds_proxy_tools.aws_rules import RULES

LAMBDA = RULES["lambda"]

# Handlers of each family's form (Lambda Developer Guide, "Define Lambda function handler in <language>"), and
# ones Lambda's runtime for that family cannot load.
HANDLERS = {
    "python": (
        ["lambda_function.lambda_handler", "app.main.handle", "handler.lambda_handler"],
        ["handler", "app/main.handle", "app.main.", "1app.handle", "app.main handle"],
    ),
    "nodejs": (
        ["index.handler", "dist/handlers/index.handler", "src/app.handlers.main", "my-app/v1.2/index.handler"],
        ["index", "../index.handler", "dist/../index.handler", "/var/task/index.handler", "dist//index.handler"],
    ),
    "java": (
        ["example.Handler", "example.Handler::handleRequest", "Hello::handleRequest", "com.example.Outer$Inner::run"],
        ["example/Handler::handleRequest", "example.Handler::", "example.Handler:handleRequest", "example..Handler"],
    ),
    "dotnet": (
        ["Orders::Orders.Function::FunctionHandler", "Orders", "My.Lambda-App::My.Lambda.Function+Nested::Handle"],
        ["Orders::Handle", "Orders::Orders.Function::", "Orders Function", "::Orders.Function::Handle"],
    ),
    "ruby": (
        ["lambda_function.lambda_handler", "function.Handler.process", "app.Orders::Handler.process", "src/app.run"],
        ["lambda_function", "app.handlers.orders.run", "app.orders.run", "app.Orders::.run"],
    ),
    "provided": (
        ["bootstrap", "index.php", "function.handler", "handler::Function::handle"],
        ["my bootstrap", "", "tab\there"],
    ),
}


def test_every_runtime_is_in_exactly_one_family_with_a_handler_rule():
    families = LAMBDA["runtime_families"]
    assert set(families) == {"python", "nodejs", "java", "dotnet", "ruby", "provided"} == set(LAMBDA["handlers"])
    assert LAMBDA["runtimes"] == [runtime for runtimes in families.values() for runtime in runtimes]
    assert len(set(LAMBDA["runtimes"])) == len(LAMBDA["runtimes"])


def test_the_runtimes_provider_5_100_lacks_name_the_6x_release_that_knows_them():
    needing = LAMBDA["runtimes_needing_provider6"]
    assert set(needing) <= set(LAMBDA["runtimes"])
    assert all(re.fullmatch(r"6\.\d+\.\d+", version) for version in needing.values())


@pytest.mark.parametrize("family", HANDLERS)
def test_each_familys_handler_pattern_takes_its_form_and_refuses_others(family):
    pattern = re.compile(LAMBDA["handlers"][family])
    accepted, refused = HANDLERS[family]
    assert [h for h in accepted if not pattern.match(h)] == []
    assert [h for h in refused if pattern.match(h)] == []


def test_the_image_uri_is_an_ecr_image_by_tag_or_digest_and_names_its_region():
    pattern = re.compile(LAMBDA["image_uri"])
    account, region = pattern.match("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/api:v1.2").groups()
    assert (account, region) == ("123456789012", "eu-west-1")
    assert pattern.match("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app@sha256:" + "ab" * 32)
    for uri in (
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/app",  # neither tag nor digest
        "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app:v1",  # Lambda takes no FIPS endpoint
        "public.ecr.aws/lambda/nodejs:20",
        "docker.io/library/node:20",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/App:v1",  # repository names are lower case
    ):
        assert not pattern.match(uri), uri
