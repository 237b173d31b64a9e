"""The emulator's RDS proxy-endpoint and ModifyDBProxy extension (harness.emulator.moto_rds_proxy_endpoints): the
operations through boto3 on the server, their checks against botocore's service model, and Terraform's
aws_db_proxy_endpoint and in-place aws_db_proxy updates on the server."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from harness.emulator import ACCOUNT_ID, REGION, client, seed
from harness.emulator.moto_shapes import (
    InvalidRequest,
    ResponseShapeError,
    check_request,
    check_result,
    operation_model,
)
from harness.terraform import tfrun

ENDPOINT_ARN = re.compile(rf"arn:aws:rds:{REGION}:{ACCOUNT_ID}:db-proxy-endpoint:prx-endpoint-[a-z0-9]{{17}}")
ENDPOINT_HOST = re.compile(rf"(?P<name>[a-z0-9-]+)\.endpoint\.proxy-[a-z0-9]{{12}}\.{REGION}\.rds\.amazonaws\.com")


def error_code(call, *args, **kwargs) -> str:
    with pytest.raises(ClientError) as caught:
        call(*args, **kwargs)
    return caught.value.response["Error"]["Code"]


def security_group(env: dict[str, str], vpc_id: str, name: str) -> str:
    return client(env, "ec2").create_security_group(GroupName=name, Description=name, VpcId=vpc_id)["GroupId"]


def subnet_vpc(env: dict[str, str], subnet_id: str) -> str:
    return client(env, "ec2").describe_subnets(SubnetIds=[subnet_id])["Subnets"][0]["VpcId"]


def default_group(env: dict[str, str], vpc_id: str) -> str:
    filters = [{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["default"]}]
    return client(env, "ec2").describe_security_groups(Filters=filters)["SecurityGroups"][0]["GroupId"]


# ------------------------------------------------------------------ the operations on the server


def test_endpoint_create_describe_modify_tag_delete(aws_env):
    seeded = seed.seed_proxy(aws_env, name="lifecycle")
    rds = client(aws_env, "rds")
    vpc_id = subnet_vpc(aws_env, seeded["subnet_ids"][0])
    proxy = rds.describe_db_proxies(DBProxyName="lifecycle")["DBProxies"][0]

    reader = rds.create_db_proxy_endpoint(
        DBProxyName="lifecycle",
        DBProxyEndpointName="lifecycle-reader",
        VpcSubnetIds=seeded["subnet_ids"],
        VpcSecurityGroupIds=[seeded["proxy_security_group_id"]],
        TargetRole="READ_ONLY",
        Tags=[{"Key": "team", "Value": "orders"}],
    )["DBProxyEndpoint"]
    writer = rds.create_db_proxy_endpoint(
        DBProxyName="lifecycle", DBProxyEndpointName="lifecycle-writer", VpcSubnetIds=seeded["subnet_ids"]
    )["DBProxyEndpoint"]

    assert ENDPOINT_ARN.fullmatch(reader["DBProxyEndpointArn"]) and ENDPOINT_ARN.fullmatch(writer["DBProxyEndpointArn"])
    assert reader["DBProxyEndpointArn"] != writer["DBProxyEndpointArn"]
    assert ENDPOINT_HOST.fullmatch(reader["Endpoint"])["name"] == "lifecycle-reader"
    assert reader["Endpoint"].split(".")[2] == proxy["Endpoint"].split(".")[1].removeprefix("db-")  # proxy-<id>
    assert {k: reader[k] for k in ("DBProxyName", "Status", "VpcId", "TargetRole", "IsDefault")} == {
        "DBProxyName": "lifecycle",
        "Status": "available",
        "VpcId": vpc_id,
        "TargetRole": "READ_ONLY",
        "IsDefault": False,
    }
    assert reader["VpcSecurityGroupIds"] == [seeded["proxy_security_group_id"]]
    assert reader["VpcSubnetIds"] == seeded["subnet_ids"]
    assert abs(reader["CreatedDate"] - datetime.now(timezone.utc)).total_seconds() < 600
    # Defaults: read/write, the VPC's default security group.
    assert writer["TargetRole"] == "READ_WRITE"
    assert writer["VpcSecurityGroupIds"] == [default_group(aws_env, vpc_id)]

    listed = rds.describe_db_proxy_endpoints(DBProxyName="lifecycle")["DBProxyEndpoints"]
    assert [e["DBProxyEndpointName"] for e in listed] == ["lifecycle", "lifecycle-reader", "lifecycle-writer"]
    default = listed[0]
    assert default["IsDefault"] is True and default["TargetRole"] == "READ_WRITE"
    assert default["Endpoint"] == proxy["Endpoint"] and default["VpcSecurityGroupIds"] == proxy["VpcSecurityGroupIds"]
    assert listed[1] == reader
    assert rds.describe_db_proxy_endpoints(DBProxyEndpointName="lifecycle-reader")["DBProxyEndpoints"] == [reader]
    both = rds.describe_db_proxy_endpoints(DBProxyName="lifecycle", DBProxyEndpointName="lifecycle-writer")
    assert both["DBProxyEndpoints"] == [writer]

    other_group = security_group(aws_env, vpc_id, "lifecycle-other")
    modified = rds.modify_db_proxy_endpoint(
        DBProxyEndpointName="lifecycle-reader", VpcSecurityGroupIds=[other_group, seeded["proxy_security_group_id"]]
    )["DBProxyEndpoint"]
    assert modified["VpcSecurityGroupIds"] == [other_group, seeded["proxy_security_group_id"]]
    assert modified["DBProxyEndpointArn"] == reader["DBProxyEndpointArn"]
    read = rds.describe_db_proxy_endpoints(DBProxyEndpointName="lifecycle-reader")["DBProxyEndpoints"][0]
    assert read["VpcSecurityGroupIds"] == modified["VpcSecurityGroupIds"]

    arn = reader["DBProxyEndpointArn"]
    assert rds.list_tags_for_resource(ResourceName=arn)["TagList"] == [{"Key": "team", "Value": "orders"}]
    rds.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "tier", "Value": "read"}])
    tags = rds.list_tags_for_resource(ResourceName=arn)["TagList"]
    assert sorted(tags, key=lambda t: t["Key"]) == [
        {"Key": "team", "Value": "orders"},
        {"Key": "tier", "Value": "read"},
    ]
    rds.remove_tags_from_resource(ResourceName=arn, TagKeys=["team"])
    assert rds.list_tags_for_resource(ResourceName=arn)["TagList"] == [{"Key": "tier", "Value": "read"}]
    assert rds.list_tags_for_resource(ResourceName=writer["DBProxyEndpointArn"])["TagList"] == []

    deleted = rds.delete_db_proxy_endpoint(DBProxyEndpointName="lifecycle-reader")["DBProxyEndpoint"]
    assert deleted["DBProxyEndpointName"] == "lifecycle-reader" and deleted["Status"] == "deleting"
    missing = "DBProxyEndpointNotFoundFault"
    assert error_code(rds.describe_db_proxy_endpoints, DBProxyEndpointName="lifecycle-reader") == missing
    assert error_code(rds.delete_db_proxy_endpoint, DBProxyEndpointName="lifecycle-reader") == missing
    assert error_code(rds.modify_db_proxy_endpoint, DBProxyEndpointName="lifecycle-reader") == missing
    assert error_code(rds.list_tags_for_resource, ResourceName=arn) == missing
    names = [e["DBProxyEndpointName"] for e in rds.describe_db_proxy_endpoints()["DBProxyEndpoints"]]
    assert "lifecycle-writer" in names and "lifecycle-reader" not in names


def test_modify_proxy_changes_and_renames_it(aws_env):
    seeded = seed.seed_proxy(aws_env, name="modify")
    rds = client(aws_env, "rds")
    rds.create_db_proxy_endpoint(
        DBProxyName="modify", DBProxyEndpointName="modify-ro", VpcSubnetIds=seeded["subnet_ids"]
    )
    before = rds.describe_db_proxies(DBProxyName="modify")["DBProxies"][0]
    assert before["RequireTLS"] is True and before["IdleClientTimeout"] == 1800
    group = security_group(aws_env, before["VpcId"], "modify-new")
    auth = [{"AuthScheme": "SECRETS", "SecretArn": before["Auth"][0]["SecretArn"], "IAMAuth": "DISABLED"}]

    # The provider always sends NewDBProxyName, the unchanged name when there is no rename.
    same = rds.modify_db_proxy(DBProxyName="modify", NewDBProxyName="modify", RequireTLS=False)["DBProxy"]
    assert same["DBProxyName"] == "modify" and same["RequireTLS"] is False

    modified = rds.modify_db_proxy(
        DBProxyName="modify",
        NewDBProxyName="modified",
        IdleClientTimeout=900,
        DebugLogging=True,
        RequireTLS=True,
        Auth=auth,
        SecurityGroups=[group],
        RoleArn=before["RoleArn"] + "-2",
    )["DBProxy"]
    read = rds.describe_db_proxies(DBProxyName="modified")["DBProxies"][0]
    for proxy in (modified, read):
        assert proxy["DBProxyName"] == "modified" and proxy["DBProxyArn"] == before["DBProxyArn"]
        assert (proxy["RequireTLS"], proxy["IdleClientTimeout"], proxy["DebugLogging"]) == (True, 900, True)
        assert proxy["Auth"] == auth and proxy["VpcSecurityGroupIds"] == [group]
        assert proxy["RoleArn"] == before["RoleArn"] + "-2"
        assert proxy["Endpoint"].startswith("modified.") and proxy["UpdatedDate"] > before["UpdatedDate"]
    assert error_code(rds.describe_db_proxies, DBProxyName="modify") == "DBProxyNotFoundFault"
    endpoints = rds.describe_db_proxy_endpoints(DBProxyName="modified")["DBProxyEndpoints"]
    assert [(e["DBProxyEndpointName"], e["DBProxyName"]) for e in endpoints] == [
        ("modified", "modified"),
        ("modify-ro", "modified"),
    ]
    assert rds.describe_db_proxy_target_groups(DBProxyName="modified")["TargetGroups"][0]["DBProxyName"] == "modified"


def test_errors_carry_the_codes_of_the_service_model(aws_env):
    seeded = seed.seed_proxy(aws_env, name="errors")
    rds = client(aws_env, "rds")
    subnets = seeded["subnet_ids"]
    other_vpc, other_subnets = seed.seed_network(aws_env, cidr_prefix="10.31")
    rds.create_db_proxy_endpoint(DBProxyName="errors", DBProxyEndpointName="errors-ep", VpcSubnetIds=subnets)

    create = rds.create_db_proxy_endpoint
    assert (
        error_code(create, DBProxyName="nope", DBProxyEndpointName="x", VpcSubnetIds=subnets) == "DBProxyNotFoundFault"
    )
    exists = "DBProxyEndpointAlreadyExistsFault"
    assert error_code(create, DBProxyName="errors", DBProxyEndpointName="errors-ep", VpcSubnetIds=subnets) == exists
    # The default endpoint is named as its proxy.
    assert error_code(create, DBProxyName="errors", DBProxyEndpointName="errors", VpcSubnetIds=subnets) == exists
    # Subnets of the proxy's VPC and another one: no common VPC.
    mixed = [subnets[0], other_subnets[0]]
    assert error_code(create, DBProxyName="errors", DBProxyEndpointName="mixed", VpcSubnetIds=mixed) == "InvalidSubnet"
    unknown = ["subnet-0123456789abcdef0"]
    assert error_code(create, DBProxyName="errors", DBProxyEndpointName="u", VpcSubnetIds=unknown) == "InvalidSubnet"
    foreign_group = security_group(aws_env, other_vpc, "errors-foreign")
    assert (
        error_code(
            create,
            DBProxyName="errors",
            DBProxyEndpointName="g",
            VpcSubnetIds=subnets,
            VpcSecurityGroupIds=[foreign_group],
        )
        == "InvalidParameterValue"
    )
    assert error_code(rds.describe_db_proxy_endpoints, DBProxyName="nope") == "DBProxyNotFoundFault"
    assert error_code(rds.modify_db_proxy_endpoint, DBProxyEndpointName="nope") == "DBProxyEndpointNotFoundFault"
    assert error_code(rds.modify_db_proxy, DBProxyName="nope", RequireTLS=True) == "DBProxyNotFoundFault"
    assert error_code(rds.modify_db_proxy, DBProxyName="errors", IdleClientTimeout=28801) == "InvalidParameterValue"
    seed.seed_proxy(aws_env, name="errors-2")
    assert (
        error_code(rds.modify_db_proxy, DBProxyName="errors", NewDBProxyName="errors-2") == "DBProxyAlreadyExistsFault"
    )
    assert error_code(rds.delete_db_proxy, DBProxyName="nope") == "DBProxyNotFoundFault"
    # All subnets in one other VPC make a cross-VPC endpoint, which AWS allows.
    cross = create(DBProxyName="errors", DBProxyEndpointName="cross", VpcSubnetIds=other_subnets)["DBProxyEndpoint"]
    assert cross["VpcId"] == other_vpc and cross["VpcSecurityGroupIds"] == [default_group(aws_env, other_vpc)]


def test_delete_proxy_drops_its_endpoints_only(aws_env):
    seeded = seed.seed_proxy(aws_env, name="dropped")
    kept = seed.seed_proxy(aws_env, name="kept")
    rds = client(aws_env, "rds")
    rds.create_db_proxy_endpoint(
        DBProxyName="dropped", DBProxyEndpointName="dropped-ep", VpcSubnetIds=seeded["subnet_ids"]
    )
    rds.create_db_proxy_endpoint(DBProxyName="kept", DBProxyEndpointName="kept-ep", VpcSubnetIds=kept["subnet_ids"])
    rds.delete_db_proxy(DBProxyName="dropped")
    names = {e["DBProxyEndpointName"] for e in rds.describe_db_proxy_endpoints()["DBProxyEndpoints"]}
    assert {"kept", "kept-ep"} <= names and not names & {"dropped", "dropped-ep"}
    # The name is free again.
    rds.create_db_proxy_endpoint(DBProxyName="kept", DBProxyEndpointName="dropped-ep", VpcSubnetIds=kept["subnet_ids"])


def test_describe_pages_with_max_records_and_marker(aws_env):
    seeded = seed.seed_proxy(aws_env, name="paged")
    rds = client(aws_env, "rds")
    for index in range(20):
        rds.create_db_proxy_endpoint(
            DBProxyName="paged", DBProxyEndpointName=f"paged-{index}", VpcSubnetIds=seeded["subnet_ids"]
        )
    first = rds.describe_db_proxy_endpoints(DBProxyName="paged", MaxRecords=20)
    assert len(first["DBProxyEndpoints"]) == 20 and first["Marker"]
    second = rds.describe_db_proxy_endpoints(DBProxyName="paged", MaxRecords=20, Marker=first["Marker"])
    assert [e["DBProxyEndpointName"] for e in second["DBProxyEndpoints"]] == ["paged-19"] and "Marker" not in second
    quota = rds.create_db_proxy_endpoint
    assert error_code(
        quota, DBProxyName="paged", DBProxyEndpointName="paged-20", VpcSubnetIds=seeded["subnet_ids"]
    ) == ("DBProxyEndpointQuotaExceededFault")


# ------------------------------------------------------------------ requests refused on the server


def with_extra_parameter(rds, operation: str, key: str, value: str):
    """`rds` sending key=value along with every `operation` request (boto3 itself would refuse to)."""

    def add(params, **_):
        params["body"][key] = value

    rds.meta.events.register(f"before-call.rds.{operation}", add)
    return rds


def unchecked_client(env: dict[str, str]):
    """An RDS client on the emulator that sends what it is given, without boto3's own parameter validation."""
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_REGION"],
    )
    return session.client("rds", endpoint_url=env["AWS_ENDPOINT_URL"], config=Config(parameter_validation=False))


def test_requests_that_do_not_fit_the_input_shape_are_refused(aws_env):
    seeded = seed.seed_proxy(aws_env, name="refused")
    subnets = seeded["subnet_ids"]
    rds = with_extra_parameter(client(aws_env, "rds"), "CreateDBProxyEndpoint", "Bogus", "1")
    with pytest.raises(ClientError, match='Unknown parameter in input: "Bogus"') as caught:
        rds.create_db_proxy_endpoint(DBProxyName="refused", DBProxyEndpointName="refused-ep", VpcSubnetIds=subnets)
    assert caught.value.response["Error"]["Code"] == "InvalidParameterValue"

    rds = unchecked_client(aws_env)
    with pytest.raises(ClientError, match='Missing required parameter in input: "VpcSubnetIds"') as caught:
        rds.create_db_proxy_endpoint(DBProxyName="refused", DBProxyEndpointName="refused-ep")
    assert caught.value.response["Error"]["Code"] == "InvalidParameterValue"

    for key, value in (("IdleClientTimeout", "soon"), ("RequireTLS", "yes")):
        rds = with_extra_parameter(client(aws_env, "rds"), "ModifyDBProxy", key, value)
        with pytest.raises(ClientError, match="InvalidParameterValue"):
            rds.modify_db_proxy(DBProxyName="refused")
    proxy = client(aws_env, "rds").describe_db_proxies(DBProxyName="refused")["DBProxies"][0]
    assert proxy["RequireTLS"] is True and proxy["IdleClientTimeout"] == 1800


# ------------------------------------------------------------------ the checks themselves


def test_check_request_refuses_unknown_missing_and_mistyped_parameters():
    create = operation_model("rds", "CreateDBProxyEndpoint")
    good = {"DBProxyName": "p", "DBProxyEndpointName": "e", "VpcSubnetIds": ["subnet-1"], "TargetRole": "READ_ONLY"}
    assert check_request(create, good) == good
    refused = {
        "unknown": {**good, "Bogus": "1"},
        "missing": {k: v for k, v in good.items() if k != "VpcSubnetIds"},
        "mistyped": {**good, "VpcSubnetIds": "subnet-1"},
        "enum": {**good, "TargetRole": "READ_MOSTLY"},
        "pattern": {**good, "DBProxyEndpointName": "ends-with-"},
        "too long": {**good, "DBProxyEndpointName": "e" * 64},
    }
    for case, params in refused.items():
        with pytest.raises(InvalidRequest):
            check_request(create, params)
            pytest.fail(f"{case} accepted")
    # A raw query parameter the parser dropped, or a value it read differently, is refused too.
    raw = {"Action": "CreateDBProxyEndpoint", "Version": "2014-10-31", "DBProxyName": "p", "DBProxyEndpointName": "e"}
    raw |= {"VpcSubnetIds.member.1": "subnet-1", "TargetRole": "READ_ONLY"}
    assert check_request(create, good, raw) == good
    with pytest.raises(InvalidRequest, match="VpcSubnetIds.member.3"):
        check_request(create, good, {**raw, "VpcSubnetIds.member.3": "subnet-3"})
    modify = operation_model("rds", "ModifyDBProxy")
    with pytest.raises(InvalidRequest, match="RequireTLS"):
        check_request(modify, {"DBProxyName": "p", "RequireTLS": False}, {"DBProxyName": "p", "RequireTLS": "yes"})


def test_check_result_raises_on_results_that_do_not_fit_the_output_shape():
    describe = operation_model("rds", "DescribeDBProxyEndpoints")
    endpoint = {
        "DBProxyEndpointName": "e",
        "DBProxyName": "p",
        "Status": "available",
        "VpcSubnetIds": ["subnet-1"],
        "CreatedDate": datetime.now(timezone.utc),
        "IsDefault": False,
    }
    good = {"DBProxyEndpoints": [endpoint], "Marker": None}
    assert check_result(describe, good) is good
    bad = {
        "mistyped": {"DBProxyEndpoints": [{**endpoint, "IsDefault": "false"}]},
        "unknown member": {"DBProxyEndpoints": [{**endpoint, "Port": 3306}]},
        "unknown top-level": {**good, "NextToken": "x"},
        "not a list": {"DBProxyEndpoints": endpoint},
        "enum": {"DBProxyEndpoints": [{**endpoint, "Status": "ready"}]},
        "model object": {"DBProxyEndpoints": [object()]},
    }
    for case, result in bad.items():
        with pytest.raises(ResponseShapeError):
            check_result(describe, result)
            pytest.fail(f"{case} accepted")
    modify = operation_model("rds", "ModifyDBProxy")
    with pytest.raises(ResponseShapeError, match="IdleClientTimeout"):
        check_result(modify, {"DBProxy": {"DBProxyName": "p", "IdleClientTimeout": "1800"}})


# ------------------------------------------------------------------ Terraform on the extension

TERRAFORM = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.100, < 7.0" }
  }
}

# An emulator error fails the run within minutes instead of being retried for the resources' default timeouts.
provider "aws" {
  max_retries = 2
}

variable "seeded_proxy" { type = string }
variable "subnet_ids" { type = list(string) }
variable "endpoint_groups" { type = list(string) }
variable "proxy" { type = map(string) }

resource "aws_db_proxy_endpoint" "reader" {
  db_proxy_name          = var.seeded_proxy
  db_proxy_endpoint_name = "tf-reader"
  vpc_subnet_ids         = var.subnet_ids
  vpc_security_group_ids = var.endpoint_groups
  target_role            = "READ_ONLY"
  tags                   = { team = "orders" }

  timeouts {
    create = "2m"
    update = "2m"
    delete = "2m"
  }
}

resource "aws_db_proxy" "own" {
  name                   = var.proxy.name
  engine_family          = "MYSQL"
  role_arn               = var.proxy.role_arn
  vpc_subnet_ids         = var.subnet_ids
  require_tls            = tobool(var.proxy.require_tls)
  idle_client_timeout    = tonumber(var.proxy.idle_client_timeout)
  debug_logging          = tobool(var.proxy.debug_logging)

  auth {
    auth_scheme = "SECRETS"
    iam_auth    = "REQUIRED"
    secret_arn  = var.proxy.secret_arn
  }

  timeouts {
    create = "2m"
    update = "2m"
    delete = "2m"
  }
}

output "endpoint_arn" { value = aws_db_proxy_endpoint.reader.arn }
output "endpoint" { value = aws_db_proxy_endpoint.reader.endpoint }
output "proxy_arn" { value = aws_db_proxy.own.arn }
"""


@pytest.mark.apply
def test_terraform_updates_an_endpoint_and_a_proxy_in_place(aws_env, tmp_path):
    seeded = seed.seed_proxy(aws_env, name="tfseeded")
    rds = client(aws_env, "rds")
    existing = rds.describe_db_proxies(DBProxyName="tfseeded")["DBProxies"][0]
    first, second = (security_group(aws_env, existing["VpcId"], f"tf-endpoint-{n}") for n in (1, 2))
    proxy = {"role_arn": existing["RoleArn"], "secret_arn": existing["Auth"][0]["SecretArn"]}
    before = {
        "seeded_proxy": "tfseeded",
        "subnet_ids": seeded["subnet_ids"],
        "endpoint_groups": [first],
        "proxy": {
            **proxy,
            "name": "tf-own",
            "require_tls": "false",
            "idle_client_timeout": "1800",
            "debug_logging": "false",
        },
    }
    after = {
        **before,
        "endpoint_groups": [second],
        "proxy": {
            **proxy,
            "name": "tf-renamed",
            "require_tls": "true",
            "idle_client_timeout": "600",
            "debug_logging": "true",
        },
    }
    (tmp_path / "main.tf").write_text(TERRAFORM)
    workspace = tfrun.Workspace(tmp_path, aws_env)

    workspace.apply(before)
    created = workspace.outputs()
    (endpoint,) = rds.describe_db_proxy_endpoints(DBProxyName="tfseeded", DBProxyEndpointName="tf-reader")[
        "DBProxyEndpoints"
    ]
    assert endpoint["DBProxyEndpointArn"] == created["endpoint_arn"] and endpoint["VpcSecurityGroupIds"] == [first]
    assert endpoint["TargetRole"] == "READ_ONLY" and endpoint["Endpoint"] == created["endpoint"]
    assert rds.list_tags_for_resource(ResourceName=created["endpoint_arn"])["TagList"] == [
        {"Key": "team", "Value": "orders"}
    ]

    planned = tfrun.changes(workspace.plan(after))
    assert {c["address"]: c["change"]["actions"] for c in planned} == {
        "aws_db_proxy_endpoint.reader": ["update"],
        "aws_db_proxy.own": ["update"],
    }
    workspace.apply(after)
    assert workspace.outputs() == created
    (endpoint,) = rds.describe_db_proxy_endpoints(DBProxyEndpointName="tf-reader")["DBProxyEndpoints"]
    assert endpoint["VpcSecurityGroupIds"] == [second]
    own = rds.describe_db_proxies(DBProxyName="tf-renamed")["DBProxies"][0]
    assert (own["RequireTLS"], own["IdleClientTimeout"], own["DebugLogging"]) == (True, 600, True)
    assert tfrun.changes(workspace.plan(after)) == []

    workspace.destroy(after)
    assert (
        error_code(rds.describe_db_proxy_endpoints, DBProxyEndpointName="tf-reader") == "DBProxyEndpointNotFoundFault"
    )
    assert error_code(rds.describe_db_proxies, DBProxyName="tf-renamed") == "DBProxyNotFoundFault"
    names = [
        e["DBProxyEndpointName"] for e in rds.describe_db_proxy_endpoints(DBProxyName="tfseeded")["DBProxyEndpoints"]
    ]
    assert names == ["tfseeded"]
