"""PgBouncer in front of the PostgreSQL test server, standing in for RDS Proxy: a pooler that shares
database connections between clients at transaction boundaries.

PgBouncer 1.18 (Debian) in transaction pooling mode: clients log in over TLS only, with an IAM token
checked by the same token verifier as the servers' (PAM, `auth_type = pam`); PgBouncer logs in to
PostgreSQL with the app user's password over the server's private socket, as RDS Proxy logs in with
the secret's username and password. At most `pool_size` database connections serve any number of
clients.

PgBouncer asks PAM for the service "pgbouncer" (a name built into it), which would be one file in
/etc/pam.d for every instance on the machine. So each instance runs in a mount namespace of its own
where /etc/pam.d is its own directory, holding only that service: nothing outside its temporary
directory is written. It is started as root for that mount and drops to the service user before
PgBouncer runs. One PgBouncer at a time per PostgresServer: its database connections are known as the
app user's sessions on the server's socket.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import textwrap
from pathlib import Path

from harness.databases.dbservers import APP_DATABASE, APP_USER, PostgresServer, Server, ServerError

PGBOUNCER = "/usr/sbin/pgbouncer"
# Mount a private /etc/pam.d, then become the service user and run PgBouncer (one pid throughout).
LAUNCH = 'mount --bind "$1" /etc/pam.d && exec setpriv --reuid "$2" --regid "$3" --clear-groups -- "$4" "$5"'


class PgBouncer(Server):
    engine = "postgresql"
    binary = PGBOUNCER
    stop_signal = signal.SIGTERM  # immediate shutdown (SIGINT waits for clients to leave)

    def __init__(self, postgres: PostgresServer, pool_size: int = 2, max_clients: int = 200):
        for tool in ("unshare", "setpriv", "mount"):
            if shutil.which(tool) is None:
                raise ServerError(f"PgBouncer's harness needs {tool} (util-linux)")
        self.postgres = postgres
        self.pool_size = pool_size
        self.max_clients = max_clients
        super().__init__(postgres.ca, postgres.credentials)

    def _pam_service_file(self) -> Path:
        pam_d = self.root / "pam.d"  # root's, like the script directory: the server user may not change it
        pam_d.mkdir(mode=0o755)
        return pam_d / "pgbouncer"

    def _initialize(self) -> None:
        password = secrets.token_urlsafe(24)
        self.postgres.admin(f"ALTER ROLE {APP_USER} PASSWORD '{password}'")
        self.config = self.root / "pgbouncer.ini"
        self.config.write_text(
            textwrap.dedent(
                f"""\
                [databases]
                {APP_DATABASE} = host={self.postgres.run_dir} port={self.postgres.port} dbname={APP_DATABASE} \
                user={APP_USER} password={password}

                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = {self.port}
                unix_socket_dir =
                pidfile = {self.run_dir / "pgbouncer.pid"}
                auth_type = pam
                pool_mode = transaction
                default_pool_size = {self.pool_size}
                max_db_connections = {self.pool_size}
                min_pool_size = 0
                reserve_pool_size = 0
                max_client_conn = {self.max_clients}
                client_tls_sslmode = require
                client_tls_protocols = secure
                client_tls_cert_file = {self.cert}
                client_tls_key_file = {self.key}
                server_tls_sslmode = disable
                log_connections = 1
                log_disconnections = 1
                """
            )
        )
        os.chown(self.config, self.uid, self.gid)
        self.config.chmod(0o600)  # it holds the password

    def _command(self) -> list[str]:
        pam_d = self.pam.path.parent
        launch = ["/bin/sh", "-c", LAUNCH, "pgbouncer-launch", str(pam_d), str(self.uid), str(self.gid)]
        return ["unshare", "--mount", "--propagation", "private", "--", *launch, PGBOUNCER, str(self.config)]

    def _spawn_as(self) -> dict:
        return {}  # root until LAUNCH has mounted /etc/pam.d; setpriv then drops to the service user

    def _check_ready(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1):
            pass

    def _create_app_user(self) -> None:
        pass  # PostgreSQL's app user; PgBouncer has no users of its own

    def server_connections(self, session=None) -> list[int]:
        """Backend pids of the database connections PgBouncer holds (the app user's on the private socket),
        asked on `session` (a PostgresServer.admin_session(), for frequent asking) or a connection of its own."""
        sql = f"SELECT pid FROM pg_stat_activity WHERE usename = '{APP_USER}' AND client_addr IS NULL"
        return [pid for (pid,) in (session.run(sql) if session is not None else self.postgres.admin(sql))]

    def app_connections(self) -> list[int]:
        return self.server_connections()

    def close(self) -> None:
        """Stop PgBouncer and wait until PostgreSQL has ended its database connections."""
        try:
            super().close()
        finally:
            self._wait_until_gone(self.server_connections())
