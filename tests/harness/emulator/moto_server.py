"""The emulator's server: moto's, with the harness's extensions.

Run as `python -m harness.emulator.moto_server -H 127.0.0.1 -p PORT`; it takes moto.server's arguments. A
service's extensions (RDS's, and the paging of the list calls the doctor makes) are installed when moto creates
its app, at the service's first request: importing moto's RDS and EC2 models takes about a second, which a server
start need not wait for. Throttling (harness.emulator.moto_throttle) answers for every service.
"""

from __future__ import annotations

import sys

from moto import server

from harness.emulator import moto_managed_secret, moto_paging, moto_target_health, moto_throttle

_create_backend_app = server.create_backend_app


def create_backend_app(service):
    """moto's app of `service`, with the harness's extensions of that service installed first."""
    moto_paging.install(service)
    if service == "rds":
        from harness.emulator import moto_rds_proxy_endpoints, moto_rds_rules

        moto_rds_proxy_endpoints.install()
        moto_rds_rules.install()
        moto_target_health.install()
        moto_managed_secret.install()
    return _create_backend_app(service)


def main(argv: list[str] | None = None) -> None:
    moto_target_health.add_route()
    moto_throttle.add_route()
    server.create_backend_app = create_backend_app
    server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
