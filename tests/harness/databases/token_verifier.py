"""Server side of IAM database authentication, for the test database servers.

PAM (pam_script) runs this as the database server's user for every login, with the user name in
PAM_USER and the password, an IAM token, in PAM_AUTHTOK. It accepts the token only if its SigV4
signature recomputes with the test credentials, it was signed for this server, user and region,
and its 15 minutes have not run out: what RDS and RDS Proxy check. Every verdict is appended to
the log named in the config file, one JSON line each, with a fingerprint of the token (so tests can
tell a fresh token from a reused one) and, for an accepted one, when it was signed.

It is written from the SigV4 specification, parsing what arrives as a server does, independently
of lambda_src (whose tokens a property test checks against botocore's). Standard library only.

    token_verifier.py CONFIG_JSON
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import sys
from urllib.parse import quote, unquote

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "rds-db"
VALIDITY = datetime.timedelta(seconds=900)
CLOCK_SKEW = datetime.timedelta(minutes=5)
REQUIRED = (
    "Action",
    "DBUser",
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)


class Rejected(Exception):
    pass


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def parse(token: str) -> tuple[str, dict[str, str]]:
    """(host:port, decoded query parameters) of a token 'host:port/?query'."""
    authority, separator, query = token.partition("/?")
    if not separator or not authority:
        raise Rejected("not a presigned URL")
    params: dict[str, str] = {}
    for pair in query.split("&"):
        name, equals, value = pair.partition("=")
        name = unquote(name, errors="strict")
        if not equals or name in params:
            raise Rejected(f"malformed query parameter {name!r}")
        params[name] = unquote(value, errors="strict")
    return authority, params


def signature(authority: str, params: dict[str, str], secret_key: str, region: str, stamp: str) -> str:
    """The SigV4 signature of a GET / on `authority` with these query parameters (X-Amz-Signature excluded)."""
    host = authority.lower().removesuffix(":443")
    encoded = sorted((quote(name, safe="-_.~"), quote(value, safe="-_.~")) for name, value in params.items())
    canonical_query = "&".join(f"{name}={value}" for name, value in encoded)
    canonical_request = f"GET\n/\n{canonical_query}\nhost:{host}\n\nhost\n{hashlib.sha256(b'').hexdigest()}"
    scope = f"{stamp[:8]}/{region}/{SERVICE}/aws4_request"
    string_to_sign = f"{ALGORITHM}\n{stamp}\n{scope}\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"
    key = _hmac(f"AWS4{secret_key}".encode(), stamp[:8])
    for part in (region, SERVICE, "aws4_request"):
        key = _hmac(key, part)
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def verify(token: str, user: str, config: dict, now: datetime.datetime) -> str:
    """The token's X-Amz-Date if `token` lets `user` log in at `now` (aware UTC); else raise Rejected saying why."""
    authority, params = parse(token)
    missing = [name for name in REQUIRED if name not in params]
    if missing:
        raise Rejected(f"missing {', '.join(missing)}")
    if authority not in config["hosts"]:
        raise Rejected(f"token is for {authority}, not this server")
    if params["Action"] != "connect" or params["DBUser"] != user:
        raise Rejected(f"token is for user {params['DBUser']!r}, not {user!r}")
    if params["X-Amz-Algorithm"] != ALGORITHM or params["X-Amz-SignedHeaders"] != "host":
        raise Rejected("unexpected algorithm or signed headers")
    if params["X-Amz-Expires"] != str(int(VALIDITY.total_seconds())):
        raise Rejected(f"X-Amz-Expires is {params['X-Amz-Expires']}, not 900")
    stamp = params["X-Amz-Date"]
    try:
        signed_at = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise Rejected(f"bad X-Amz-Date {stamp!r}") from None
    if now > signed_at + VALIDITY:
        raise Rejected(f"token expired at {(signed_at + VALIDITY).isoformat()}")
    if signed_at > now + CLOCK_SKEW:
        raise Rejected("token signed in the future")
    expected_credential = f"{config['access_key']}/{stamp[:8]}/{config['region']}/{SERVICE}/aws4_request"
    if params["X-Amz-Credential"] != expected_credential:
        raise Rejected("credential scope does not match the access key, date, region or service")
    if params.get("X-Amz-Security-Token") != config.get("session_token"):
        raise Rejected("security token does not match")
    given = params.pop("X-Amz-Signature")
    if not hmac.compare_digest(given, signature(authority, params, config["secret_key"], config["region"], stamp)):
        raise Rejected("signature does not match")
    return stamp


def main(argv: list[str]) -> int:
    with open(argv[1]) as handle:
        config = json.load(handle)
    user, token = os.environ.get("PAM_USER", ""), os.environ.get("PAM_AUTHTOK", "")
    fingerprint = hashlib.sha256(token.encode(errors="surrogateescape")).hexdigest()[:16]
    try:
        signed_at = verify(token, user, config, datetime.datetime.now(datetime.timezone.utc))
        verdict = {"user": user, "accepted": True, "token": fingerprint, "signed_at": signed_at}
    except (Rejected, UnicodeDecodeError) as exc:
        verdict = {"user": user, "accepted": False, "reason": str(exc), "token": fingerprint}
    with open(config["log"], "a") as log:
        log.write(json.dumps(verdict) + "\n")
    return 0 if verdict["accepted"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
