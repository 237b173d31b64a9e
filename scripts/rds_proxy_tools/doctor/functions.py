"""Checks of the functions that use the proxy, of any runtime: in its VPC, the environment (DB_HOST, DB_READ_HOST,
DB_PORT, DB_USER as rds_connect reads them; else the variable whose value holds an address of the proxy or its
database, as a host, `host:port` or a URL such as DATABASE_URL), the security group rules to the endpoint they use,
and their role's rds-db:connect grant.

Without --read-secrets the doctor knows the proxy's users only from auth entries that carry a UserName (AWS returns
one only when it was given); the users are in the secrets' JSON, which --read-secrets reads.
"""

from __future__ import annotations

from rds_proxy_tools.doctor import iam_checks, network
from rds_proxy_tools.doctor.findings import Finding, fail, ok, warn
from rds_proxy_tools.doctor.model import AuthEntry, Connection, Endpoint, Function, Stack


def check(stack: Stack) -> list[Finding]:
    if not stack.functions:
        return [
            warn(
                "function.found",
                stack.arn,
                "no function's environment points at the proxy or its database",
                "name the functions that use it: --function-name NAME (repeat for several)",
            )
        ]
    findings = []
    for function in stack.functions:
        findings += check_function(stack, function)
    return findings


def endpoint_of(stack: Stack, host: str) -> Endpoint | None:
    return next((e for e in stack.endpoints if e.address.lower() == host.lower()), None)


def database_of(stack: Stack, host: str) -> str | None:
    for database in stack.databases:
        if host.lower() in (a.lower() for a in database.addresses):
            return f"{database.kind} {database.identifier}"
    return None


def connection_of(stack: Stack, function: Function) -> Connection | None:
    """The connection the checks read: DB_HOST's, else the first variable's whose host is an address of the proxy's
    endpoints or of its database (DB_READ_HOST aside)."""
    every = function.connections
    named = next((c for c in every if c.variable == "DB_HOST"), None)
    if named is not None:
        return named
    return next(
        (
            c
            for c in every
            if c.variable != "DB_READ_HOST" and (endpoint_of(stack, c.host) or database_of(stack, c.host))
        ),
        None,
    )


def check_function(stack: Stack, function: Function) -> list[Finding]:
    connection = connection_of(stack, function)
    reader = next((c for c in function.connections if c.variable == "DB_READ_HOST"), None)
    hosts, used = [], []
    for check_id, read in (("function.db-host", connection), ("function.db-read-host", reader)):
        result, endpoint = host(stack, function, check_id, read)
        hosts += [result] if result is not None else []
        used += [endpoint] if endpoint is not None else []
    default = next((e for e in stack.endpoints if e.is_default), None)
    used = list({id(e): e for e in used}.values()) or [default]
    findings = [found(stack, function), vpc(stack, function, used[0]), *hosts, port(stack, function, connection)]
    user, variable = function.environment.get("DB_USER", "").strip(), "DB_USER"
    if not user and connection is not None and connection.user:
        user, variable = connection.user, connection.variable
    findings.append(db_user(stack, function, user, variable, connection))
    if user:
        findings.append(iam_checks.connect(stack, function, user))
    if function.subnet_ids:
        for endpoint in used:
            findings += paths(stack, function, endpoint)
    return findings


def found(stack: Stack, function: Function) -> Finding:
    how = (
        "named with --function-name" if stack.functions_named else "its environment points at the proxy or its database"
    )
    return ok("function.found", function.arn, how)


def vpc(stack: Stack, function: Function, endpoint: Endpoint | None) -> Finding:
    """In the VPC of the endpoint the function uses: the proxy's, or a cross-VPC endpoint's own."""
    wanted = (endpoint.vpc_id if endpoint else "") or stack.proxy.vpc_id
    if not function.subnet_ids:
        return fail(
            "function.vpc",
            function.arn,
            f"{function.name} is not in a VPC: the proxy is reachable only from inside {wanted}",
            f"give the function subnets of {wanted} and a security group (vpc_config)",
        )
    vpcs = {stack.subnets[s].vpc_id for s in function.subnet_ids if s in stack.subnets}
    if vpcs == {wanted}:
        return ok("function.vpc", function.arn, f"in {wanted}")
    return fail(
        "function.vpc",
        function.arn,
        f"{function.name} is in {', '.join(sorted(v for v in vpcs if v)) or 'unknown subnets'}, not in the VPC of "
        f"the proxy endpoint it uses, {wanted}",
        f"give the function subnets of {wanted} (vpc_config.subnet_ids)",
    )


def set_host(connection: Connection, address: str) -> str:
    if connection.source == "value":
        return f"set {connection.variable}={address}"
    return f"set the host in {connection.variable} to {address}"


def host(
    stack: Stack, function: Function, check_id: str, connection: Connection | None
) -> tuple[Finding | None, Endpoint | None]:
    """The finding on the host the function connects to (DB_HOST's or another variable's) or on DB_READ_HOST, and
    the endpoint it names (None: none of the proxy's)."""
    default = stack.proxy.address
    if connection is None:
        if check_id == "function.db-read-host":
            return None, None
        return (
            fail(check_id, function.arn, f"{function.name} has no DB_HOST", f"set DB_HOST={default}"),
            None,
        )
    variable = connection.variable
    said = (
        f"{variable}={connection.host}" if connection.source == "value" else f"the host {connection.host} in {variable}"
    )
    endpoint = endpoint_of(stack, connection.host)
    if endpoint is not None:
        role = endpoint.target_role
        name = endpoint.name or stack.name
        holds = "is" if connection.source == "value" else f"holds ({connection.source})"
        if check_id == "function.db-host" and role == "READ_ONLY":
            return (
                warn(
                    check_id,
                    function.arn,
                    f"{variable} {holds} the READ_ONLY endpoint {name}: writes through it fail",
                    f"{set_host(connection, default)} and give the reader endpoint as DB_READ_HOST",
                ),
                endpoint,
            )
        return ok(check_id, function.arn, f"{variable} {holds} the proxy's {role} endpoint {name}"), endpoint
    database = database_of(stack, connection.host)
    if database is not None:
        return (
            fail(
                check_id,
                function.arn,
                f"{said} is the address of the {database} itself: the function bypasses the proxy "
                "(its pool and its IAM authentication)",
                set_host(connection, default),
            ),
            None,
        )
    return (
        fail(
            check_id,
            function.arn,
            f"{said} is none of the proxy's endpoints",
            set_host(connection, default)
            + (
                "" if len(stack.endpoints) < 2 else f" (or another of: {', '.join(e.address for e in stack.endpoints)})"
            ),
        ),
        None,
    )


def port(stack: Stack, function: Function, connection: Connection | None) -> Finding:
    expected = network.proxy_port(stack)
    value = function.environment.get("DB_PORT", "").strip()
    if not value and connection is not None and (connection.default_port or connection.variable != "DB_HOST"):
        return port_in(stack, function, connection, expected)
    if value == str(expected):
        return ok("function.db-port", function.arn, f"DB_PORT={value}")
    said = f"DB_PORT={value}" if value else "no DB_PORT"
    return fail(
        "function.db-port",
        function.arn,
        f"{said}: a {stack.engine_family} proxy listens on {expected}",
        f"set DB_PORT={expected}",
    )


def port_in(stack: Stack, function: Function, connection: Connection, expected: int | None) -> Finding:
    """The port the connection's variable gives (no DB_PORT): its own, or its URL scheme's default."""
    variable, read = connection.variable, connection.default_port
    if read is None:
        return warn(
            "function.db-port",
            function.arn,
            f"no port could be read: no DB_PORT, and {variable} gives none",
            f"check that the function connects on port {expected}, or give it as {connection.host}:{expected}",
        )
    said = (
        f"the port {read} in {variable}"
        if connection.port is not None
        else f"{variable} gives no port: {connection.scheme}'s default {read}"
    )
    if read == expected:
        return ok("function.db-port", function.arn, said)
    return fail(
        "function.db-port",
        function.arn,
        f"{said}: a {stack.engine_family} proxy listens on {expected}",
        f"set the port in {variable} to {expected}",
    )


def proxy_users(stack: Stack) -> tuple[dict[str, AuthEntry], bool]:
    """The users the proxy has secrets for, with their auth entries; and whether every entry's user is known."""
    users: dict[str, AuthEntry] = {}
    secrets = {secret.arn: secret for secret in stack.secrets}
    every = True
    for entry in stack.proxy.auth:
        secret = secrets.get(entry.secret_arn)
        name = entry.user_name or (secret.content.username if secret and secret.content else None)
        if name:
            users[name] = entry
        else:
            every = False
    return users, every


def db_user(stack: Stack, function: Function, user: str, variable: str, connection: Connection | None) -> Finding:
    """The user read from `variable` (DB_USER, or a URL's user)."""
    if not user:
        if connection is None or connection.variable == "DB_HOST":
            return fail(
                "function.db-user", function.arn, f"{function.name} has no DB_USER", "set DB_USER=<database user>"
            )
        return warn(
            "function.db-user",
            function.arn,
            f"no database user could be read (looked at DB_USER and {connection.variable}): the user and its "
            "rds-db:connect grant are not checked",
            f"set DB_USER=<database user>, or give the user in {connection.variable}, to have them checked",
        )
    said = f"DB_USER={user}" if variable == "DB_USER" else f"the user {user} in {variable}"
    users, every = proxy_users(stack)
    entry = users.get(user)
    if entry is not None:
        if entry.iam_auth == "DISABLED":
            return fail(
                "function.db-user",
                function.arn,
                f"the proxy's auth entry for {user} has IAM authentication DISABLED: the function's IAM token is "
                "refused",
                f"set that entry's iam_auth to REQUIRED ({entry.secret_arn})",
            )
        return ok("function.db-user", function.arn, f"{said} has a secret of the proxy")
    if not users and not stack.read_secrets:
        return warn(
            "function.db-user",
            function.arn,
            f"{said} not checked: the proxy's users are in its secrets' JSON",
            "run with --read-secrets (needs secretsmanager:GetSecretValue and kms:Decrypt) to check it",
        )
    known = ", ".join(sorted(users))
    if not every:
        verdict = f"is none of the users known ({known}), and" if users else "not checked:"
        return warn(
            "function.db-user",
            function.arn,
            f"{said} {verdict} some of the proxy's secrets could not be read",
            "check the secrets' username fields (see the secret.* checks)",
        )
    return fail(
        "function.db-user",
        function.arn,
        f"the proxy has no secret for {said} (its users: {known}): the proxy refuses the login",
        f"set {'DB_USER' if variable == 'DB_USER' else 'the user in ' + variable} to one of {known}, or give the proxy "
        f"a secret for {user} "
        "(module: existing_secrets, with its username)",
    )


def paths(stack: Stack, function: Function, endpoint: Endpoint | None) -> list[Finding]:
    """The rules function -> endpoint: the function's egress and the endpoint's ingress, on the proxy's port."""
    listen = network.proxy_port(stack)
    if listen is None:
        return []
    caller, proxy = network.function_side(function), network.proxy_side(stack, endpoint)
    resource = (endpoint.arn or stack.arn) if endpoint else stack.arn
    return [
        network.path_finding(stack, "network.function-egress", function.arn, caller, "egress", listen, proxy),
        network.path_finding(stack, "network.proxy-ingress", resource, proxy, "ingress", listen, caller),
    ]
