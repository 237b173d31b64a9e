"""rds-proxy-doctor's checks on stacks built by hand (no emulator): what each check decides from what AWS returns,
including what the emulator cannot produce (a target's every health reason, cross-region secrets, disabled keys,
prefix-list and partial CIDR rules, metrics), the report's forms, and the exit status 2 cases."""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import replace
from datetime import datetime, timezone

import boto3
import pytest
from botocore.stub import Stubber

from rds_proxy_tools.doctor import (
    CHECKS,
    cli,
    convert,
    diagnose,
    functions,
    iam_checks,
    metrics,
    network,
    report,
    simulation,
)
from rds_proxy_tools.doctor.aws import DoctorError, Reader
from rds_proxy_tools.doctor.gather import Functions as gather_functions
from rds_proxy_tools.doctor.gather import gather
from rds_proxy_tools.doctor.model import (
    AuthEntry,
    Endpoint,
    Function,
    KmsKey,
    Proxy,
    Role,
    RolePolicy,
    Rule,
    Secret,
    SecretContent,
    SecurityGroup,
    Stack,
    Subnet,
    Target,
    TargetDatabase,
    TargetGroup,
    TargetHealth,
)

ACCOUNT, REGION = "123456789012", "us-east-1"
PRX = "prx-0123456789abcdef0"
SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:app-AbCdEf"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
PROXY_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-proxy-role"
FUNCTION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-fn-role"
ENDPOINT = "app.proxy-abcdefghijkl.us-east-1.rds.amazonaws.com"
DB_HOST = "app-db.abcdefghijkl.us-east-1.rds.amazonaws.com"


def doc(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def tcp(port: int, **peer) -> Rule:
    return Rule("tcp", port, port, **peer)


def group(ingress: list[Rule], egress: list[Rule]) -> SecurityGroup:
    return SecurityGroup(tuple(ingress), tuple(egress))


def healthy() -> Stack:
    """A stack as examples/existing-database builds it, on which no check fails."""
    read = {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": SECRET}
    decrypt = {
        "Effect": "Allow",
        "Action": "kms:Decrypt",
        "Resource": KEY,
        "Condition": {"StringEquals": {"kms:ViaService": f"secretsmanager.{REGION}.amazonaws.com"}},
    }
    trust = doc({"Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}, "Action": "sts:AssumeRole"})
    connect = {
        "Effect": "Allow",
        "Action": "rds-db:connect",
        "Resource": f"arn:aws:rds-db:{REGION}:{ACCOUNT}:dbuser:{PRX}/app",
    }
    proxy = Proxy(
        name="app",
        arn=f"arn:aws:rds:{REGION}:{ACCOUNT}:db-proxy:{PRX}",
        resource_id=PRX,
        engine_family="MYSQL",
        status="available",
        address=ENDPOINT,
        vpc_id="vpc-1",
        subnet_ids=("subnet-a", "subnet-b"),
        security_group_ids=("sg-proxy",),
        require_tls=True,
        debug_logging=False,
        auth=(AuthEntry(SECRET, iam_auth="REQUIRED"),),
    )
    return Stack(
        region=REGION,
        partition="aws",
        account=ACCOUNT,
        proxy=proxy,
        target_group=TargetGroup(
            "arn:aws:rds:us-east-1:123456789012:target-group:prx-tg-1",
            max_connections_percent=100,
            max_idle_connections_percent=50,
        ),
        targets=[Target("app-db", health=TargetHealth("AVAILABLE"))],
        endpoints=[
            Endpoint(
                "app",
                ENDPOINT,
                is_default=True,
                target_role="READ_WRITE",
                security_group_ids=("sg-proxy",),
                subnet_ids=("subnet-a", "subnet-b"),
            )
        ],
        databases=[
            TargetDatabase(
                "instance",
                "app-db",
                True,
                arn=f"arn:aws:rds:{REGION}:{ACCOUNT}:db:app-db",
                engine="mysql",
                port=3306,
                status="available",
                addresses=(DB_HOST,),
                vpc_id="vpc-1",
                subnet_ids=("subnet-a", "subnet-b"),
                security_group_ids=("sg-db",),
            )
        ],
        role=Role(PROXY_ROLE, True, "app-proxy-role", trust, [RolePolicy("read-secrets", doc(read, decrypt))]),
        secrets=[
            Secret(
                SECRET,
                True,
                REGION,
                name="app",
                key=KmsKey(KEY, manager="CUSTOMER", state="Enabled"),
                key_policy=doc(
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                        "Action": "kms:*",
                        "Resource": "*",
                    }
                ),
                content=SecretContent(True, "app", True),
            )
        ],
        functions=[
            Function(
                "app-fn",
                f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:app-fn",
                {"DB_HOST": ENDPOINT, "DB_PORT": "3306", "DB_USER": "app"},
                ("subnet-a", "subnet-b"),
                ("sg-fn",),
                Role(FUNCTION_ROLE, True, "app-fn-role", {}, [RolePolicy("connect", doc(connect))]),
            )
        ],
        functions_named=False,
        subnets={
            "subnet-a": Subnet(vpc_id="vpc-1", availability_zone="us-east-1a", cidr="10.0.0.0/24"),
            "subnet-b": Subnet(vpc_id="vpc-1", availability_zone="us-east-1b", cidr="10.0.1.0/24"),
        },
        groups={
            "sg-fn": group([], [tcp(3306, group_ids=("sg-proxy",))]),
            "sg-proxy": group([tcp(3306, group_ids=("sg-fn",))], [tcp(3306, group_ids=("sg-db",))]),
            "sg-db": group([tcp(3306, group_ids=("sg-proxy",))], []),
        },
        read_secrets=True,
    )


def findings_of(stack: Stack, check: str) -> list:
    return [f for f in diagnose(stack) if f.check == check]


def statuses(stack: Stack, check: str) -> list[str]:
    return [f.status for f in findings_of(stack, check)]


def not_ok(stack: Stack) -> dict[str, str]:
    return {f.check: f.status for f in diagnose(stack) if f.status != "ok"}


def test_the_healthy_stack_passes_every_check():
    findings = diagnose(healthy())
    assert [f for f in findings if f.status != "ok"] == []
    optional = {"iam.simulated", "function.db-read-host", *(c for c in CHECKS if c.startswith("metrics."))}
    assert {f.check for f in findings} == set(CHECKS) - optional


# ------------------------------------------------------------------ proxy and targets


@pytest.mark.parametrize(
    ("change", "check", "status", "said"),
    [
        ({"status": "modifying"}, "proxy.status", "warn", "modifying"),
        ({"status": "incompatible-network"}, "proxy.status", "fail", "clients cannot connect"),
        ({"require_tls": False}, "proxy.tls", "fail", "in clear"),
        ({"debug_logging": True}, "proxy.debug-logging", "warn", "logs the text of every SQL statement"),
        ({"engine_family": "POSTGRESQL"}, "proxy.engine", "fail", "cannot speak to the mysql instance"),
    ],
)
def test_proxy_settings(change, check, status, said):
    stack = healthy()
    stack.proxy = replace(stack.proxy, **change)
    (finding,) = findings_of(stack, check)
    assert finding.status == status and said in finding.message and finding.fix


def test_each_auth_entry_is_judged_on_its_own():
    stack = healthy()
    other = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:report-XyZaBc"
    stack.proxy.auth += (
        AuthEntry(other, iam_auth="DISABLED"),
        AuthEntry(other + "2", iam_auth="REQUIRED", client_password_auth_type="POSTGRES_MD5"),
    )
    assert statuses(stack, "proxy.iam-auth") == ["ok", "warn", "fail"]


def test_pool_settings_that_cannot_work():
    stack = healthy()
    stack.target_group.max_connections_percent, stack.target_group.max_idle_connections_percent = 40, 60
    assert statuses(stack, "proxy.pool") == ["fail"]
    stack = healthy()
    stack.proxy.engine_family = "POSTGRESQL"
    stack.databases[0].engine = "postgres"
    stack.target_group.session_pinning_filters = ("EXCLUDE_VARIABLE_SETS",)
    (finding,) = findings_of(stack, "proxy.pool")
    assert finding.status == "fail" and "MySQL engine family only" in finding.message
    stack.proxy.engine_family = "MYSQL"
    stack.databases[0].engine = "mysql"
    assert statuses(stack, "proxy.pool") == ["ok"]


@pytest.mark.parametrize(
    ("reason", "looks_at"),
    [
        ("AUTH_FAILURE", "username and password must match a database user"),
        ("UNREACHABLE", "security group rules from the proxy to the database"),
        ("CONNECTION_FAILED", "max_connections"),
        ("PENDING_PROXY_CAPACITY", "scaling"),
        ("INVALID_REPLICATION_STATE", "replication"),
        ("PROMOTED", "register the current writer"),
        (None, "Description"),
    ],
)
def test_every_unavailable_reason_says_what_to_look_at(reason, looks_at):
    stack = healthy()
    stack.targets[0].health = TargetHealth("UNAVAILABLE", reason or "")
    (finding,) = findings_of(stack, "target.health")
    assert finding.status == "fail" and looks_at in finding.fix


def test_registering_and_unused_targets_warn_and_a_tracked_cluster_reports_through_its_instances():
    stack = healthy()
    stack.targets[0].health = TargetHealth("REGISTERING")
    assert statuses(stack, "target.health") == ["warn"]
    stack.targets = [
        Target("aurora"),  # the TRACKED_CLUSTER entry: no health of its own
        Target("aurora-1", health=TargetHealth("AVAILABLE")),
        Target("aurora-2", health=TargetHealth("UNUSED")),
    ]
    assert statuses(stack, "target.health") == ["ok", "warn"]


def test_targets_that_are_gone_replicas_or_missing():
    stack = healthy()
    stack.databases[0].replica_of = "app-db-primary"
    assert "read replica of app-db-primary" in findings_of(stack, "target.registered")[0].message
    stack.databases = [TargetDatabase("instance", "gone", found=False)]
    assert statuses(stack, "target.registered") == ["fail"]
    stack.targets, stack.databases = [], []
    assert statuses(stack, "target.registered") == ["fail"]


# ------------------------------------------------------------------ secrets and the proxy's role


def test_secrets_elsewhere_gone_deleted_or_under_a_disabled_key():
    stack = healthy()
    stack.secrets[0].region = "eu-west-1"
    assert "not the proxy's region us-east-1" in findings_of(stack, "secret.state")[0].message
    stack = healthy()
    stack.secrets[0].deleted = datetime(2026, 12, 8, tzinfo=timezone.utc)
    (finding,) = findings_of(stack, "secret.state")
    assert finding.status == "fail" and "2026-12-08" in finding.message and "restore-secret" in finding.fix
    stack = healthy()
    stack.secrets[0].key.state = "PendingDeletion"
    assert "cancel-key-deletion" in findings_of(stack, "secret.key")[0].fix


@pytest.mark.parametrize(
    ("value", "missing"),
    [
        ('{"username": "app"}', "has no password"),
        ("plain text", "is not a JSON object"),
        ('{"password": "x"}', "no username"),
    ],
)
def test_a_secret_without_username_and_password_fails_and_never_shows_the_value(value, missing):
    stack = healthy()
    stack.secrets[0].content = convert.secret_content({"SecretString": value})
    (finding,) = findings_of(stack, "secret.content")
    assert finding.status == "fail" and missing in finding.message
    assert convert.secret_content({"SecretString": '{"username": "u", "password": "s3cr3t"}'}) == SecretContent(
        True, "u", True
    )
    assert "s3cr3t" not in repr(convert.secret_content({"SecretString": '{"username": "u", "password": "s3cr3t"}'}))


def test_a_key_policy_that_leaves_the_role_out_fails_only_the_key_policy_check():
    stack = healthy()
    stack.secrets[0].key_policy = doc(
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/admin"},
            "Action": "kms:*",
            "Resource": "*",
        }
    )
    assert not_ok(stack) == {"role.key-policy": "fail"}


def test_a_key_policy_naming_the_role_is_enough_without_an_iam_grant():
    stack = healthy()
    stack.role.policies[0].document["Statement"].pop()  # no kms:Decrypt in IAM
    stack.secrets[0].key_policy = doc(
        {"Effect": "Allow", "Principal": {"AWS": PROXY_ROLE}, "Action": "kms:Decrypt", "Resource": "*"}
    )
    assert not_ok(stack) == {}


def test_far_too_wide_grants_warn():
    stack = healthy()
    stack.role.policies.append(RolePolicy("arn:aws:iam::aws:policy/SecretsManagerReadWrite", doc(), managed=True))
    stack.role.policies.append(
        RolePolicy("everything", doc({"Effect": "Allow", "Action": "secretsmanager:Get*", "Resource": "*"}))
    )
    (finding,) = findings_of(stack, "role.wide-grants")
    assert finding.status == "warn"
    assert (
        "SecretsManagerReadWrite" in finding.message and "allows secretsmanager:GetSecretValue on *" in finding.message
    )


def test_a_permissions_boundary_without_the_grant_denies():
    stack = healthy()
    stack.role.boundary = RolePolicy(
        "arn:aws:iam::123456789012:policy/boundary",
        doc({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}),
        managed=True,
    )
    (finding,) = findings_of(stack, "role.secret-access")
    assert finding.status == "fail" and "permissions boundary" in finding.message


# ------------------------------------------------------------------ functions


def connect_to(resource: str) -> list[RolePolicy]:
    return [RolePolicy("connect", doc({"Effect": "Allow", "Action": "rds-db:connect", "Resource": resource}))]


@pytest.mark.parametrize(
    ("resource", "named"),
    [
        (f"arn:aws:rds-db:{REGION}:999999999999:dbuser:{PRX}/app", "another account than 123456789012"),
        (f"arn:aws:rds-db:{REGION}:{ACCOUNT}:dbuser:prx-ffffffffffffffff0/app", "another proxy's resource id"),
        (f"arn:aws:rds-db:{REGION}:{ACCOUNT}:dbuser:{PRX}/admin", "it allows the user admin, not app"),
        (f"arn:aws:rds-db:{REGION}:{ACCOUNT}:dbuser:cluster-ABCDEFGHIJ/app", "is a database's resource id"),
    ],
)
def test_the_classic_connect_mistakes_are_named(resource, named):
    stack = healthy()
    stack.functions[0].role.policies = connect_to(resource)
    (finding,) = findings_of(stack, "function.rds-db-connect")
    assert finding.status == "fail" and named in finding.message


def test_a_deny_beats_the_connect_grant():
    stack = healthy()
    deny = {"Effect": "Deny", "Action": "rds-db:*", "Resource": "*"}
    stack.functions[0].role.policies.append(RolePolicy("deny", doc(deny)))
    (finding,) = findings_of(stack, "function.rds-db-connect")
    assert finding.status == "fail" and "denied by" in finding.message


@pytest.mark.parametrize(
    ("variables", "check", "status"),
    [
        ({"DB_PORT": "5432"}, "function.db-port", "fail"),
        ({"DB_HOST": "other.example.com"}, "function.db-host", "fail"),
        ({"DB_HOST": ""}, "function.db-host", "fail"),
        ({"DB_READ_HOST": DB_HOST}, "function.db-read-host", "fail"),
        ({"DB_READ_HOST": ENDPOINT}, "function.db-read-host", "ok"),
        ({"DB_USER": ""}, "function.db-user", "fail"),
    ],
)
def test_function_environment(variables, check, status):
    stack = healthy()
    stack.functions[0].environment.update(variables)
    assert statuses(stack, check) == [status]


def test_db_host_on_a_read_only_endpoint_warns():
    stack = healthy()
    reader = replace(
        stack.endpoints[0],
        name="app-ro",
        address="app-ro.endpoint.proxy-x.rds",
        is_default=False,
        target_role="READ_ONLY",
    )
    stack.endpoints.append(reader)
    stack.functions[0].environment["DB_HOST"] = reader.address
    assert statuses(stack, "function.db-host") == ["warn"]


def judged(environment: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    """The function checks' (status, message, fix) for the healthy stack's function with `environment` instead."""
    stack = healthy()
    stack.functions[0].environment = environment
    return {f.check: (f.status, f.message, f.fix or "") for f in diagnose(stack) if f.check.startswith("function.")}


def test_the_endpoint_is_found_as_host_port_under_another_name():
    found = judged({"DB_PROXY_ENDPOINT": f"{ENDPOINT}:3306", "DB_USER": "app"})
    assert found["function.db-host"] == (
        "ok",
        "DB_PROXY_ENDPOINT holds (host:port) the proxy's READ_WRITE endpoint app",
        "",
    )
    assert found["function.db-port"] == ("ok", "the port 3306 in DB_PROXY_ENDPOINT", "")
    assert [found[c][0] for c in ("function.db-user", "function.rds-db-connect")] == ["ok", "ok"]
    whole = judged({"DB_PROXY_ENDPOINT": ENDPOINT, "DB_USER": "app"})
    assert whole["function.db-host"][:2] == ("ok", "DB_PROXY_ENDPOINT is the proxy's READ_WRITE endpoint app")
    assert whole["function.db-port"][:2] == (
        "warn",
        "no port could be read: no DB_PORT, and DB_PROXY_ENDPOINT gives none",
    )


def test_a_database_url_gives_the_host_port_and_user_and_never_its_password():
    found = judged({"DATABASE_URL": f"mysql://app:s3cr3t@{ENDPOINT}:3306/app", "NODE_ENV": "production"})
    assert found["function.db-host"][:2] == ("ok", "DATABASE_URL holds (url) the proxy's READ_WRITE endpoint app")
    assert found["function.db-port"] == ("ok", "the port 3306 in DATABASE_URL", "")
    assert found["function.db-user"] == ("ok", "the user app in DATABASE_URL has a secret of the proxy", "")
    assert found["function.rds-db-connect"][0] == "ok"
    assert "s3cr3t" not in repr(found)
    default = judged({"DATABASE_URL": f"mysql://app@{ENDPOINT}/app"})
    assert default["function.db-port"] == ("ok", "DATABASE_URL gives no port: mysql's default 3306", "")
    other = judged({"DATABASE_URL": f"mysql://reporting@{ENDPOINT}:3306/app"})
    assert other["function.db-user"][0] == "fail"
    assert other["function.db-user"][1].startswith("the proxy has no secret for the user reporting in DATABASE_URL")
    assert other["function.db-user"][2].startswith("set the user in DATABASE_URL to one of app,")


def test_a_database_url_on_the_databases_address_or_the_wrong_port_fails_naming_the_variable():
    bypass = judged({"DATABASE_URL": f"jdbc:mysql://app@{DB_HOST}:3306/app"})
    assert bypass["function.db-host"] == (
        "fail",
        f"the host {DB_HOST} in DATABASE_URL is the address of the instance app-db itself: the function bypasses the "
        "proxy (its pool and its IAM authentication)",
        f"set the host in DATABASE_URL to {ENDPOINT}",
    )
    port = judged({"DATABASE_URL": f"mysql://app@{ENDPOINT}:5432/app"})
    assert port["function.db-port"] == (
        "fail",
        "the port 5432 in DATABASE_URL: a MYSQL proxy listens on 3306",
        "set the port in DATABASE_URL to 3306",
    )


def test_no_user_that_could_be_read_is_a_plain_warning():
    found = judged({"DB_PROXY_ENDPOINT": f"{ENDPOINT}:3306"})
    assert found["function.db-user"] == (
        "warn",
        "no database user could be read (looked at DB_USER and DB_PROXY_ENDPOINT): the user and its rds-db:connect "
        "grant are not checked",
        "set DB_USER=<database user>, or give the user in DB_PROXY_ENDPOINT, to have them checked",
    )
    assert "function.rds-db-connect" not in found
    assert judged({"DB_HOST": ENDPOINT, "DB_PORT": "3306"})["function.db-user"][0] == "fail"  # rds_connect needs it


@pytest.mark.parametrize("runtime", ["nodejs20.x", "provided.al2023", "python3.12"])
def test_functions_of_any_runtime_are_found_and_judged_alike(runtime):
    reader, stubber = stubbed_reader("lambda")
    config = {
        "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:app-fn",
        "Runtime": runtime,
        "VpcConfig": {"SubnetIds": ["subnet-a", "subnet-b"], "SecurityGroupIds": ["sg-fn"]},
    }
    configs = [
        {**config, "FunctionName": "app-fn", "Environment": {"Variables": {"DATABASE_URL": f"mysql://app@{ENDPOINT}"}}},
        {**config, "FunctionName": "other", "Environment": {"Variables": {"DATABASE_URL": "mysql://app@elsewhere"}}},
    ]
    stubber.add_response("list_functions", {"Functions": configs}, {})
    (function,) = gather_functions(reader).using({ENDPOINT.lower()})
    stack = healthy()
    function.role = stack.functions[0].role
    stack.functions = [function]
    assert not_ok(stack) == {}


def test_the_users_come_from_the_secrets_or_the_auth_entries_user_names():
    stack = healthy()
    stack.read_secrets, stack.secrets[0].content = False, None
    assert statuses(stack, "function.db-user") == ["warn"]
    stack.proxy.auth = (replace(stack.proxy.auth[0], user_name="app"),)
    assert statuses(stack, "function.db-user") == ["ok"]
    stack.proxy.auth = (replace(stack.proxy.auth[0], iam_auth="DISABLED"),)
    (finding,) = findings_of(stack, "function.db-user")
    assert finding.status == "fail" and "IAM authentication DISABLED" in finding.message
    assert functions.proxy_users(stack) == ({"app": stack.proxy.auth[0]}, True)


def test_a_function_outside_the_vpc_and_no_function_at_all():
    stack = healthy()
    stack.functions[0].subnet_ids = ()
    assert statuses(stack, "function.vpc") == ["fail"]
    assert statuses(stack, "network.proxy-ingress") == []
    stack.functions = []
    assert statuses(stack, "function.found") == ["warn"]


# ------------------------------------------------------------------ network


def sides(stack: Stack) -> tuple[network.Side, network.Side]:
    return network.function_side(stack.functions[0]), network.proxy_side(stack)


@pytest.mark.parametrize(
    ("rules", "verdict"),
    [
        ([tcp(3306, group_ids=("sg-fn",))], "yes"),
        ([Rule("-1", cidrs=("0.0.0.0/0",))], "yes"),
        ([Rule("tcp", 1024, 65535, cidrs=("10.0.0.0/16",))], "yes"),
        ([Rule("6", 3306, 3306, cidrs=("10.0.0.0/23",))], "yes"),
        ([tcp(3306, cidrs=("10.0.0.0/24",))], "partial"),
        ([tcp(3306, prefix_lists=("pl-1",))], "unknown"),
        ([Rule("udp", 3306, 3306, cidrs=("0.0.0.0/0",))], "no"),
        ([tcp(5432, group_ids=("sg-fn",))], "no"),
        ([tcp(3306, group_ids=("sg-other",))], "no"),
    ],
    ids=["group", "all-traffic", "port-range", "protocol-number", "one-subnet", "prefix-list", "udp", "port", "peer"],
)
def test_which_rules_let_the_function_into_the_proxy(rules, verdict):
    stack = healthy()
    stack.groups["sg-proxy"].ingress = tuple(rules)
    caller, proxy = sides(stack)
    assert network.allows(stack, proxy, "ingress", 3306, caller).status == verdict
    expected = {"yes": "ok", "partial": "warn", "unknown": "warn", "no": "fail"}[verdict]
    assert statuses(stack, "network.proxy-ingress") == [expected]


def test_proxy_subnets_in_one_zone_or_another_vpc_fail():
    stack = healthy()
    stack.subnets["subnet-b"].availability_zone = "us-east-1a"
    assert "at least two Availability Zones" in findings_of(stack, "network.subnets")[0].message
    stack = healthy()
    stack.proxy.vpc_id = "vpc-2"
    assert statuses(stack, "network.vpc") == ["fail"]


def test_the_stacks_above_are_what_the_gathering_makes_of_aws_responses():
    """The hand-built model values stand for AWS's answers: convert.py turns those answers into the same values."""
    stack = healthy()
    proxy = {
        "DBProxyName": "app",
        "DBProxyArn": stack.arn,
        "Status": "available",
        "EngineFamily": "MYSQL",
        "VpcId": "vpc-1",
        "VpcSecurityGroupIds": ["sg-proxy"],
        "VpcSubnetIds": ["subnet-a", "subnet-b"],
        "Auth": [{"AuthScheme": "SECRETS", "SecretArn": SECRET, "IAMAuth": "REQUIRED"}],
        "RoleArn": PROXY_ROLE,
        "Endpoint": ENDPOINT,
        "RequireTLS": True,
        "DebugLogging": False,
        "IdleClientTimeout": 1800,
    }
    assert convert.proxy_of(proxy, PRX) == stack.proxy
    pool = {"MaxConnectionsPercent": 100, "MaxIdleConnectionsPercent": 50, "SessionPinningFilters": []}
    group = {"TargetGroupArn": stack.target_group.arn, "IsDefault": True, "ConnectionPoolConfig": pool}
    assert convert.target_group_of(group) == stack.target_group
    target = {"RdsResourceId": "app-db", "Type": "RDS_INSTANCE", "TargetHealth": {"State": "AVAILABLE"}}
    assert [convert.target_of(target)] == stack.targets
    assert convert.target_of({"RdsResourceId": "aurora", "Type": "TRACKED_CLUSTER", "TargetHealth": {}}) == Target(
        "aurora"
    )
    endpoint = {
        "DBProxyEndpointName": "app",
        "Endpoint": ENDPOINT,
        "IsDefault": True,
        "TargetRole": "READ_WRITE",
        "VpcSecurityGroupIds": ["sg-proxy"],
        "VpcSubnetIds": ["subnet-a", "subnet-b"],
    }
    assert [convert.endpoint_of(endpoint)] == stack.endpoints
    subnet = {"SubnetId": "subnet-a", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1a", "CidrBlock": "10.0.0.0/24"}
    assert convert.subnet_of(subnet) == stack.subnets["subnet-a"]
    sg_proxy = {
        "GroupId": "sg-proxy",
        "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": "sg-fn"}]}
        ],
        "IpPermissionsEgress": [
            {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": "sg-db"}]}
        ],
    }
    assert convert.security_group_of(sg_proxy) == stack.groups["sg-proxy"]
    every = {
        "IpProtocol": "-1",
        "IpRanges": [{"CidrIp": "10.0.0.0/16", "Description": "vpc"}],
        "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
        "UserIdGroupPairs": [{"GroupName": "legacy"}, {"GroupId": "sg-fn", "UserId": ACCOUNT}],
        "PrefixListIds": [{"PrefixListId": "pl-1"}],
    }
    assert convert.rule_of(every) == Rule("-1", 0, 65535, ("sg-fn",), ("10.0.0.0/16",), ("pl-1",))
    key = {"KeyId": "0b1c", "Arn": KEY, "KeyManager": "CUSTOMER", "KeyState": "Enabled", "Enabled": True}
    assert convert.kms_key_of(key) == stack.secrets[0].key


# ------------------------------------------------------------------ metrics


def test_metrics_warn_on_failed_logins_pinning_crowding_and_availability():
    stack = healthy()
    at = [datetime(2026, 12, 1, 10, m, tzinfo=timezone.utc) for m in range(3)]
    stack.metrics_hours = 3
    stack.metrics = {
        "failed_auth": [(at[0], 0.0), (at[1], 2.0)],
        "pinned": [(at[0], 4.0)],
        "connections": [(at[0], 10.0), (at[1], 90.0)],
        "allowed": [(at[0], 100.0), (at[1], 100.0)],
        "availability_read_write": [(at[0], 100.0), (at[1], 75.0)],
    }
    found = {f.check: f for f in metrics.check(stack)}
    assert {check: f.status for check, f in found.items()} == {
        "metrics.failed-auth": "warn",
        "metrics.pinned-sessions": "warn",
        "metrics.connections": "warn",
        "metrics.availability": "warn",
    }
    assert found["metrics.failed-auth"].message == "2 client logins failed in the last 3 h"
    assert "90%" in found["metrics.connections"].message
    stack.metrics = {key: [] for key in stack.metrics}
    assert {f.status for f in metrics.check(stack)} == {"ok"}


def test_metric_queries_use_the_proxys_dimensions():
    stack = healthy()
    queries = {q["Id"]: q["MetricStat"] for q in metrics.queries(stack, 2)}
    assert queries["failed_auth"]["Metric"]["Dimensions"] == [{"Name": "ProxyName", "Value": "app"}]
    assert queries["availability_read_write"]["Metric"]["Dimensions"][1:] == [
        {"Name": "TargetGroup", "Value": "default"},
        {"Name": "TargetRole", "Value": "READ_WRITE"},
    ]
    assert metrics.period_for(2) == 60 and metrics.period_for(48) == 120


# ------------------------------------------------------------------ IAM quotas on a role

REPORTS_ROLE = f"arn:aws:iam::{ACCOUNT}:role/reports-fn-role"


def with_connected_function(stack: Stack) -> Stack:
    """The stack with a function deployed elsewhere whose existing role got the module's grant (connected_functions):
    its inline rds-db-connect-reports beside the role's own policies."""
    connect = {
        "Effect": "Allow",
        "Action": "rds-db:connect",
        "Resource": f"arn:aws:rds-db:{REGION}:{ACCOUNT}:dbuser:{PRX}/app",
    }
    logs = {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": f"arn:aws:logs:{REGION}:{ACCOUNT}:*"}
    basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    role = Role(
        REPORTS_ROLE,
        True,
        "reports-fn-role",
        {},
        [RolePolicy("rds-db-connect-reports", doc(connect)), RolePolicy(basic, doc(logs), managed=True)],
    )
    stack.functions.append(
        Function(
            "reports",
            f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:reports",
            {"DB_HOST": ENDPOINT, "DB_PORT": "3306", "DB_USER": "app"},
            ("subnet-a", "subnet-b"),
            ("sg-fn",),
            role,
        )
    )
    return stack


def iam_size(document: dict) -> int:
    """What IAM counts of a policy written without white space (the ARNs here hold none)."""
    return len(json.dumps(document, separators=(",", ":")))


def fill_inline(role: Role, characters: int, name: str = "dead-letters") -> None:
    """Add an inline policy (dead-letter queues' ARNs) that brings the role's inline policies to `characters`."""
    queue = f"arn:aws:sqs:{REGION}:{ACCOUNT}:"
    resources: list[str] = []
    document = doc({"Sid": "DeadLetters", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": resources})
    target = characters - sum(iam_size(p.document) for p in role.policies if not p.managed)
    while True:
        left = target - iam_size(document) - len(queue) - 2 - (1 if resources else 0)  # its quotes and comma
        if left <= 80:
            resources.append(queue + "q" * left)
            break
        resources.append(f"{queue}dlq-{len(resources):04d}")
    role.policies.append(RolePolicy(name, document))
    assert sum(iam_size(p.document) for p in role.policies if not p.managed) == characters


def attach(role: Role, count: int) -> None:
    """Managed policies attached to the role up to `count` in all."""
    read = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
    have = sum(1 for p in role.policies if p.managed)
    role.policies += [
        RolePolicy(f"arn:aws:iam::{ACCOUNT}:policy/team-{i}", doc(read), managed=True) for i in range(count - have)
    ]


def quota_finding(stack: Stack, role_arn: str):
    (finding,) = [f for f in findings_of(stack, "iam.role-quotas") if f.resource == role_arn]
    return finding


def test_a_policy_is_counted_as_iam_counts_it_without_white_space():
    from rds_proxy_tools.aws_rules import policy_size

    written = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rds-db:connect","Resource":"*"}]}'
    assert policy_size(json.loads(written)) == len(written) == 98  # as boto3 returns it: parsed
    assert policy_size(json.dumps(json.loads(written), indent=4)) == 98  # as text, with white space
    assert policy_size(json.loads(written.replace('"*"', '"arn:aws:s3:::é"'))) == 98 + 13  # é is one character


@pytest.mark.parametrize("whose", ["proxy", "connected function"])
@pytest.mark.parametrize(
    ("quota", "amount", "status", "said"),
    [
        ("inline", 9215, "ok", "inline policies 9,215 of 10,240 characters (white space not counted)"),
        ("inline", 9216, "warn", "dead-letters): IAM refuses the next inline grant that adds more than 1,024"),
        ("attached", 8, "ok", "8 of 10 managed policies attached (IAM's default quota)"),
        ("attached", 9, "warn", "1 more managed policy can be attached to {role}, and IAM refuses the next unless"),
        ("attached", 10, "warn", "the next managed policy attached to {role} is refused by IAM unless the account's"),
    ],
)
def test_a_role_at_90_percent_of_a_quota_warns_and_one_just_below_does_not(whose, quota, amount, status, said):
    stack = with_connected_function(healthy())
    role = stack.role if whose == "proxy" else stack.functions[1].role
    if quota == "inline":
        fill_inline(role, amount)
    else:
        attach(role, amount)
    finding = quota_finding(stack, role.arn)
    assert finding.status == status and said.format(role=role.name) in finding.message
    assert {f.check: f.status for f in diagnose(stack) if f.status != "ok"} == (
        {} if status == "ok" else {"iam.role-quotas": "warn"}
    )
    if status == "warn":
        grant = "secret in existing_secrets" if whose == "proxy" else "database user in connect_db_users or "
        assert f"(for another {grant}" in finding.message or f"one for another {grant}" in finding.message
        owner = "the proxy" if whose == "proxy" else "function reports"
        assert finding.fix.endswith(f"or use a role of its own for {owner}")
        quota_asked = "'Managed policies per role': up to 20" in finding.fix
        assert quota_asked == (quota == "attached")


@pytest.mark.parametrize("whose", ["proxy", "connected function"])
def test_a_role_full_of_the_modules_own_inline_policies_is_not_near_a_quota(whose):
    stack = with_connected_function(healthy())
    role = stack.role if whose == "proxy" else stack.functions[1].role
    role.policies = [p for p in role.policies if p.managed]
    own = "read-proxy-secrets" if whose == "proxy" else "rds-db-connect-reports"
    fill_inline(role, 10240, own)
    assert quota_finding(stack, role.arn).status == "ok"
    fill_inline(role, 10240 + 300, "team-grant")  # beside the module's: IAM would refuse it
    assert quota_finding(stack, role.arn).status == "warn"


def test_at_20_attached_no_quota_increase_is_offered_and_both_quotas_are_named_at_once():
    stack = with_connected_function(healthy())
    role = stack.functions[1].role
    attach(role, 20)
    fill_inline(role, 10240)
    finding = quota_finding(stack, REPORTS_ROLE)
    assert finding.status == "warn"
    assert "hold 10,240 of the 10,240 characters" in finding.message
    assert "IAM refuses any further managed policy attached to reports-fn-role: 20 are, the most" in finding.message
    assert (
        "Service Quotas" not in finding.fix and "merge the managed policies attached to reports-fn-role" in finding.fix
    )
    assert "move dead-letters of reports-fn-role into a customer managed policy" in finding.fix


def test_each_role_is_judged_once_and_the_boundary_is_no_attachment():
    stack = with_connected_function(healthy())
    stack.functions[1].role = stack.functions[0].role  # two functions on one role
    role = stack.functions[0].role
    attach(role, 8)
    role.boundary = RolePolicy(f"arn:aws:iam::{ACCOUNT}:policy/boundary", doc(), managed=True)
    assert [(f.resource, f.status) for f in findings_of(stack, "iam.role-quotas")] == [
        (PROXY_ROLE, "ok"),
        (FUNCTION_ROLE, "ok"),
    ]
    attach(role, 9)
    assert quota_finding(stack, FUNCTION_ROLE).fix.endswith(
        "a role of its own for function app-fn and function reports"
    )
    stack.role.found, stack.functions[0].role.found = False, False  # the role checks say so; no quota to read
    assert findings_of(stack, "iam.role-quotas") == []


# ------------------------------------------------------------------ report, exit status


def test_the_json_report_is_a_list_of_the_five_fields():
    stack = healthy()
    stack.proxy.require_tls = False
    findings = json.loads(report.as_json(diagnose(stack)))
    assert all(list(f) == ["check", "status", "resource", "message", "fix"] for f in findings)
    (tls,) = [f for f in findings if f["check"] == "proxy.tls"]
    assert tls["status"] == "fail" and tls["resource"] == stack.arn and tls["fix"].startswith("aws rds modify-db-proxy")
    assert all(f["fix"] is None for f in findings if f["status"] == "ok")


def test_the_reports_show_a_role_near_a_quota_with_its_fix():
    stack = with_connected_function(healthy())
    attach(stack.functions[1].role, 10)
    (quota,) = [f for f in json.loads(report.as_json(diagnose(stack))) if f["status"] != "ok"]
    assert (quota["check"], quota["status"], quota["resource"]) == ("iam.role-quotas", "warn", REPORTS_ROLE)
    assert quota["message"].startswith("the next managed policy attached to reports-fn-role is refused by IAM")
    assert quota["fix"].startswith("ask for a higher quota (Service Quotas, IAM, 'Managed policies per role'")
    lines = report.text(stack, diagnose(stack)).splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.startswith("warn")]
    assert lines[at].startswith("warn  iam.role-quotas          role/reports-fn-role: the next managed policy")
    assert lines[at + 1].strip() == "fix: " + quota["fix"]
    assert lines[-1].startswith("0 failed, 1 warning, ")


def test_the_text_report_has_one_line_per_check_and_the_fix_under_failures():
    stack = healthy()
    stack.proxy.require_tls = False
    lines = report.text(stack, diagnose(stack)).splitlines()
    assert lines[0].startswith("rds-proxy-doctor: proxy app (prx-0123456789abcdef0, MYSQL) in us-east-1")
    (tls,) = [i for i, line in enumerate(lines) if " proxy.tls " in line]
    assert (
        lines[tls].startswith("fail  proxy.tls") and "db-proxy:prx-0123456789abcdef0: TLS is not required" in lines[tls]
    )
    assert lines[tls + 1].strip().startswith("fix: aws rds modify-db-proxy --db-proxy-name app --require-tls")
    assert lines[-1].startswith("1 failed, 0 warnings, ")


def test_the_report_of_every_proxy_ends_with_one_summary_line():
    good, bad = healthy(), healthy()
    bad.proxy.name, bad.proxy.require_tls = "other", False
    reports = [(good, diagnose(good)), (bad, diagnose(bad))]
    lines = report.proxies_text(reports).splitlines()
    assert [line.split()[2] for line in lines if line.startswith("rds-proxy-doctor: proxy ")] == ["app", "other"]
    assert lines[-1] == "rds-proxy-doctor: 2 proxies in us-east-1: 1 failing (other)"
    each = "".join(report.text(stack, findings) + "\n" for stack, findings in reports)
    assert report.proxies_text(reports) == each + lines[-1] + "\n"  # each report as its own run gives it
    assert json.loads(report.proxies_json(reports)) == [
        {"proxy": "app", "findings": json.loads(report.as_json(reports[0][1]))},
        {"proxy": "other", "findings": json.loads(report.as_json(reports[1][1]))},
    ]
    assert report.proxies_text(reports[:1]).splitlines()[-1] == "rds-proxy-doctor: 1 proxy in us-east-1: 0 failing"


def test_the_clients_retry_in_the_sdks_standard_mode(monkeypatch, tmp_path):
    """Never botocore's legacy default; adaptive and a number of attempts when the caller's configuration says."""
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))

    def retries() -> dict:
        session = boto3.session.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name=REGION)
        return Reader(session).client("rds").meta.config.retries

    for key in ("AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"):
        monkeypatch.delenv(key, raising=False)
    assert retries() == {"mode": "standard", "total_max_attempts": 5}
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
    assert retries() == {"mode": "standard", "total_max_attempts": 5}
    monkeypatch.setenv("AWS_RETRY_MODE", "adaptive")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    assert retries() == {"mode": "adaptive", "total_max_attempts": 2}


def stubbed_reader(service: str) -> tuple[Reader, Stubber]:
    session = boto3.session.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name=REGION)
    reader = Reader(session)
    stubber = Stubber(reader.client(service))
    stubber.activate()
    return reader, stubber


def test_a_call_the_caller_may_not_make_is_named():
    reader, stubber = stubbed_reader("rds")
    stubber.add_client_error("describe_db_proxies", "AccessDenied", "not authorized", 403)
    with pytest.raises(DoctorError, match=r"the caller may not call rds:DescribeDBProxies \(AccessDenied\)"):
        gather(reader, "app")


def test_no_such_proxy():
    reader, stubber = stubbed_reader("rds")
    stubber.add_client_error("describe_db_proxies", "DBProxyNotFoundFault", "not found", 404)
    with pytest.raises(DoctorError, match="no proxy named 'app' in us-east-1"):
        gather(reader, "app")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "one of the arguments --proxy-name --all-proxies is required"),
        (["--proxy-name", "app", "--all-proxies"], "argument --all-proxies: not allowed with argument --proxy-name"),
        (["--all-proxies", "--function-name", "f"], "--function-name needs --proxy-name"),
        (["--proxy-name", "app", "--metrics", "0"], "not between 0 and 360 hours"),
        (["--proxy-name", "app", "--metrics", "soon"], "'soon' is not a number of hours"),
    ],
)
def test_usage_errors_exit_2_with_one_line(argv, said, capsys):
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("rds-proxy-doctor: error: ") and said in err


def test_a_region_that_is_no_region_name_is_named_before_any_call(capsys):
    assert cli.main(["--proxy-name", "app", "--region", "mars-1"]) == 2
    assert capsys.readouterr().err == (
        "rds-proxy-doctor: error: region 'mars-1' is not an AWS region name (e.g. us-east-1)\n"
    )


def test_missing_credentials_and_missing_boto3_exit_2_with_one_line(monkeypatch, capsys, tmp_path):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # never reached: no credentials to sign with
    assert cli.main(["--proxy-name", "app", "--region", REGION]) == 2
    assert (
        capsys.readouterr().err
        == "rds-proxy-doctor: error: no AWS credentials: configure a profile (--profile, AWS_PROFILE) or keys\n"
    )
    monkeypatch.setitem(sys.modules, "boto3", None)
    assert cli.main(["--proxy-name", "app"]) == 2
    assert capsys.readouterr().err == "rds-proxy-doctor: error: needs boto3: pip install 'rds-proxy-lambda[lookup]'\n"


def test_missing_region_exits_2_naming_where_it_comes_from(monkeypatch, capsys, tmp_path):
    for key in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "k")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # never reached: no region, no call
    assert cli.main(["--proxy-name", "app"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rds-proxy-doctor: error: no AWS region: pass --region or set AWS_DEFAULT_REGION")
    assert err.count("\n") == 1


# ------------------------------------------------------------------ --simulate, on the API's documented shapes


def simulated_result(action: str, resource: str, decision: str) -> dict:
    return {"EvalActionName": action, "EvalResourceName": resource, "EvalDecision": decision, "MatchedStatements": []}


def test_simulate_reports_agreement_and_disagreement():
    stack = healthy()
    reader, stubber = stubbed_reader("iam")
    asked = iam_checks.questions(stack)
    for role_arn, (_, requests) in asked.items():
        agreeing = role_arn == PROXY_ROLE
        results = [
            simulated_result(r.action, r.resource, "allowed" if agreeing else "explicitDeny") for _, _, r in requests
        ]
        by_context = {}
        for (_, _, request), result in zip(requests, results, strict=True):
            by_context.setdefault(json.dumps(request.context, sort_keys=True), []).append(result)
        for group in by_context.values():
            stubber.add_response("simulate_principal_policy", {"EvaluationResults": group, "IsTruncated": False})
    found = simulation.simulated(stack, reader)
    assert [(f.resource, f.status) for f in found] == [(PROXY_ROLE, "ok"), (FUNCTION_ROLE, "warn")]
    assert "AWS's simulator says explicit_deny" in found[1].message
    stubber.assert_no_pending_responses()


def test_simulate_needs_the_permission():
    stack = healthy()
    reader, stubber = stubbed_reader("iam")
    stubber.add_client_error("simulate_principal_policy", "AccessDenied", "no", 403)
    with pytest.raises(DoctorError, match="iam:SimulatePrincipalPolicy"):
        simulation.simulated(stack, reader)


def test_every_check_id_is_documented_and_a_finding_refuses_others():
    from rds_proxy_tools.doctor.findings import Finding

    with pytest.raises(ValueError, match="unknown check id"):
        Finding("proxy.colour", "ok", "x", "y")
    assert all(id_.count(".") == 1 and id_ == id_.lower() for id_ in CHECKS)
    assert copy.deepcopy(CHECKS) == CHECKS


def test_a_function_on_a_cross_vpc_endpoint_is_judged_by_that_endpoint():
    stack = healthy()
    endpoint = Endpoint(
        "app-other-vpc",
        "app-other-vpc.endpoint.proxy-abcdefghijkl.us-east-1.rds.amazonaws.com",
        is_default=False,
        target_role="READ_WRITE",
        vpc_id="vpc-2",
        security_group_ids=("sg-endpoint",),
        subnet_ids=("subnet-c",),
    )
    stack.endpoints.append(endpoint)
    stack.subnets["subnet-c"] = Subnet(vpc_id="vpc-2", availability_zone="us-east-1a", cidr="10.1.0.0/24")
    function = stack.functions[0]
    function.environment["DB_HOST"], function.subnet_ids = endpoint.address, ("subnet-c",)
    stack.groups["sg-fn"].egress = (tcp(3306, group_ids=("sg-endpoint",)),)
    stack.groups["sg-endpoint"] = group([tcp(3306, cidrs=("10.1.0.0/16",))], [])
    assert not_ok(stack) == {}
    (ingress,) = findings_of(stack, "network.proxy-ingress")
    assert "proxy endpoint app-other-vpc lets in from function app-fn" in ingress.message
    function.subnet_ids = ("subnet-a",)
    assert statuses(stack, "function.vpc") == ["fail"]


def test_a_policy_the_evaluator_cannot_read_warns_instead_of_deciding():
    stack = healthy()
    stack.role.policies.append(RolePolicy("odd", {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe"}]}))
    stack.secrets[0].resource_policy = '{"Statement": [{"Effect": "Allow"}]}'
    assert not_ok(stack) == {"role.secret-access": "warn", "role.kms-decrypt": "warn", "role.wide-grants": "warn"}
    stack.secrets[0].key_policy = "{}"
    assert not_ok(stack)["role.key-policy"] == "warn"
