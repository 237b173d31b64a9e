"""What AWS refuses for the RDS Proxy calls and moto 5.2.5 takes, refused by the emulator too, so that an apply
test cannot pass where AWS would fail.

botocore's model encodes none of these rules (the harness's shape checks cannot see them); each comes from the
RDS API reference, quoted below. They are written here on their own, not read from modules/aws_rules.json, so that
the emulator is a second opinion on the module's rules rather than a copy of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from moto.rds.exceptions import InvalidParameterCombination, InvalidParameterValue
from moto.rds.models import RDSBackend

# CreateDBProxy, DBProxyName: "must begin with a letter and must contain only ASCII letters, digits, and hyphens;
# it can't end with a hyphen or contain two consecutive hyphens"; at most 63 (botocore 1.44's model).
PROXY_NAME = re.compile(r"[a-zA-Z](?:-?[a-zA-Z0-9]+)*")
# UserAuthConfig: each ClientPasswordAuthType is named for its engine; "The ENABLED value is valid only for
# proxies with RDS for Microsoft SQL Server."
PASSWORD_TYPES = {
    "MYSQL": {"MYSQL_NATIVE_PASSWORD", "MYSQL_CACHING_SHA2_PASSWORD"},
    "POSTGRESQL": {"POSTGRES_SCRAM_SHA_256", "POSTGRES_MD5"},
    "SQLSERVER": {"SQL_SERVER_AUTHENTICATION"},
}
IAM_AUTH = {"MYSQL": {"DISABLED", "REQUIRED"}, "POSTGRESQL": {"DISABLED", "REQUIRED"}}
SECRETS_PER_PROXY = 200  # RDS User Guide, RDS Proxy quotas
# ConnectionPoolConfiguration: SessionPinningFilters "supported only for the MySQL engine family".
PINNING_FILTERS = {"MYSQL": {"EXCLUDE_VARIABLE_SETS"}}
BORROW_TIMEOUT_S = range(0, 300 + 1)  # ConnectionBorrowTimeout: "Must be between 0 and 300."
# EngineFamily: "MYSQL supports RDS for MySQL [and MariaDB] and Aurora MySQL... POSTGRESQL supports RDS for
# PostgreSQL and Aurora PostgreSQL"
TARGET_ENGINES = {"MYSQL": {"mysql", "mariadb", "aurora-mysql"}, "POSTGRESQL": {"postgres", "aurora-postgresql"}}


def check_proxy_name(name: str) -> None:
    if not PROXY_NAME.fullmatch(name) or len(name) > 63:
        raise InvalidParameterValue(
            f"DBProxyName {name!r}: must begin with a letter, contain only ASCII letters, digits and single "
            "hyphens, not end with a hyphen, and be at most 63 characters."
        )


def check_auth(engine_family: str, auth: list[dict[str, Any]]) -> None:
    if not 1 <= len(auth) <= SECRETS_PER_PROXY:
        raise InvalidParameterValue(f"Auth must hold from 1 to {SECRETS_PER_PROXY} entries, not {len(auth)}.")
    for entry in auth:
        iam = entry.get("IAMAuth")
        if iam is not None and iam not in IAM_AUTH.get(engine_family, {"DISABLED", "REQUIRED", "ENABLED"}):
            raise InvalidParameterValue(f"IAMAuth {iam} is not valid for a {engine_family} proxy.")
        password_type = entry.get("ClientPasswordAuthType")
        if password_type is not None and password_type not in PASSWORD_TYPES.get(engine_family, set()):
            raise InvalidParameterCombination(
                f"ClientPasswordAuthType {password_type} is not valid for a {engine_family} proxy."
            )


def check_pool(engine_family: str, config: dict[str, Any], current_max: int) -> None:
    maximum = config.get("MaxConnectionsPercent", current_max)
    if not 1 <= int(maximum) <= 100:
        raise InvalidParameterValue(f"MaxConnectionsPercent must be between 1 and 100, not {maximum}.")
    if "MaxIdleConnectionsPercent" in config and not 0 <= int(config["MaxIdleConnectionsPercent"]) <= int(maximum):
        raise InvalidParameterValue(
            "MaxIdleConnectionsPercent must be between 0 and the value of MaxConnectionsPercent "
            f"({maximum}), not {config['MaxIdleConnectionsPercent']}."
        )
    if "ConnectionBorrowTimeout" in config and int(config["ConnectionBorrowTimeout"]) not in BORROW_TIMEOUT_S:
        raise InvalidParameterValue(
            f"ConnectionBorrowTimeout must be between 0 and 300, not {config['ConnectionBorrowTimeout']}."
        )
    filters = set(config.get("SessionPinningFilters") or [])
    allowed = PINNING_FILTERS.get(engine_family, set())
    if filters - allowed:
        raise InvalidParameterValue(
            f"SessionPinningFilters {sorted(filters - allowed)} are not supported for the {engine_family} engine "
            "family (session pinning filters are supported only for MYSQL: EXCLUDE_VARIABLE_SETS)."
        )


def check_target_engine(backend: RDSBackend, engine_family: str, clusters: list[str], instances: list[str]) -> None:
    engines = [backend.clusters[c].engine for c in clusters if c in backend.clusters]
    engines += [backend.databases[i].engine for i in instances if i in backend.databases]
    for engine in engines:
        if engine not in TARGET_ENGINES.get(engine_family, set()):
            raise InvalidParameterCombination(f"A {engine_family} proxy can't have a {engine} target.")


def checked(original: Callable, check: Callable[..., None]) -> Callable:
    @functools.wraps(original)
    def method(self: RDSBackend, *args: Any, **kwargs: Any) -> Any:
        check(self, *args, **kwargs)
        return original(self, *args, **kwargs)

    return method


def _create_db_proxy(
    backend: RDSBackend,
    db_proxy_name: str,
    engine_family: str,
    auth: list,
    idle_client_timeout: int | None = None,
    **_: Any,
) -> None:
    check_proxy_name(db_proxy_name)
    check_auth(engine_family, auth)
    # IdleClientTimeout: "Constraints: 1 to 28,800" (DBProxy); moto would clamp it silently.
    if idle_client_timeout is not None and not 1 <= int(idle_client_timeout) <= 28800:
        raise InvalidParameterValue(f"IdleClientTimeout must be from 1 to 28800 seconds, not {idle_client_timeout}.")


def _modify_db_proxy(backend: RDSBackend, db_proxy_name: str, auth: list | None = None, **_: Any) -> None:
    proxy = backend.db_proxies.get(db_proxy_name)
    if proxy is not None and auth is not None:
        check_auth(proxy.engine_family, auth)


def _modify_target_group(backend: RDSBackend, proxy_name: str, config: dict[str, Any]) -> None:
    proxy = backend.db_proxies.get(proxy_name)
    if proxy is not None:
        check_pool(proxy.engine_family, config, proxy.proxy_target_groups["default"].max_connections)


def _register_targets(
    backend: RDSBackend,
    db_proxy_name: str,
    target_group_name: str,
    db_cluster_identifiers: list[str],
    db_instance_identifiers: list[str],
) -> None:
    proxy = backend.db_proxies.get(db_proxy_name)
    if proxy is not None:
        check_target_engine(backend, proxy.engine_family, db_cluster_identifiers, db_instance_identifiers)


CHECKS = {
    "create_db_proxy": _create_db_proxy,
    "modify_db_proxy": _modify_db_proxy,
    "modify_db_proxy_target_group": _modify_target_group,
    "register_db_proxy_targets": _register_targets,
}


def install() -> None:
    """Put the checks in front of moto's (and the harness's) RDS Proxy operations (once; idempotent). Runs after
    harness.emulator.moto_rds_proxy_endpoints.install, whose ModifyDBProxy it checks too."""
    if getattr(RDSBackend, "_harness_proxy_rules", False):
        return
    for name, check in CHECKS.items():
        setattr(RDSBackend, name, checked(getattr(RDSBackend, name), check))
    RDSBackend._harness_proxy_rules = True  # type: ignore[attr-defined]
