"""IAM auth tokens: byte-identical to botocore's, importable without boto3, and what the test
servers' verifier accepts and refuses."""

from __future__ import annotations

import datetime
import subprocess
import sys
from unittest import mock

import botocore.session
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.databases import token_verifier
from harness.repo import REPO_ROOT
from rds_connect import Credentials, generate_auth_token

LAMBDA_SRC = REPO_ROOT / "lambda_src"
UTC = datetime.timezone.utc
BOTOCORE = botocore.session.get_session()

label = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?", fullmatch=True)
hosts = st.one_of(
    st.lists(label, min_size=1, max_size=5).map(".".join),
    st.tuples(*[st.integers(0, 255)] * 4).map(lambda parts: ".".join(map(str, parts))),
    st.builds("{}.proxy-{}.{}.rds.amazonaws.com".format, label, label, st.sampled_from(["us-east-1", "eu-west-3"])),
)
users = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
regions = st.from_regex(r"[a-z]{2}(-gov)?-[a-z]{4,9}-[1-9]", fullmatch=True)
access_keys = st.from_regex(r"(AKIA|ASIA)[A-Z0-9]{16}", fullmatch=True)
secrets_ = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", min_size=40, max_size=40)
session_tokens = st.none() | st.text(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", min_size=1, max_size=1200
)
clocks = st.datetimes(datetime.datetime(2000, 1, 1), datetime.datetime(2099, 12, 31))


def botocore_token(host, port, user, region, access_key, secret_key, session_token, now) -> str:
    """boto3.client("rds").generate_db_auth_token with these credentials, its clock frozen at `now` (naive UTC)."""
    client = BOTOCORE.create_client(
        "rds",
        region_name="us-east-1",
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=session_token,
    )
    with mock.patch("botocore.auth.datetime") as clock:
        clock.datetime.utcnow.return_value = now
        return client.generate_db_auth_token(DBHostname=host, Port=port, DBUsername=user, Region=region)


@settings(max_examples=300, deadline=None)
@given(
    host=hosts,
    port=st.integers(1, 65535) | st.sampled_from([443, 3306, 5432]),
    user=users,
    region=regions,
    access_key=access_keys,
    secret_key=secrets_,
    session_token=session_tokens,
    now=clocks,
)
def test_token_is_byte_identical_to_botocore(host, port, user, region, access_key, secret_key, session_token, now):
    ours = generate_auth_token(
        host, port, user, region, Credentials(access_key, secret_key, session_token), now.replace(tzinfo=UTC)
    )
    assert ours == botocore_token(host, port, user, region, access_key, secret_key, session_token, now)


def test_aware_clock_in_another_zone_signs_the_same_utc_instant():
    credentials = Credentials("AKIAEXAMPLEEXAMPLE01", "s" * 40, "token")
    utc = datetime.datetime(2024, 3, 1, 23, 30, tzinfo=UTC)
    paris = utc.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    assert generate_auth_token("h", 5432, "u", "eu-west-3", credentials, paris) == generate_auth_token(
        "h", 5432, "u", "eu-west-3", credentials, utc
    )


def test_importing_the_function_loads_neither_boto3_nor_a_driver():
    code = (
        "import sys; import handler, rds_connect; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'boto3', 'botocore', 'pymysql', 'pg8000'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=LAMBDA_SRC, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------- the servers' verifier

CONFIG = {
    "hosts": ["127.0.0.1:5432"],
    "region": "us-east-1",
    "access_key": "ASIAEXAMPLEEXAMPLE01",
    "secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "session_token": "IQoJb3JpZ2luX2VjE/+==",
}
SIGNED_AT = datetime.datetime(2025, 6, 1, 12, 0, 0)


def good_token(**overrides) -> str:
    args = {
        "host": "127.0.0.1",
        "port": 5432,
        "user": "app_user",
        "region": CONFIG["region"],
        "access_key": CONFIG["access_key"],
        "secret_key": CONFIG["secret_key"],
        "session_token": CONFIG["session_token"],
        "now": SIGNED_AT,
        **overrides,
    }
    return botocore_token(**args)


@settings(max_examples=50, deadline=None)
@given(seconds=st.integers(0, 900))
def test_verifier_accepts_botocore_tokens_for_15_minutes(seconds):
    now = SIGNED_AT.replace(tzinfo=UTC) + datetime.timedelta(seconds=seconds)
    token_verifier.verify(good_token(), "app_user", CONFIG, now)


@pytest.mark.parametrize(
    "token, user, seconds_later, reason",
    [
        (good_token(), "app_user", 901, "expired"),
        (good_token(now=SIGNED_AT + datetime.timedelta(hours=1)), "app_user", 0, "future"),
        (good_token(), "other_user", 0, "not 'other_user'"),
        (good_token(host="10.0.0.1"), "app_user", 0, "not this server"),
        (good_token(port=5433), "app_user", 0, "not this server"),
        (good_token(region="eu-west-1"), "app_user", 0, "credential scope"),
        (good_token(secret_key="x" * 40), "app_user", 0, "signature"),
        (good_token(session_token=None), "app_user", 0, "security token"),
        (good_token().replace("DBUser=app_user", "DBUser=app_admin"), "app_admin", 0, "signature"),
        (good_token()[:-1] + ("0" if good_token()[-1] != "0" else "1"), "app_user", 0, "signature"),
        (good_token().replace("X-Amz-Expires=900", "X-Amz-Expires=3600"), "app_user", 0, "X-Amz-Expires"),
        ("app_user-password", "app_user", 0, "not a presigned URL"),
    ],
    ids=[
        "expired",
        "future",
        "other-user",
        "other-host",
        "other-port",
        "other-region",
        "wrong-secret",
        "no-session-token",
        "tampered-user",
        "tampered-signature",
        "longer-expiry",
        "password",
    ],
)
def test_verifier_refuses(token, user, seconds_later, reason):
    now = SIGNED_AT.replace(tzinfo=UTC) + datetime.timedelta(seconds=seconds_later)
    with pytest.raises(token_verifier.Rejected, match=reason):
        token_verifier.verify(token, user, CONFIG, now)
