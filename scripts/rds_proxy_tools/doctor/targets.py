"""Checks of the proxy's targets: registered, existing, the writer, and their health as RDS reports it."""

from __future__ import annotations

from rds_proxy_tools.doctor.findings import Finding, fail, ok, warn
from rds_proxy_tools.doctor.model import Stack


def check(stack: Stack) -> list[Finding]:
    return [*registered(stack), *health(stack)]


def registered(stack: Stack) -> list[Finding]:
    if not stack.targets:
        return [
            fail(
                "target.registered",
                stack.arn,
                "no target registered: the proxy has no database to connect to",
                f"aws rds register-db-proxy-targets --db-proxy-name {stack.name} --db-instance-identifiers <id> "
                "(module: db_instance_identifier or db_cluster_identifier)",
            )
        ]
    findings = []
    for database in stack.databases:
        resource = database.arn or database.identifier
        if not database.found:
            findings.append(
                fail(
                    "target.registered",
                    resource,
                    f"the registered {database.kind} {database.identifier} does not exist",
                    f"deregister it and register the database that replaced it (aws rds deregister-db-proxy-targets "
                    f"--db-proxy-name {stack.name} ...)",
                )
            )
        elif database.replica_of:
            findings.append(
                fail(
                    "target.registered",
                    resource,
                    f"{database.identifier} is a read replica of {database.replica_of}: a proxy can only have the "
                    "writer as its target",
                    f"register {database.replica_of} instead",
                )
            )
        else:
            findings.append(
                ok("target.registered", resource, f"{database.kind} {database.identifier} ({database.status})")
            )
    return findings


# What to look at for each TargetHealth reason (RDS API reference, TargetHealth; RDS Proxy troubleshooting guide).
HEALTH_FIXES = {
    "AUTH_FAILURE": "the proxy could not log in to the database with the secret's credentials: the secret's username "
    "and password must match a database user (reset the user's password to the secret's, or put the right one in the "
    "secret), and the role must be able to read and decrypt the secret (see the role.* checks)",
    "UNREACHABLE": "the proxy cannot reach the database: check the security group rules from the proxy to the "
    "database on its port (network.* checks), network ACLs, and that the database is available",
    "CONNECTION_FAILED": "the database refused the connection: check that it is available, that it accepts "
    "connections on its port, that it is not at max_connections, and its TLS settings",
    "PENDING_PROXY_CAPACITY": "the proxy is scaling: connect again once the scaling completes; if it lasts, check the "
    "proxy's subnets have free IP addresses",
    "INVALID_REPLICATION_STATE": "the target's replication is broken (a reader out of sync, or a failover under way): "
    "check the cluster's events and the replica's status",
    "PROMOTED": "the target was promoted out of its cluster or replication: register the current writer",
}


def health(stack: Stack) -> list[Finding]:
    findings = []
    for target in stack.targets:
        target_health = target.health
        if target_health is None:
            continue  # e.g. the TRACKED_CLUSTER entry of an Aurora cluster: its instances report health
        resource = target.arn or target.rds_resource_id or stack.arn
        name = target.rds_resource_id or "target"
        state, reason = target_health.state, target_health.reason
        said = f": {target_health.description}" if target_health.description else ""
        if state == "AVAILABLE":
            findings.append(ok("target.health", resource, f"{name} AVAILABLE"))
        elif state == "REGISTERING":
            findings.append(
                warn(
                    "target.health",
                    resource,
                    f"{name} REGISTERING{said}",
                    "wait a few minutes for the first health check, then run the doctor again",
                )
            )
        elif state == "UNUSED":
            findings.append(
                warn(
                    "target.health",
                    resource,
                    f"{name} UNUSED{said}: the proxy routes no connection to it",
                    "normal for a cluster member outside the endpoint's role; otherwise check the target's role",
                )
            )
        else:
            fix = HEALTH_FIXES.get(reason or "", "read the Description and the proxy's log group")
            findings.append(fail("target.health", resource, f"{name} {state} {reason or ''}".rstrip() + said, fix))
    if stack.targets and not findings:
        findings.append(
            warn(
                "target.health",
                stack.arn,
                "no target reports its health",
                f"aws rds describe-db-proxy-targets --db-proxy-name {stack.name}",
            )
        )
    return findings
