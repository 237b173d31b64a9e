"""Configuration from the environment, the TLS context and the handler's answers that need no database."""

from __future__ import annotations

import hashlib
import re
import ssl
from importlib.metadata import version
from pathlib import Path

import pytest

from harness.repo import REPO_ROOT
from rds_connect import AMAZON_ROOT_CAS, Config, ConfigError, Database, tls_context
from rds_proxy_tools.package_lambda import requirement_lines

GOOD = {
    "DB_HOST": "app.proxy-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com",
    "DB_PORT": "3306",
    "DB_USER": "app_user",
    "DB_NAME": "app",
    "DB_ENGINE": "mysql",
    "AWS_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "ASIAEXAMPLEEXAMPLE01",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN": "IQoJb3JpZ2luX2VjEXAMPLE",
}


def test_reads_what_the_module_and_lambda_set():
    config = Config.from_env(GOOD)
    assert (config.host, config.port, config.user, config.database, config.engine, config.region) == (
        GOOD["DB_HOST"],
        3306,
        "app_user",
        "app",
        "mysql",
        "us-east-1",
    )
    assert config.credentials.token == GOOD["AWS_SESSION_TOKEN"]
    assert config.ca_bundle == AMAZON_ROOT_CAS


def test_secrets_stay_out_of_repr():
    text = repr(Config.from_env(GOOD))
    assert GOOD["AWS_SECRET_ACCESS_KEY"] not in text and GOOD["AWS_SESSION_TOKEN"] not in text


def test_region_falls_back_to_aws_default_region():
    env = {k: v for k, v in GOOD.items() if k != "AWS_REGION"} | {"AWS_DEFAULT_REGION": "eu-central-2"}
    assert Config.from_env(env).region == "eu-central-2"


@pytest.mark.parametrize(
    "name",
    [
        "DB_HOST",
        "DB_PORT",
        "DB_USER",
        "DB_NAME",
        "DB_ENGINE",
        "AWS_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    ],
)
def test_missing_variable_is_named(name):
    with pytest.raises(ConfigError, match=f"^invalid configuration: {name} is not set$"):
        Config.from_env({k: v for k, v in GOOD.items() if k != name})


def test_the_reader_reads_its_host_from_db_read_host_alone():
    reader_host = "reader.endpoint.proxy-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com"
    config = Config.from_env(GOOD | {"DB_READ_HOST": reader_host}, reader=True)
    writer = Config.from_env(GOOD)
    assert config._replace(credentials=None) == writer._replace(host=reader_host, credentials=None)
    with pytest.raises(ConfigError, match="^invalid configuration: DB_READ_HOST is not set$"):
        Config.from_env(GOOD, reader=True)
    with pytest.raises(ConfigError, match="^invalid configuration: DB_READ_HOST='reader:5432' is not a host name"):
        Config.from_env(GOOD | {"DB_READ_HOST": "reader:5432"}, reader=True)


def test_every_problem_is_named_at_once():
    with pytest.raises(ConfigError) as caught:
        Config.from_env({"DB_PORT": "x", "DB_ENGINE": "oracle"})
    message = str(caught.value)
    for expected in (
        "DB_HOST is not set",
        "DB_USER is not set",
        "DB_NAME is not set",
        "AWS_REGION is not set",
        "DB_PORT='x' is not a port number",
        "DB_ENGINE='oracle' is not one of: mysql, postgresql",
    ):
        assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("DB_PORT", "0", "DB_PORT='0' is not a port number (1-65535)"),
        ("DB_PORT", "65536", "DB_PORT='65536' is not a port number"),
        ("DB_PORT", "５４３２", "is not a port number"),
        ("DB_HOST", "https://app.proxy-x.us-east-1.rds.amazonaws.com", "is not a host name"),
        ("DB_HOST", "db.example.com:5432", "is not a host name"),
        ("DB_ENGINE", "postgres", "DB_ENGINE='postgres' is not one of: mysql, postgresql"),
        ("AWS_REGION", "us_east_1", "is not a region name"),
        ("DB_CA_BUNDLE", "/nonexistent/ca.pem", "DB_CA_BUNDLE='/nonexistent/ca.pem' is not a readable file"),
    ],
)
def test_invalid_value_is_named(name, value, expected):
    with pytest.raises(ConfigError, match="^invalid configuration: .*" + re.escape(expected)):
        Config.from_env(GOOD | {name: value})


def test_ca_bundle_without_certificates_is_a_config_error(tmp_path):
    bundle = tmp_path / "not-a-ca.pem"
    bundle.write_text("not a certificate\n")
    with pytest.raises(ConfigError, match="DB_CA_BUNDLE=.* holds no usable CA certificate"):
        Database(Config.from_env(GOOD | {"DB_CA_BUNDLE": str(bundle)}))


def test_bundled_amazon_root_cas_verify_certificates_and_host_names():
    context = tls_context(AMAZON_ROOT_CAS)
    subjects = sorted(dict(part[0] for part in cert["subject"])["commonName"] for cert in context.get_ca_certs())
    assert subjects == ["Amazon Root CA 1", "Amazon Root CA 2", "Amazon Root CA 3", "Amazon Root CA 4"]
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


# The SHA-256 fingerprints Amazon Trust Services publishes (https://www.amazontrust.com/repository/).
AMAZON_ROOT_FINGERPRINTS = {
    "8ECDE6884F3D87B1125BA31AC3FCB13D7016DE7F57CC904FE1CB97C6AE98196E",  # Amazon Root CA 1 (RSA 2048)
    "1BA5B2AA8C65401A82960118F80BEC4F62304D83CEC4713A19C39C011EA46DB4",  # Amazon Root CA 2 (RSA 4096)
    "18CE6CFE7BF14E60B2E347B8DFE868CB31D02EBB3ADA271569F50343B46DB3A4",  # Amazon Root CA 3 (ECDSA P-256)
    "E35D28419ED02025CFA69038CD623962458DA5C695FBDEA3C22B0BFB25897092",  # Amazon Root CA 4 (ECDSA P-384)
}


def test_bundled_certificates_are_exactly_amazons_published_roots():
    text = Path(AMAZON_ROOT_CAS).read_text()
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", text, flags=re.DOTALL)
    fingerprints = {hashlib.sha256(ssl.PEM_cert_to_DER_cert(block)).hexdigest().upper() for block in blocks}
    assert len(blocks) == 4 and fingerprints == AMAZON_ROOT_FINGERPRINTS


# ---------------------------------------------------------------- handler answers without a database


@pytest.mark.parametrize(
    "event, expected",
    [
        ([], 'event must be a JSON object like {"query": "now"}, not list'),
        ("now", 'event must be a JSON object like {"query": "now"}, not str'),
        (None, 'event must be a JSON object like {"query": "now"}, not NoneType'),
        ({}, 'event has no "query"; expected one of: ping, now, version, current_user, connection_id'),
        ({"query": "DROP TABLE users"}, "unknown query 'DROP TABLE users'; expected one of: ping, now,"),
        ({"query": ["now"]}, "unknown query ['now']; expected one of:"),
        ({"query": "now", "reader": "yes"}, '"reader" must be true or false, not "yes"'),
    ],
)
def test_bad_event_gets_a_400_before_any_database_work(invoke, logs, event, expected):
    status, body = invoke(event)
    assert status == 400 and body["error"].startswith(expected)
    [line] = logs()
    assert (line["event"], line["level"], line["status"]) == ("invocation", "warning", 400)
    assert line["error"] == body["error"]


def test_missing_configuration_gets_a_500_naming_it_on_every_invocation(invoke, lambda_env, logs):
    lambda_env({k: v for k, v in GOOD.items() if k not in ("DB_HOST", "DB_PORT")})
    for _ in range(2):
        status, body = invoke({"query": "now"})
        assert (status, body) == (500, {"error": "invalid configuration: DB_HOST is not set; DB_PORT is not set"})
    assert [line["status"] for line in logs()] == [500, 500]


def test_the_drivers_under_test_are_the_ones_the_zip_ships():
    requirements = REPO_ROOT / "lambda_src" / "rds_connect" / "requirements.txt"
    pins = dict(line.split("==") for line in requirement_lines(requirements.read_text()))
    assert {name: version(name) for name in ("pg8000", "PyMySQL")} == {
        name: pins[name] for name in ("pg8000", "PyMySQL")
    }
