"""Checks of the proxy's secrets: there, in its region, not being deleted, their key usable, their JSON complete."""

from __future__ import annotations

from rds_proxy_tools.doctor.findings import Finding, fail, ok
from rds_proxy_tools.doctor.model import Secret, Stack


def check(stack: Stack) -> list[Finding]:
    findings = []
    for secret in stack.secrets:
        findings.append(state(stack, secret))
        if secret.found and not secret.deleted:
            findings.append(key(secret))
            if stack.read_secrets:
                findings.append(content(secret))
    return findings


def name(secret: Secret) -> str:
    return secret.name or secret.arn.rsplit(":", 1)[-1]


def state(stack: Stack, secret: Secret) -> Finding:
    if secret.region != stack.region:
        return fail(
            "secret.state",
            secret.arn,
            f"in {secret.region or 'no region'}, not the proxy's region {stack.region}: the proxy cannot read it",
            f"replicate or copy the secret into {stack.region} and give the proxy that ARN",
        )
    if not secret.found:
        return fail(
            "secret.state",
            secret.arn,
            "does not exist: the proxy has no credentials for this auth entry",
            "create the secret again (apply the stack) or remove the auth entry",
        )
    deleted = secret.deleted
    if deleted:
        return fail(
            "secret.state",
            secret.arn,
            f"scheduled for deletion on {deleted:%Y-%m-%d}: Secrets Manager refuses to read it, so the proxy cannot "
            "log in to the database",
            f"aws secretsmanager restore-secret --secret-id {secret.arn}",
        )
    return ok("secret.state", secret.arn, f"exists, in {secret.region}")


def key(secret: Secret) -> Finding:
    if secret.key is None:
        return ok("secret.key", secret.arn, "encrypted with the AWS-managed key aws/secretsmanager")
    key_state = secret.key.state
    arn = secret.key.arn
    if key_state == "Enabled":
        manager = "customer managed" if secret.key.manager == "CUSTOMER" else "AWS-managed"
        return ok("secret.key", arn, f"{manager} key, enabled")
    fixes = {
        "Disabled": f"aws kms enable-key --key-id {arn}",
        "PendingDeletion": f"aws kms cancel-key-deletion --key-id {arn} && aws kms enable-key --key-id {arn}",
        "NotFound": "the key is gone: the secret cannot be decrypted; put the credentials in a new secret",
    }
    return fail(
        "secret.key",
        arn,
        f"{key_state}: Secrets Manager cannot decrypt {name(secret)} for the proxy",
        fixes.get(key_state, f"make the key usable (state {key_state})"),
    )


def content(secret: Secret) -> Finding:
    found = secret.content
    if found is None:
        return fail(
            "secret.content",
            secret.arn,
            "has no value to read",
            'put the credentials in it: {"username": ..., "password": ...}',
        )
    missing = [field for field, there in (("username", found.username), ("password", found.has_password)) if not there]
    if not found.is_json or missing:
        what = "is not a JSON object" if not found.is_json else f"has no {' and no '.join(missing)}"
        return fail(
            "secret.content",
            secret.arn,
            f"{what}: RDS Proxy reads the username and password from its JSON",
            'aws secretsmanager put-secret-value --secret-id ARN --secret-string \'{"username": "...", '
            '"password": "..."}\'',
        )
    return ok("secret.content", secret.arn, f"holds a username ({found.username}) and a password")
