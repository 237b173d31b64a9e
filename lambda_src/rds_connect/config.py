"""Connection settings from the environment variables the Terraform module and Lambda set.

Standard library only and no `re`, `dataclasses` or `pathlib`: each would add milliseconds to a
cold start for checks this small.
"""

from __future__ import annotations

import os
from collections import namedtuple
from collections.abc import Mapping

from .errors import ConfigError
from .iam_token import Credentials

ENGINES = ("mysql", "postgresql")
AMAZON_ROOT_CAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "amazon-root-cas.pem")


def is_host_name(text: str) -> bool:
    """A DNS name or IPv4 address: dot-separated labels of letters, digits and inner hyphens."""
    return 0 < len(text) <= 253 and all(
        0 < len(label) <= 63
        and label[0] != "-"
        and label[-1] != "-"
        and all(char.isascii() and (char.isalnum() or char == "-") for char in label)
        for label in text.split(".")
    )


def is_region(text: str) -> bool:
    """Like us-east-1, eu-central-2 or us-gov-west-1."""
    parts = text.split("-")
    return (
        len(parts) >= 3
        and len(parts[0]) == 2
        and parts[-1].isascii()
        and parts[-1].isdigit()
        and len(parts[-1]) <= 2
        and all(part.isascii() and part.isalpha() and part.islower() for part in parts[:-1])
    )


class Config(namedtuple("Config", "host port user database engine region credentials ca_bundle")):
    __slots__ = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, *, reader: bool = False) -> Config:
        """Read and check DB_HOST, DB_PORT, DB_USER, DB_NAME, DB_ENGINE, AWS_REGION, the AWS credentials
        and the optional DB_CA_BUNDLE; raise ConfigError naming everything missing or wrong.
        With `reader`, the host is DB_READ_HOST, the proxy's reader endpoint, instead of DB_HOST."""
        host_variable = "DB_READ_HOST" if reader else "DB_HOST"
        problems: list[str] = []

        def value(name: str) -> str:
            text = environ.get(name, "").strip()
            if not text:
                problems.append(f"{name} is not set")
            return text

        host, port, user = value(host_variable), value("DB_PORT"), value("DB_USER")
        database, engine = value("DB_NAME"), value("DB_ENGINE").lower()
        region = environ.get("AWS_REGION", "").strip() or environ.get("AWS_DEFAULT_REGION", "").strip()
        if not region:
            problems.append("AWS_REGION is not set")
        access_key, secret_key = value("AWS_ACCESS_KEY_ID"), value("AWS_SECRET_ACCESS_KEY")
        token = environ.get("AWS_SESSION_TOKEN", "").strip() or None
        ca_bundle = environ.get("DB_CA_BUNDLE", "").strip() or AMAZON_ROOT_CAS

        if host and not is_host_name(host):
            problems.append(f"{host_variable}={host!r} is not a host name (no scheme, port or path)")
        if port and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
            problems.append(f"DB_PORT={port!r} is not a port number (1-65535)")
        if engine and engine not in ENGINES:
            problems.append(f"DB_ENGINE={engine!r} is not one of: {', '.join(ENGINES)}")
        if region and not is_region(region):
            problems.append(f"AWS_REGION={region!r} is not a region name like us-east-1")
        if not os.path.isfile(ca_bundle) or not os.access(ca_bundle, os.R_OK):
            problems.append(f"DB_CA_BUNDLE={ca_bundle!r} is not a readable file")
        if problems:
            raise ConfigError("invalid configuration: " + "; ".join(problems))
        return cls(
            host=host,
            port=int(port),
            user=user,
            database=database,
            engine=engine,
            region=region,
            credentials=Credentials(access_key, secret_key, token),
            ca_bundle=ca_bundle,
        )
