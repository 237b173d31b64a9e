"""The user in a secret RDS manages for a master user, as AWS writes it.

moto 5.2.5 writes {"username": "admin", ...} into every master user secret (manage_master_user_password); AWS
writes the DB instance's or cluster's MasterUsername ("Password management with Amazon RDS and AWS Secrets
Manager"), which is what the proxy logs in as. install() makes moto write the master username.
"""

from __future__ import annotations

import json


def install() -> None:
    """Idempotent; runs when moto loads RDS (harness.emulator.moto_server)."""
    from moto.rds.models import MasterUserSecret

    if getattr(MasterUserSecret, "_harness_master_username", False):
        return
    moto_value = MasterUserSecret._generate_secret_string

    def _generate_secret_string(self: MasterUserSecret) -> str:
        credentials = json.loads(moto_value(self))
        credentials["username"] = self.resource.master_username or credentials["username"]
        return json.dumps(credentials)

    MasterUserSecret._generate_secret_string = _generate_secret_string  # type: ignore[method-assign]
    MasterUserSecret._harness_master_username = True  # type: ignore[attr-defined]
