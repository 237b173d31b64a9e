"""Checks of the proxy itself: status, TLS, auth entries, engine family, debug logging, pool settings."""

from __future__ import annotations

from rds_proxy_tools.aws_rules import RULES
from rds_proxy_tools.doctor.findings import Finding, fail, ok, warn
from rds_proxy_tools.doctor.model import Stack

# Engines of each engine family (RDS's Engine values); DBProxy.EngineFamily in the RDS API reference.
ENGINES = {
    "MYSQL": ("mysql", "mariadb", "aurora-mysql", "aurora"),
    "POSTGRESQL": ("postgres", "aurora-postgresql"),
    "SQLSERVER": ("sqlserver-ee", "sqlserver-se", "sqlserver-ex", "sqlserver-web"),
}
# The module's own rules (modules/aws_rules.json), and SQL Server's, which the module does not make proxies for.
PASSWORD_AUTH_TYPES = {**RULES["client_password_auth_types"], "SQLSERVER": ["SQL_SERVER_AUTHENTICATION"]}
IN_PROGRESS = ("creating", "modifying", "reactivating")
STATUS_FIXES = {
    "incompatible-network": "the proxy cannot reach its subnets: check they still exist, have free IP addresses, and "
    "that the VPC's DNS settings are on; then aws rds modify-db-proxy or recreate it",
    "insufficient-resource-limits": "an account quota (ENIs or IP addresses in the subnets) is reached: raise it or "
    "free addresses in the proxy's subnets",
    "suspended": "RDS suspended the proxy (it could not reach its resources for a long time): fix its network or "
    "role, then it reactivates on the next connection",
    "suspending": "RDS is suspending the proxy: fix its network or role",
    "deleting": "the proxy is being deleted: apply the stack again to recreate it",
}


def check(stack: Stack) -> list[Finding]:
    return [
        status(stack),
        tls(stack),
        *auth_entries(stack),
        *engine(stack),
        debug_logging(stack),
        *pool(stack),
    ]


def status(stack: Stack) -> Finding:
    state = stack.proxy.status
    if state == "available":
        return ok("proxy.status", stack.arn, "available")
    if state in IN_PROGRESS:
        return warn(
            "proxy.status", stack.arn, f"{state}", "wait until the proxy is available, then run the doctor again"
        )
    return fail(
        "proxy.status",
        stack.arn,
        f"{state}: clients cannot connect",
        STATUS_FIXES.get(state, "see the proxy's events and log group"),
    )


def tls(stack: Stack) -> Finding:
    if stack.proxy.require_tls:
        return ok("proxy.tls", stack.arn, "TLS required")
    return fail(
        "proxy.tls",
        stack.arn,
        "TLS is not required: clients may send IAM tokens and passwords in clear",
        f"aws rds modify-db-proxy --db-proxy-name {stack.name} --require-tls (module: require_tls = true)",
    )


def auth_entries(stack: Stack) -> list[Finding]:
    """Each auth entry on its own: its IAM setting and its password auth type."""
    entries = stack.proxy.auth
    if not entries:
        return [
            fail(
                "proxy.iam-auth",
                stack.arn,
                "the proxy has no auth entry: it has no credentials for the database",
                "give the proxy a Secrets Manager secret (module: existing_secrets or create_secret)",
            )
        ]
    family = stack.engine_family
    findings = []
    for entry in entries:
        resource = entry.secret_arn or stack.arn
        iam_auth = entry.iam_auth
        password_type = entry.client_password_auth_type
        if password_type and password_type not in PASSWORD_AUTH_TYPES.get(family, ()):
            findings.append(
                fail(
                    "proxy.iam-auth",
                    resource,
                    f"ClientPasswordAuthType {password_type} is not one of a {family} proxy",
                    f"set client_password_auth_type to one of {', '.join(PASSWORD_AUTH_TYPES.get(family, ()))}",
                )
            )
        elif iam_auth == "REQUIRED":
            findings.append(ok("proxy.iam-auth", resource, "IAM authentication REQUIRED"))
        elif iam_auth == "ENABLED":
            findings.append(
                warn(
                    "proxy.iam-auth",
                    resource,
                    "IAM authentication ENABLED: clients may log in with the secret's password as well as with a token",
                    "set the entry's iam_auth to REQUIRED unless clients log in with the password",
                )
            )
        else:
            findings.append(
                warn(
                    "proxy.iam-auth",
                    resource,
                    "IAM authentication DISABLED: clients log in as this secret's user with its password; IAM tokens "
                    "are refused",
                    "set the entry's iam_auth to REQUIRED for functions that log in with IAM tokens",
                )
            )
    return findings


def engine(stack: Stack) -> list[Finding]:
    family = stack.engine_family
    findings = []
    for database in stack.databases:
        if not database.found:
            continue
        if database.engine in ENGINES.get(family, ()):
            findings.append(ok("proxy.engine", database.arn, f"{family} proxy, {database.engine} {database.kind}"))
        else:
            findings.append(
                fail(
                    "proxy.engine",
                    database.arn,
                    f"a {family} proxy cannot speak to the {database.engine} {database.kind} {database.identifier}",
                    f"register a {family} database, or create a proxy with the engine family of {database.engine}",
                )
            )
    return findings


def debug_logging(stack: Stack) -> Finding:
    if not stack.proxy.debug_logging:
        return ok("proxy.debug-logging", stack.arn, "debug logging off")
    return warn(
        "proxy.debug-logging",
        stack.arn,
        "debug logging on: the proxy logs the text of every SQL statement, with its data",
        f"aws rds modify-db-proxy --db-proxy-name {stack.name} --no-debug-logging (module: debug_logging = false)",
    )


def pool(stack: Stack) -> list[Finding]:
    group = stack.target_group
    if group is None:
        return []
    resource = group.arn or stack.arn
    findings = []
    max_pct, idle_pct = group.max_connections_percent, group.max_idle_connections_percent
    if max_pct is not None and idle_pct is not None and idle_pct > max_pct:
        findings.append(
            fail(
                "proxy.pool",
                resource,
                f"MaxIdleConnectionsPercent {idle_pct} is above MaxConnectionsPercent {max_pct}",
                f"set max_idle_connections_percent to at most {max_pct}",
            )
        )
    filters = group.session_pinning_filters
    if filters and not RULES["session_pinning_filters"].get(stack.engine_family):
        findings.append(
            fail(
                "proxy.pool",
                resource,
                f"session pinning filters {', '.join(filters)} on a {stack.engine_family} proxy: AWS supports them for "
                "the MySQL engine family only",
                "set session_pinning_filters = [] (on PostgreSQL, avoid what pins instead: SET, named prepared "
                "statements, temporary tables, advisory locks)",
            )
        )
    if not findings:
        findings.append(
            ok("proxy.pool", resource, f"max {max_pct} %, idle {idle_pct} %, pinning filters {list(filters) or 'none'}")
        )
    return findings
