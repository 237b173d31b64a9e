"""The breakages rds-proxy-doctor must name, made with boto3 to examples/existing-database once it is applied on a
seeded emulator: each is found and named by the right check with exit status 1, and undone; grants and rules that
are right but written differently raise no failure. On examples/existing-functions the classic breakages (CLASSIC)
are made to each of its functions: the module's Node.js function and the one deployed elsewhere. test_apply_examples.py
beside this file runs the cases after each example's re-plan and before its destroy, so that one apply serves both
(an apply costs a worker half a minute or more).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from harness.emulator import client, doctor
from harness.emulator.moto_target_health import set_target_health

PROXY = "app-proxy"
FUNCTION = "app-proxy"
REPORTS = "app-proxy-reports"  # examples/existing-functions' function deployed elsewhere
PORT = 3306


@dataclass
class Stack:
    env: dict[str, str]
    endpoint: str  # the emulator's
    proxy: dict[str, Any]  # DescribeDBProxies
    function: dict[str, Any]  # GetFunctionConfiguration
    db_host: str
    db_group: str
    db_resource_id: str  # db-...
    connect_policy: str = "rds-db-connect"  # the inline policy of the function's role granting rds-db:connect

    @property
    def prx_id(self) -> str:
        return self.proxy["DBProxyArn"].rsplit(":", 1)[1]

    @property
    def proxy_group(self) -> str:
        return self.proxy["VpcSecurityGroupIds"][0]

    @property
    def function_group(self) -> str:
        return self.function["VpcConfig"]["SecurityGroupIds"][0]

    @property
    def proxy_role(self) -> str:
        return self.proxy["RoleArn"].rsplit("/", 1)[1]

    @property
    def function_role(self) -> str:
        return self.function["Role"].rsplit("/", 1)[1]

    @property
    def secret_arn(self) -> str:
        return self.proxy["Auth"][0]["SecretArn"]

    def dbuser(self, user: str = "app_user", proxy_id: str | None = None) -> str:
        return f"arn:aws:rds-db:us-east-1:123456789012:dbuser:{proxy_id or self.prx_id}/{user}"

    def doctor(self, *args: str) -> doctor.Run:
        return doctor.run(self.env, "--proxy-name", PROXY, "--json", "--read-secrets", *args)

    @property
    def function_name(self) -> str:
        return self.function["FunctionName"]

    @classmethod
    def applied(
        cls,
        env: dict[str, str],
        endpoint: str,
        tf_vars: dict[str, Any],
        function: str = FUNCTION,
        connect_policy: str = "rds-db-connect",
    ) -> Stack:
        """The stack as the emulator at `endpoint` holds it after the apply with `tf_vars` (the seeded database's),
        its breakages made to `function`, whose role grants rds-db:connect in the inline policy `connect_policy`."""
        (proxy,) = client(env, "rds").describe_db_proxies(DBProxyName=PROXY)["DBProxies"]
        (database,) = client(env, "rds").describe_db_instances(DBInstanceIdentifier="app-db")["DBInstances"]
        return cls(
            env=env,
            endpoint=endpoint,
            proxy=proxy,
            function=client(env, "lambda").get_function_configuration(FunctionName=function),
            db_host=tf_vars["db_host"],
            db_group=tf_vars["db_security_group_id"],
            db_resource_id=database["DbiResourceId"],
            connect_policy=connect_policy,
        )

    @classmethod
    def functions_applied(cls, env: dict[str, str], endpoint: str, tf_vars: dict[str, Any]) -> list[Stack]:
        """examples/existing-functions as applied: a Stack per function, the module's and the one deployed
        elsewhere (its grant made by modules/function_access)."""
        return [
            cls.applied(env, endpoint, tf_vars),
            cls.applied(env, endpoint, tf_vars, REPORTS, f"rds-db-connect-{REPORTS}"),
        ]


# ------------------------------------------------------------------ breakages, each undone on leaving


@contextlib.contextmanager
def role_policy(stack: Stack, role: str, name: str, statements: list[dict[str, Any]]):
    iam = client(stack.env, "iam")
    saved = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
    document = {"Version": "2012-10-17", "Statement": statements}
    iam.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=json.dumps(document))
    try:
        yield
    finally:
        iam.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=json.dumps(saved))


def connect_grant(*resources: str) -> list[dict[str, Any]]:
    return [{"Effect": "Allow", "Action": "rds-db:connect", "Resource": list(resources)}]


@contextlib.contextmanager
def function_environment(stack: Stack, **changes: str):
    lam = client(stack.env, "lambda")
    saved = stack.function["Environment"]["Variables"]
    name = stack.function_name
    lam.update_function_configuration(FunctionName=name, Environment={"Variables": {**saved, **changes}})
    try:
        yield
    finally:
        lam.update_function_configuration(FunctionName=name, Environment={"Variables": saved})


def tcp(port: int, **peer: Any) -> dict[str, Any]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **peer}


def rule_id(stack: Stack, group: str, direction: str, rule: dict[str, Any]) -> str:
    """The id of `group`'s rule that is `rule` (one peer: a group or a CIDR block)."""
    found = client(stack.env, "ec2").describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
    peer_group = [p["GroupId"] for p in rule.get("UserIdGroupPairs", [])]
    peer_cidr = [r["CidrIp"] for r in rule.get("IpRanges", [])]
    (match,) = [
        r["SecurityGroupRuleId"]
        for r in found["SecurityGroupRules"]
        if r["IsEgress"] == (direction == "egress")
        and (r["IpProtocol"], r.get("FromPort"), r.get("ToPort"))
        == (rule["IpProtocol"], rule.get("FromPort", -1), rule.get("ToPort", -1))
        and ([r["ReferencedGroupInfo"]["GroupId"]] if "ReferencedGroupInfo" in r else [r.get("CidrIpv4")])
        == (peer_group or peer_cidr)
    ]
    return match


@contextlib.contextmanager
def rule_replaced(stack: Stack, group: str, direction: str, old: dict[str, Any], new: dict[str, Any] | None = None):
    """The rule `old` of `group` revoked (and `new` authorized instead), put back on leaving."""
    ec2 = client(stack.env, "ec2")
    revoke, authorize = (
        (ec2.revoke_security_group_ingress, ec2.authorize_security_group_ingress)
        if direction == "ingress"
        else (ec2.revoke_security_group_egress, ec2.authorize_security_group_egress)
    )
    revoke(GroupId=group, SecurityGroupRuleIds=[rule_id(stack, group, direction, old)])
    if new:
        authorize(GroupId=group, IpPermissions=[new])
    try:
        yield
    finally:
        if new:
            revoke(GroupId=group, SecurityGroupRuleIds=[rule_id(stack, group, direction, new)])
        authorize(GroupId=group, IpPermissions=[old])


def the_one(run: doctor.Run, check: str, resource: str | None = None) -> dict[str, Any]:
    """The one failing finding of `check`, which must be the only failing check (on `resource` when given)."""
    assert run.code == 1, run.failures()
    assert run.failed() == {check}, run.failures()
    (finding,) = [f for f in run.of(check) if f["status"] == "fail"]
    assert finding["fix"]
    assert resource is None or finding["resource"] == resource, finding
    return finding


def connect_policy_on_the_proxys_name(stack):
    with role_policy(stack, stack.function_role, stack.connect_policy, connect_grant(stack.dbuser(proxy_id=PROXY))):
        finding = the_one(stack.doctor(), "function.rds-db-connect", stack.function["FunctionArn"])
    assert "names the proxy by its name" in finding["message"] and stack.prx_id in finding["message"]
    assert stack.dbuser() in finding["fix"]


def connect_policy_on_the_databases_resource_id(stack):
    grant = connect_grant(stack.dbuser(proxy_id=stack.db_resource_id))
    with role_policy(stack, stack.function_role, stack.connect_policy, grant):
        finding = the_one(stack.doctor(), "function.rds-db-connect")
    assert f"{stack.db_resource_id} is a database's resource id" in finding["message"]


def connect_policy_in_another_region(stack):
    grant = connect_grant(stack.dbuser().replace(":us-east-1:", ":eu-west-1:"))
    with role_policy(stack, stack.function_role, stack.connect_policy, grant):
        finding = the_one(stack.doctor(), "function.rds-db-connect")
    assert "it names another region than us-east-1" in finding["message"]


def db_host_set_to_the_databases_address(stack):
    with function_environment(stack, DB_HOST=stack.db_host):
        finding = the_one(stack.doctor(), "function.db-host", stack.function["FunctionArn"])
    assert f"DB_HOST={stack.db_host} is the address of the instance app-db itself" in finding["message"]
    assert finding["fix"] == f"set DB_HOST={stack.proxy['Endpoint']}"


def db_user_the_proxy_has_no_secret_for(stack):
    with function_environment(stack, DB_USER="reporting"):
        run = stack.doctor()
    assert run.code == 1
    # the function's role is allowed app_user only, so its grant misses too
    assert run.failed() == {"function.db-user", "function.rds-db-connect"}
    (finding,) = run.of("function.db-user")
    assert "no secret for DB_USER=reporting (its users: app_user)" in finding["message"]


def db_user_without_read_secrets_is_not_judged(stack):
    with function_environment(stack, DB_USER="reporting"):
        run = doctor.run(stack.env, "--proxy-name", PROXY, "--json")
    (finding,) = run.of("function.db-user")
    assert finding["status"] == "warn" and "--read-secrets" in finding["fix"]


def proxys_ingress_rule_from_the_function_removed(stack):
    rule = tcp(PORT, UserIdGroupPairs=[{"GroupId": stack.function_group}])
    with rule_replaced(stack, stack.proxy_group, "ingress", rule):
        finding = the_one(stack.doctor(), "network.proxy-ingress")
    assert f"no ingress rule of {stack.proxy_group} on tcp {PORT}" in finding["message"]
    assert finding["fix"] == (
        f"aws ec2 authorize-security-group-ingress --group-id {stack.proxy_group} --protocol tcp --port {PORT} "
        f"--source-group {stack.function_group}"
    )


def databases_ingress_rule_from_the_proxy_removed(stack):
    rule = tcp(PORT, UserIdGroupPairs=[{"GroupId": stack.proxy_group}])
    with rule_replaced(stack, stack.db_group, "ingress", rule):
        finding = the_one(stack.doctor(), "network.db-ingress")
    assert finding["fix"].endswith(
        f"--group-id {stack.db_group} --protocol tcp --port {PORT} --source-group {stack.proxy_group}"
    )


def proxys_egress_rule_to_the_database_removed(stack):
    rule = tcp(PORT, UserIdGroupPairs=[{"GroupId": stack.db_group}])
    with rule_replaced(stack, stack.proxy_group, "egress", rule):
        finding = the_one(stack.doctor(), "network.proxy-egress")
    assert f"no egress rule of {stack.proxy_group} on tcp {PORT}" in finding["message"]
    assert f"UserIdGroupPairs=[{{GroupId={stack.db_group}}}]" in finding["fix"]


def function_egress_narrowed_to_another_port(stack):
    old = tcp(PORT, UserIdGroupPairs=[{"GroupId": stack.proxy_group}])
    with rule_replaced(stack, stack.function_group, "egress", old, tcp(5432, IpRanges=[{"CidrIp": "10.30.0.0/16"}])):
        finding = the_one(stack.doctor(), "network.function-egress")
    assert f"UserIdGroupPairs=[{{GroupId={stack.proxy_group}}}]" in finding["fix"]


def proxy_role_secret_grant_moved_to_another_secret(stack):
    other = client(stack.env, "secretsmanager").create_secret(Name="another-db", SecretString="{}")["ARN"]
    read = {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": other}
    saved = client(stack.env, "iam").get_role_policy(RoleName=stack.proxy_role, PolicyName="read-proxy-secrets")
    decrypt = saved["PolicyDocument"]["Statement"][1]
    with role_policy(stack, stack.proxy_role, "read-proxy-secrets", [read, decrypt]):
        finding = the_one(stack.doctor(), "role.secret-access")
    assert finding["resource"] == stack.secret_arn
    assert f'"Resource": "{stack.secret_arn}"' in finding["fix"]


def decrypt_allowed_through_another_service(stack):
    saved = client(stack.env, "iam").get_role_policy(RoleName=stack.proxy_role, PolicyName="read-proxy-secrets")
    read, decrypt = saved["PolicyDocument"]["Statement"]
    elsewhere = {**decrypt, "Condition": {"StringEquals": {"kms:ViaService": "rds.us-east-1.amazonaws.com"}}}
    with role_policy(stack, stack.proxy_role, "read-proxy-secrets", [read, elsewhere]):
        finding = the_one(stack.doctor(), "role.kms-decrypt")
    assert "secretsmanager.us-east-1.amazonaws.com" in finding["fix"]


def tls_no_longer_required(stack):
    rds = client(stack.env, "rds")
    rds.modify_db_proxy(DBProxyName=PROXY, RequireTLS=False)
    try:
        finding = the_one(stack.doctor(), "proxy.tls")
    finally:
        rds.modify_db_proxy(DBProxyName=PROXY, RequireTLS=True)
    assert "--require-tls" in finding["fix"]


def target_reporting_auth_failure(stack):
    health = {"State": "UNAVAILABLE", "Reason": "AUTH_FAILURE", "Description": "Proxy can't log in with the secret"}
    set_target_health(stack.endpoint, PROXY, "app-db", health)
    try:
        finding = the_one(stack.doctor(), "target.health")
    finally:
        set_target_health(stack.endpoint, PROXY, "app-db", None)
    assert finding["message"] == "app-db UNAVAILABLE AUTH_FAILURE: Proxy can't log in with the secret"
    assert "username and password must match a database user" in finding["fix"]


def secret_scheduled_for_deletion(stack):
    secrets = client(stack.env, "secretsmanager")
    secrets.delete_secret(SecretId=stack.secret_arn, RecoveryWindowInDays=7)
    try:
        finding = the_one(stack.doctor(), "secret.state")
    finally:
        secrets.restore_secret(SecretId=stack.secret_arn)
    assert "scheduled for deletion" in finding["message"]
    assert finding["fix"] == f"aws secretsmanager restore-secret --secret-id {stack.secret_arn}"


def proxy_role_no_longer_trusted_by_rds(stack):
    iam = client(stack.env, "iam")
    saved = iam.get_role(RoleName=stack.proxy_role)["Role"]["AssumeRolePolicyDocument"]
    lambda_only = {**saved, "Statement": [{**saved["Statement"][0], "Principal": {"Service": "lambda.amazonaws.com"}}]}
    iam.update_assume_role_policy(RoleName=stack.proxy_role, PolicyDocument=json.dumps(lambda_only))
    try:
        the_one(stack.doctor(), "role.trust")
    finally:
        iam.update_assume_role_policy(RoleName=stack.proxy_role, PolicyDocument=json.dumps(saved))


def a_function_named_with_function_name_is_checked_alone(stack):
    run = stack.doctor("--function-name", FUNCTION)
    assert run.code == 0 and [f["message"] for f in run.of("function.found")] == ["named with --function-name"]
    missing = stack.doctor("--function-name", "no-such-function")
    assert (missing.code, missing.stdout) == (2, "")
    assert missing.stderr == "rds-proxy-doctor: error: no function named 'no-such-function' in us-east-1\n"


def no_such_proxy_exits_2(stack):
    run = doctor.run(stack.env, "--proxy-name", "no-such-proxy")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "rds-proxy-doctor: error: no proxy named 'no-such-proxy' in us-east-1\n"


def recent_metrics_warn(stack):
    """Data points put with PutMetricData, which AWS refuses in its AWS/ namespaces and moto takes: read back with
    GetMetricData. Left in place: no other case looks at metrics."""
    now = datetime.now(timezone.utc)
    proxy = [{"Name": "ProxyName", "Value": PROXY}]
    points = [
        ("ClientConnectionsSetupFailedAuth", proxy, 3.0),
        ("DatabaseConnections", proxy, 45.0),
        ("MaxDatabaseConnectionsAllowed", proxy, 50.0),
        (
            "AvailabilityPercentage",
            [*proxy, *({"Name": n, "Value": v} for n, v in (("TargetGroup", "default"), ("TargetRole", "READ_WRITE")))],
            50.0,
        ),
    ]
    client(stack.env, "cloudwatch").put_metric_data(
        Namespace="AWS/RDS",
        MetricData=[
            {"MetricName": name, "Dimensions": dims, "Value": value, "Timestamp": now - timedelta(minutes=5)}
            for name, dims, value in points
        ],
    )
    run = stack.doctor("--metrics", "1")
    assert run.code == 0
    found = {f["check"]: (f["status"], f["message"]) for f in run.findings if f["check"].startswith("metrics.")}
    assert found == {
        "metrics.failed-auth": ("warn", "3 client logins failed in the last 1 h"),
        "metrics.pinned-sessions": ("ok", "no pinned session in the last 1 h"),
        "metrics.connections": (
            "warn",
            "database connections reached 90% of the maximum the proxy may open in the last 1 h",
        ),
        "metrics.availability": ("warn", "READ_WRITE targets available only 50 % of the time at worst in the last 1 h"),
    }


# ------------------------------------------------------------------ right, but written differently


def a_wildcard_user_and_a_split_statement_raise_no_failure(stack):
    grants = [
        {"Effect": "Allow", "Action": "rds-db:connect", "Resource": stack.dbuser("*")},
        {"Effect": "Allow", "Action": ["rds-db:*"], "Resource": stack.dbuser("report_*")},
    ]
    saved = client(stack.env, "iam").get_role_policy(RoleName=stack.proxy_role, PolicyName="read-proxy-secrets")
    read, decrypt = saved["PolicyDocument"]["Statement"]
    split = [{**read, "Sid": "ReadOne"}, {**read, "Sid": "ReadTwo", "Resource": read["Resource"]}, decrypt]
    with (
        role_policy(stack, stack.function_role, stack.connect_policy, grants),
        role_policy(stack, stack.proxy_role, "read-proxy-secrets", split),
    ):
        run = stack.doctor()
    assert (run.code, run.failed()) == (0, set())
    (connect,) = run.of("function.rds-db-connect")
    assert connect["status"] == "ok"


def a_cidr_rule_and_an_all_traffic_rule_raise_no_failure(stack):
    by_group = tcp(PORT, UserIdGroupPairs=[{"GroupId": stack.function_group}])
    by_cidr = tcp(PORT, IpRanges=[{"CidrIp": "10.30.0.0/16"}])
    to_proxy = tcp(PORT, UserIdGroupPairs=[{"GroupId": stack.proxy_group}])
    everything = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    with (
        rule_replaced(stack, stack.proxy_group, "ingress", by_group, by_cidr),
        rule_replaced(stack, stack.function_group, "egress", to_proxy, everything),
    ):
        run = stack.doctor()
    assert (run.code, run.failed()) == (0, set()), run.failures()
    assert [f["status"] for f in run.of("network.proxy-ingress") + run.of("network.function-egress")] == ["ok", "ok"]


CLASSIC = [  # made to every function of examples/existing-functions too
    connect_policy_on_the_proxys_name,
    proxys_ingress_rule_from_the_function_removed,
    db_host_set_to_the_databases_address,
]
BREAKAGES = [
    *CLASSIC,
    connect_policy_on_the_databases_resource_id,
    connect_policy_in_another_region,
    db_user_the_proxy_has_no_secret_for,
    databases_ingress_rule_from_the_proxy_removed,
    proxys_egress_rule_to_the_database_removed,
    function_egress_narrowed_to_another_port,
    proxy_role_secret_grant_moved_to_another_secret,
    decrypt_allowed_through_another_service,
    tls_no_longer_required,
    target_reporting_auth_failure,
    secret_scheduled_for_deletion,
    proxy_role_no_longer_trusted_by_rds,
]
WITHOUT_FAILURE = [
    a_function_named_with_function_name_is_checked_alone,
    no_such_proxy_exits_2,
    db_user_without_read_secrets_is_not_judged,
    a_wildcard_user_and_a_split_statement_raise_no_failure,
    a_cidr_rule_and_an_all_traffic_rule_raise_no_failure,
    recent_metrics_warn,
]


def check_every_case(stack: Stack, subtests) -> None:
    """Each case as a subtest (examples/existing-database)."""
    check_cases([stack], BREAKAGES + WITHOUT_FAILURE, subtests)


def check_every_function(stacks: list[Stack], subtests) -> None:
    """The classic breakages made to each function (examples/existing-functions)."""
    check_cases(stacks, CLASSIC, subtests)


def check_cases(stacks: list[Stack], cases: list[Any], subtests) -> None:
    """Each case on each stack's function as a subtest. The doctor finds no failure before the first case and after
    the last; in between, a case that did not undo its breakage would show as a second failing check in the next
    (the_one)."""
    baseline = stacks[0].doctor()
    assert (baseline.code, baseline.failed()) == (0, set()), baseline.failures()
    for stack in stacks:
        for case in cases:
            with subtests.test(case.__name__, function=stack.function_name):
                case(stack)
    after = stacks[0].doctor()
    assert (after.code, after.failed()) == (0, set()), after.failures()
