"""The emulator's server: moto's, with the harness's extensions.

Run as `python -m harness.emulator.moto_server -H 127.0.0.1 -p PORT`; it takes moto.server's arguments. A
service's extensions (RDS's, IAM's quotas, and the paging of the list calls the doctor makes) are installed when
moto creates its app, at the service's first request: importing moto's RDS and EC2 models takes about a second,
which a server start need not wait for. Throttling (harness.emulator.moto_throttle) answers for every service.
Requests are handled one at a time (SerialisedDispatcher).
"""

from __future__ import annotations

import io
import sys
import threading
from typing import Any

from moto import server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

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
    if service == "iam":
        from harness.emulator import moto_iam_quotas

        moto_iam_quotas.install()
    return _create_backend_app(service)


def buffer_body(environ: dict[str, Any]) -> None:
    """Read a request's body (its Content-Length bytes) from the socket into memory, as moto's dispatcher does for
    form bodies itself; a chunked body (wsgi.input_terminated) is left to be read as it comes."""
    length = environ.get("CONTENT_LENGTH") or ""
    if length.isdigit() and not environ.get("wsgi.input_terminated"):
        environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(int(length)))


class SerialisedDispatcher(DomainDispatcherApplication):
    """moto's dispatcher, handling one request at a time.

    moto's server runs each request on a thread of its own (werkzeug's run_simple(threaded=True), moto/server.py) and
    its backends take no locks. In moto 5.2.5, moto/ec2/models/security_groups.py walks the groups of a VPC live,
    `self.groups[vpc_id].values()`, in describe_security_group_rules (lines 694-698), get_security_group_from_name
    (751-762, which CreateSecurityGroup calls to refuse a duplicate name, 643-645) and get_default_security_group
    (777), while CreateSecurityGroup adds a group to that dict (657): the walk that meets an insert fails with
    `RuntimeError: dictionary changed size during iteration`, an HTTP 500 (tests/emulator/test_emulator_server.py),
    which the AWS SDKs retry (Terraform here: AWS_MAX_ATTEMPTS=2) and an apply fails on when the retry fails too. One
    lock around the dispatch makes every request see the backends between two requests, never in the middle of one.

    moto answers in milliseconds and Terraform's provider spends its time between requests (waiting, polling): the
    applies lose nothing measurable (tests/README.md). The body is read before the lock is taken, so a client slow
    to send holds up no other request; the response is built inside it (moto's bodies are materialised strings). The
    price: a request that waits on another request to the same server would deadlock; moto makes such requests only
    for what this harness does not use (a Lambda invoked in Docker calling back, HTTP subscriptions).
    """

    _one_at_a_time = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        buffer_body(environ)
        with self._one_at_a_time:
            return super().__call__(environ, start_response)


def main(argv: list[str] | None = None) -> None:
    moto_target_health.add_route()
    moto_throttle.add_route()
    server.create_backend_app = create_backend_app
    server.DomainDispatcherApplication = SerialisedDispatcher
    server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
