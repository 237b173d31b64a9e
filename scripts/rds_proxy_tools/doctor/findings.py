"""What a check finds: its stable id, a status, the resource it is about, what it saw and, when it fails or
warns, the fix. CHECKS is the vocabulary of ids, each with what it checks; the table in scripts/README.md is
generated from it (`make docs`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

OK, WARN, FAIL = "ok", "warn", "fail"

# id -> what the check looks at. Ids are stable: CI scripts may match on them.
CHECKS: dict[str, str] = {
    "proxy.status": "The proxy's status is `available`.",
    "proxy.tls": "The proxy requires TLS (`RequireTLS`), so IAM tokens and passwords never travel in clear.",
    "proxy.iam-auth": "Each auth entry's `IAMAuth` (per secret): `REQUIRED` for functions that log in with IAM "
    "tokens, and a `ClientPasswordAuthType` of the proxy's engine family.",
    "proxy.engine": "The proxy's engine family fits each target's engine (MYSQL: MySQL, MariaDB, Aurora MySQL; "
    "POSTGRESQL: PostgreSQL, Aurora PostgreSQL).",
    "proxy.debug-logging": "Debug logging is off (it writes the SQL text, with its data, to the proxy's logs).",
    "proxy.pool": "Pool settings that can work: idle connections not above the maximum; session pinning filters "
    "only on MySQL (AWS supports them for MySQL only).",
    "target.registered": "The default target group has a DB instance or Aurora cluster registered, which exists and is "
    "no read replica.",
    "target.health": "Each target's `TargetHealth` as RDS reports it (`DescribeDBProxyTargets`); each reason "
    "(`AUTH_FAILURE`, `UNREACHABLE`, ...) turned into what to look at.",
    "secret.state": "Each auth secret exists, in the proxy's region, and is not scheduled for deletion.",
    "secret.key": "Each secret's KMS key is enabled (a customer managed key or the AWS-managed `aws/secretsmanager`).",
    "secret.content": "With `--read-secrets`: the secret's JSON has a non-empty `username` and `password` (neither "
    "is printed).",
    "role.trust": "The proxy's role exists and its trust policy lets `rds.amazonaws.com` assume it.",
    "role.secret-access": "The role may `secretsmanager:GetSecretValue` on each auth secret (inline and attached "
    "policies within any permissions boundary, and the secret's resource policy).",
    "role.kms-decrypt": "The role may `kms:Decrypt` with each secret's customer managed key through Secrets Manager "
    "(`kms:ViaService` = `secretsmanager.<region>.amazonaws.com`).",
    "role.key-policy": "Each such key's policy lets the role use it (by name, or by delegating to the account's IAM "
    "policies).",
    "role.wide-grants": "No grant far wider than the proxy needs: `SecretsManagerReadWrite`, or secret reads and "
    'decryption on `Resource: "*"`.',
    "network.vpc": "The proxy is in the database's VPC.",
    "network.subnets": "The proxy's subnets are in the database's VPC, in at least two Availability Zones.",
    "network.proxy-egress": "A rule of the proxy's security groups lets it out to the database on its port (to a "
    "group of the database, or CIDRs covering its subnets).",
    "network.db-ingress": "A rule of the database's security groups lets the proxy in on that port (from a group of "
    "the proxy, or CIDRs covering its subnets).",
    "network.function-egress": "For each function: a rule of its security groups lets it out to the proxy endpoint "
    "it uses, on the proxy's port.",
    "network.proxy-ingress": "For each function: a rule of that endpoint's security groups lets the function in on "
    "the proxy's port.",
    "function.found": "The functions named with `--function-name` exist; without it, some function's environment "
    "points at the proxy or its database.",
    "function.vpc": "The function runs in the proxy's VPC (the proxy has no public address).",
    "function.db-host": "`DB_HOST` (else the variable found to hold an address of the proxy or its database, as a "
    "host, `host:port` or a URL's host) is the address of a read/write endpoint of the proxy, not the database's own.",
    "function.db-read-host": "`DB_READ_HOST`, when set, is the address of one of the proxy's endpoints.",
    "function.db-port": "`DB_PORT` (else the port of that `host:port` or URL, or the URL scheme's default) is the "
    "port the proxy listens on (its engine's: 3306 MySQL, 5432 PostgreSQL); a warning when none can be read.",
    "function.db-user": "`DB_USER` (else that URL's user) is a user the proxy has a secret for, whose auth entry takes "
    "IAM tokens (the users are known from the secrets' JSON with `--read-secrets`, or from an auth entry's "
    "`UserName`); a warning when no user can be read from a function without `DB_HOST`.",
    "function.rds-db-connect": "The function's role may `rds-db:connect` on "
    "`arn:<partition>:rds-db:<region>:<account>:dbuser:<prx-id>/<user>` for the user read; a miss names the "
    "classic mistakes (the proxy's name, a `db-` resource id, another region, account or user).",
    "iam.role-quotas": "Each role read (the proxy's, each function's) has room under IAM's quotas on a role for this "
    "module's next grant: a warning at 90 % of them, when its inline policies take 9,216 of their 10,240 characters "
    "(white space not counted) and some are not the module's, or 9 managed policies are attached (10 by default, 20 "
    "once the quota is raised; the doctor reads the count against the default).",
    "iam.simulated": "With `--simulate`: AWS's evaluator (`iam:SimulatePrincipalPolicy`) gives the local verdicts "
    "on each role's identity policies and boundary (it evaluates no resource policy for roles).",
    "metrics.failed-auth": "With `--metrics HOURS`: no failed client logins (`ClientConnectionsSetupFailedAuth`).",
    "metrics.pinned-sessions": "With `--metrics HOURS`: no sessions pinned to a database connection "
    "(`DatabaseConnectionsCurrentlySessionPinned`).",
    "metrics.connections": "With `--metrics HOURS`: database connections stayed below 80 % of the maximum the proxy "
    "may open (`DatabaseConnections` / `MaxDatabaseConnectionsAllowed`).",
    "metrics.availability": "With `--metrics HOURS`: each target role was available 100 % of the time "
    "(`AvailabilityPercentage`).",
}


@dataclass(frozen=True)
class Finding:
    check: str  # a key of CHECKS
    status: str  # OK, WARN or FAIL
    resource: str  # ARN or id of what it is about
    message: str  # what the check saw
    fix: str | None = None  # for WARN and FAIL: the exact rule, policy line or setting to change

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise ValueError(f"unknown check id {self.check!r}")
        if self.status not in (OK, WARN, FAIL):
            raise ValueError(f"unknown status {self.status!r}")

    def as_json(self) -> dict[str, str | None]:
        return asdict(self)


def ok(check: str, resource: str, message: str) -> Finding:
    return Finding(check, OK, resource, message)


def warn(check: str, resource: str, message: str, fix: str) -> Finding:
    return Finding(check, WARN, resource, message, fix)


def fail(check: str, resource: str, message: str, fix: str) -> Finding:
    return Finding(check, FAIL, resource, message, fix)
