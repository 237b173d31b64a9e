"""Checks of the network path: the proxy in the database's VPC and in two Availability Zones, and the security group
rules function -> proxy endpoint -> database on the port each side listens on.

Security groups are stateful: a connection needs an egress rule on the side that opens it and an ingress rule on the
side that accepts it; replies pass by themselves. A rule lets a peer through by naming one of its security groups, or
by CIDR blocks that cover the subnets the peer's addresses come from (IPv4). Protocol "-1" means every protocol and
port. Prefix-list rules are not resolved (that would need ec2:DescribeManagedPrefixLists): they make a missing rule a
warning, not a failure. Network ACLs are not checked.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from rds_proxy_tools.aws_rules import RULES
from rds_proxy_tools.doctor.findings import Finding, fail, ok, warn
from rds_proxy_tools.doctor.model import Endpoint, Function, Rule, SecurityGroup, Stack, TargetDatabase

# The port a proxy listens on: its engine family's default, whatever port the database uses (the module's rules,
# and SQL Server's).
PROXY_PORTS = {**RULES["proxy_ports"], "SQLSERVER": 1433}


def proxy_port(stack: Stack) -> int | None:
    return PROXY_PORTS.get(stack.engine_family)


@dataclass(frozen=True)
class Side:
    """One end of a connection: its security groups and the subnets its addresses come from."""

    what: str  # e.g. "function orders-api"
    groups: tuple[str, ...]
    subnets: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    status: str  # "yes", "partial", "unknown" or "no"
    how: str  # the rules that let it through, or what is missing


def opens_port(rule: Rule, port: int) -> bool:
    if rule.protocol in ("-1", "all"):
        return True
    if rule.protocol not in ("tcp", "6"):
        return False
    return rule.from_port <= port <= rule.to_port


def rule_text(group_id: str, rule: Rule, peer: str, direction: str) -> str:
    ports = "all traffic" if rule.protocol in ("-1", "all") else f"tcp {rule.from_port}-{rule.to_port}"
    return f"{group_id} {direction} {ports} {'to' if direction == 'egress' else 'from'} {peer}"


def allows(stack: Stack, side: Side, direction: str, port: int, peer: Side) -> Verdict:
    """Whether a rule of `side`'s groups lets `peer` through in `direction` ("ingress" or "egress") on `port`."""
    peer_cidrs = {s: stack.subnets[s].cidr for s in peer.subnets if s in stack.subnets}
    covered: dict[str, str] = {}
    prefix_lists: list[str] = []
    for group_id in side.groups:
        group = stack.groups.get(group_id, SecurityGroup())
        for rule in group.ingress if direction == "ingress" else group.egress:
            if not opens_port(rule, port):
                continue
            for peer_group in rule.group_ids:
                if peer_group in peer.groups:
                    return Verdict("yes", rule_text(group_id, rule, peer_group, direction))
            for block in rule.cidrs:
                network = ipaddress.ip_network(block, strict=False)
                for subnet_id, cidr in peer_cidrs.items():
                    if subnet_id not in covered and ipaddress.ip_network(cidr).subnet_of(network):
                        covered[subnet_id] = rule_text(group_id, rule, block, direction)
            prefix_lists += rule.prefix_lists
    if peer_cidrs and len(covered) == len(peer_cidrs):
        return Verdict("yes", "; ".join(sorted(set(covered.values()))))
    if covered:
        missing = sorted(set(peer_cidrs) - set(covered))
        return Verdict("partial", f"CIDR rules cover {peer.what}'s subnets only in part: not {', '.join(missing)}")
    if prefix_lists:
        return Verdict("unknown", f"only prefix lists ({', '.join(sorted(set(prefix_lists)))}) could allow it")
    return Verdict("no", f"no {direction} rule of {', '.join(side.groups) or 'its (no) groups'} on tcp {port}")


def rule_fix(side: Side, direction: str, port: int, peer: Side) -> str:
    """The exact rule to add: to the first group of `side`, naming the first group of `peer`."""
    group = side.groups[0] if side.groups else "<security group>"
    peer_group = peer.groups[0] if peer.groups else "<security group>"
    if direction == "ingress":
        return (
            f"aws ec2 authorize-security-group-ingress --group-id {group} --protocol tcp --port {port} "
            f"--source-group {peer_group}"
        )
    return (
        f"aws ec2 authorize-security-group-egress --group-id {group} --ip-permissions "
        f"'IpProtocol=tcp,FromPort={port},ToPort={port},UserIdGroupPairs=[{{GroupId={peer_group}}}]'"
    )


def path_finding(
    stack: Stack, check_id: str, resource: str, side: Side, direction: str, port: int, peer: Side
) -> Finding:
    verdict = allows(stack, side, direction, port, peer)
    word = "out to" if direction == "egress" else "in from"
    if verdict.status == "yes":
        return ok(check_id, resource, f"{side.what} lets {word} {peer.what} on {port}: {verdict.how}")
    message = f"{side.what} does not let {word} {peer.what} on tcp {port}: {verdict.how}"
    if verdict.status == "no":
        return fail(check_id, resource, message, rule_fix(side, direction, port, peer))
    return warn(check_id, resource, message, rule_fix(side, direction, port, peer))


def proxy_side(stack: Stack, endpoint: Endpoint | None = None) -> Side:
    if endpoint is not None and not endpoint.is_default:
        return Side(f"proxy endpoint {endpoint.name}", endpoint.security_group_ids, endpoint.subnet_ids)
    return Side(f"proxy {stack.name}", stack.proxy.security_group_ids, stack.proxy.subnet_ids)


def database_side(database: TargetDatabase) -> Side:
    return Side(f"{database.kind} {database.identifier}", database.security_group_ids, database.subnet_ids)


def function_side(function: Function) -> Side:
    return Side(f"function {function.name}", function.security_group_ids, function.subnet_ids)


def check(stack: Stack) -> list[Finding]:
    findings = [*vpc(stack), subnets(stack)]
    proxy = proxy_side(stack)
    for database in stack.databases:
        if not database.found or database.port is None:
            continue
        db = database_side(database)
        findings.append(path_finding(stack, "network.proxy-egress", stack.arn, proxy, "egress", database.port, db))
        findings.append(path_finding(stack, "network.db-ingress", database.arn, db, "ingress", database.port, proxy))
    return findings


def vpc(stack: Stack) -> list[Finding]:
    findings = []
    proxy_vpc = stack.proxy.vpc_id
    for database in stack.databases:
        if not database.found or not database.vpc_id:
            continue
        if database.vpc_id == proxy_vpc:
            findings.append(ok("network.vpc", stack.arn, f"proxy and {database.identifier} in {proxy_vpc}"))
        else:
            findings.append(
                fail(
                    "network.vpc",
                    stack.arn,
                    f"the proxy is in {proxy_vpc}, {database.identifier} in {database.vpc_id}: a proxy must be in its "
                    "database's VPC",
                    f"create the proxy in {database.vpc_id} (module: vpc_id and subnet_ids of the database's VPC)",
                )
            )
    return findings


def subnets(stack: Stack) -> Finding:
    ids = stack.proxy.subnet_ids
    vpc_id = next((d.vpc_id for d in stack.databases if d.found and d.vpc_id), stack.proxy.vpc_id)
    missing = [s for s in ids if s not in stack.subnets]
    elsewhere = [s for s in ids if s in stack.subnets and stack.subnets[s].vpc_id != vpc_id]
    zones = sorted({stack.subnets[s].availability_zone for s in ids if s in stack.subnets})
    if missing or elsewhere:
        what = f"{', '.join(missing)} no longer exist" if missing else f"{', '.join(elsewhere)} are not in {vpc_id}"
        return fail(
            "network.subnets",
            stack.arn,
            f"the proxy's subnets {what}",
            f"give the proxy subnets of {vpc_id} in two Availability Zones (module: subnet_ids)",
        )
    if len(zones) < 2:
        return fail(
            "network.subnets",
            stack.arn,
            f"the proxy's subnets are all in {', '.join(zones) or 'no zone'}: RDS Proxy needs subnets in at least two "
            "Availability Zones",
            f"add a subnet of {vpc_id} in another Availability Zone (module: subnet_ids)",
        )
    return ok("network.subnets", stack.arn, f"{len(ids)} subnets of {vpc_id} in {', '.join(zones)}")
