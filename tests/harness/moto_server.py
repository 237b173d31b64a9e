"""The emulator's server: moto's, with the harness's extensions installed first.

Run as `python -m harness.moto_server -H 127.0.0.1 -p PORT`; it takes moto.server's arguments.
"""

from __future__ import annotations

import sys

from moto import server

from harness import moto_rds_proxy_endpoints, moto_rds_rules


def main(argv: list[str] | None = None) -> None:
    moto_rds_proxy_endpoints.install()
    moto_rds_rules.install()
    server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
