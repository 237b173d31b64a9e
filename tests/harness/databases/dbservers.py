"""Real database servers for the Lambda tests and benchmarks.

PostgreSQL 15 and MariaDB 10.11 run as an unprivileged system user on free 127.0.0.1 ports, with
TLS certificates from a CA made here. The app user logs in only over TLS and only with an IAM
token: PAM (pam_script) hands the password to token_verifier.py, which checks its SigV4 signature
against the test credentials and its 15-minute expiry. PostgreSQL sends the password in clear
inside TLS; MariaDB asks for it with mysql_clear_password, as RDS Proxy does.

Everything a server uses lives in one temporary directory; its PAM service file in /etc/pam.d
is the only thing outside it. close() stops the server and removes both.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import glob
import ipaddress
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from harness import processes
from harness.loopback import free_port

SERVICE_USER = "rdspl-test"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
MARIADBD = "/usr/sbin/mariadbd"
KILL_WAIT_S = 5.0
PAM_DIR = Path("/etc/pam.d")
PAM_SCRIPT = ("/lib/*/security/pam_script.so", "/usr/lib/*/security/pam_script.so", "/lib*/security/pam_script.so")
VERIFIER = Path(__file__).resolve().with_name("token_verifier.py")
APP_USER, APP_DATABASE, REGION = "app_user", "app", "us-east-1"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0


@contextlib.contextmanager
def stopped(pids: list[int]):
    """The processes `pids` stopped (SIGSTOP) until the block ends. The block starts only once every thread of
    them is stopped: a signal stops a process's threads one by one, and on a busy machine a thread still
    running could answer a statement sent right after kill() returned."""
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        deadline = time.monotonic() + KILL_WAIT_S
        while not all(thread_states(pid) <= {"T", "t"} for pid in pids):
            if time.monotonic() > deadline:
                raise ServerError(f"processes {pids} did not stop within {KILL_WAIT_S} s")
            time.sleep(0.005)
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def thread_states(pid: int) -> set[str]:
    """The scheduler states (R, S, D, T...) of the threads of process `pid`, from /proc."""
    states = set()
    for stat in glob.glob(f"/proc/{pid}/task/*/stat"):
        with contextlib.suppress(FileNotFoundError), open(stat) as handle:
            states.add(handle.read().rsplit(")", 1)[1].split()[0])
    return states


class ServerError(RuntimeError):
    pass


@dataclass(frozen=True)
class FakeAwsCredentials:
    """Made-up credentials shaped like the ones Lambda puts in the environment."""

    access_key: str
    secret_key: str
    session_token: str

    @classmethod
    def generate(cls) -> FakeAwsCredentials:
        upper = string.ascii_uppercase + string.digits
        return cls(
            access_key="ASIA" + "".join(secrets.choice(upper) for _ in range(16)),
            secret_key=base64.b64encode(secrets.token_bytes(30)).decode(),
            # Real Lambda session tokens run to about 1 KB of base64, so the token does too.
            session_token=base64.b64encode(secrets.token_bytes(600)).decode(),
        )

    def env(self) -> dict[str, str]:
        return {
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_SESSION_TOKEN": self.session_token,
            "AWS_REGION": REGION,
        }


def check_prerequisites(engine_binary: str) -> None:
    """Fail with the fix when the machine cannot host the servers (never skip: that would hide it)."""
    if os.geteuid() != 0:
        raise ServerError(
            "the database fixtures need root: they add a PAM service in /etc/pam.d and run "
            f"the servers as {SERVICE_USER}"
        )
    missing = [] if os.access(engine_binary, os.X_OK) else [engine_binary]
    if not any(glob.glob(pattern) for pattern in PAM_SCRIPT):
        missing.append("pam_script.so (libpam-script)")
    if missing:
        raise ServerError(f"missing {', '.join(missing)}: run bash tests/dev/install_system_deps.sh")


def service_user() -> tuple[int, int]:
    """uid and gid of the unprivileged user the servers run as; created if missing."""
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        result = subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                SERVICE_USER,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode not in (0, 9):  # 9: created meanwhile by a parallel test worker
            raise ServerError(f"cannot create user {SERVICE_USER}: {result.stderr.strip()}") from None
        entry = pwd.getpwnam(SERVICE_USER)
    return entry.pw_uid, entry.pw_gid


def python_for(uid: int, gid: int) -> str:
    """A Python interpreter the server's user may run (a venv's base can sit in root's home)."""
    for candidate in (sys.executable, sys._base_executable, "/usr/bin/python3"):
        try:
            result = subprocess.run(
                [candidate, "-I", "-S", "-c", "pass"],
                user=uid,
                group=gid,
                extra_groups=[],
                cwd="/",
                capture_output=True,
                check=False,
            )
        except OSError:
            continue
        if result.returncode == 0:
            return candidate
    raise ServerError(f"no Python interpreter that user {SERVICE_USER} may run")


class ThrowawayCA:
    """A throwaway certificate authority, and server certificates for 127.0.0.1 and localhost."""

    def __init__(self, directory: Path):
        self._key = ec.generate_private_key(ec.SECP256R1())
        self._name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rds-proxy-lambda test CA")])
        usage = x509.KeyUsage(
            digital_signature=True,
            key_cert_sign=True,
            crl_sign=True,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            encipher_only=False,
            decipher_only=False,
        )
        cert = (
            _builder(self._name, self._key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(usage, critical=True)
            .sign(self._key, hashes.SHA256())
        )
        self.path = directory / "test-ca.pem"
        self.path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        self.path.chmod(0o644)

    def issue_server_cert(self, directory: Path, uid: int, gid: int) -> tuple[Path, Path]:
        """server.pem and server.key in `directory`, the key readable by the server's user only."""
        key = ec.generate_private_key(ec.SECP256R1())
        names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        cert = (
            _builder(
                x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]), key.public_key(), issuer=self._name
            )
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(self._key, hashes.SHA256())
        )
        cert_path, key_path = directory / "server.pem", directory / "server.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        for path, mode in ((cert_path, 0o644), (key_path, 0o600)):
            os.chown(path, uid, gid)
            path.chmod(mode)
        return cert_path, key_path


def _builder(subject: x509.Name, public_key, issuer: x509.Name | None = None) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.timezone.utc)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer or subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
    )


class PamService:
    """/etc/pam.d/<name> (or `service_file`): logins succeed only if token_verifier.py accepts the token."""

    def __init__(
        self,
        directory: Path,
        hosts: list[str],
        credentials: FakeAwsCredentials,
        uid: int,
        gid: int,
        service_file: Path | None = None,
    ):
        self.name = f"{SERVICE_USER}-{secrets.token_hex(4)}"
        self.log = directory / "verdicts.log"
        config = directory / "verifier.json"
        config.write_text(
            json.dumps(
                {
                    "hosts": hosts,
                    "region": REGION,
                    "access_key": credentials.access_key,
                    "secret_key": credentials.secret_key,
                    "session_token": credentials.session_token,
                    "log": str(self.log),
                }
            )
        )
        self.log.touch()
        for path, mode in ((config, 0o400), (self.log, 0o600)):
            os.chown(path, uid, gid)
            path.chmod(mode)
        # pam_script runs <dir>/pam_script_auth with PAM_USER and PAM_AUTHTOK in its environment.
        # (pam_exec would cut the ~1.3 KB token to 512 bytes.) The verifier is copied next to it,
        # where the server's user can read it wherever the repository lives.
        verifier = directory / VERIFIER.name
        shutil.copyfile(VERIFIER, verifier)
        verifier.chmod(0o644)
        script = directory / "pam_script_auth"
        script.write_text(f"#!/bin/sh\nexec {python_for(uid, gid)} -I -S {verifier} {config}\n")
        script.chmod(0o755)
        self.path = service_file or PAM_DIR / self.name
        self.path.write_text(f"auth required pam_script.so dir={directory}\naccount required pam_permit.so\n")

    def verdicts(self) -> list[dict]:
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]

    def accepted(self) -> int:
        return sum(1 for verdict in self.verdicts() if verdict["accepted"])

    def close(self) -> None:
        self.path.unlink(missing_ok=True)


class Server:
    """A database server in its own temporary directory; subclasses say how to set up and start it."""

    engine = binary = ""
    stop_signal = signal.SIGTERM

    def __init__(self, ca: ThrowawayCA, credentials: FakeAwsCredentials):
        check_prerequisites(self.binary)
        self.uid, self.gid = service_user()
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix=f"rdspl-{type(self).__name__.lower()}-"))
        self.process: subprocess.Popen | None = None
        self.pam: PamService | None = None
        self.ca = ca
        self.credentials = credentials
        try:
            os.chown(self.root, self.uid, self.gid)
            self.run_dir = self._mkdir("run")
            self.cert, self.key = ca.issue_server_cert(self._mkdir("tls"), self.uid, self.gid)
            pam_dir = self.root / "pam"  # root's: the server user may run the script, not change it
            pam_dir.mkdir(mode=0o755)
            self.pam = PamService(
                pam_dir,
                [f"127.0.0.1:{self.port}", f"localhost:{self.port}"],
                credentials,
                self.uid,
                self.gid,
                self._pam_service_file(),
            )
            self.server_log = self.root / "server.log"
            self._initialize()
            self.start()
            self._create_app_user()
        except BaseException:
            self.close()
            raise

    def _wait_until_gone(self, connections: list[int]) -> None:
        """Return once none of `connections` is among the app user's sessions; a server that has not closed
        them within KILL_WAIT_S is an error (a statement right after would race the close)."""
        deadline = time.monotonic() + KILL_WAIT_S
        while set(connections) & set(self.app_connections()):
            if time.monotonic() > deadline:
                raise ServerError(f"{self.engine} still holds killed sessions {connections} after {KILL_WAIT_S} s")
            time.sleep(0.02)

    # ------------------------------------------------------------ lifecycle

    def _pam_service_file(self) -> Path | None:
        """Where the PAM service file goes: None for /etc/pam.d/<its own name>."""
        return None

    def _spawn_as(self) -> dict:
        """Popen's arguments that make the server run as the service user."""
        return {"user": self.uid, "group": self.gid, "extra_groups": []}

    def _check_ready(self) -> None:
        """Raise unless the server accepts connections."""
        self.admin("SELECT 1")

    def start(self) -> None:
        with open(self.server_log, "ab") as log:
            self.process = subprocess.Popen(
                self._command(),
                **self._spawn_as(),
                cwd=self.root,
                env=self._environ(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                self._check_ready()
                return
            except Exception as exc:  # not accepting connections yet
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise ServerError(f"{self.engine} did not start ({exc}); log: {self.log_tail()}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        processes.stop(self.process, self.stop_signal, STOP_TIMEOUT)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def close(self) -> None:
        try:
            self.stop()
        finally:
            if self.pam is not None:
                self.pam.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def wait_until_app_connections_gone(self) -> None:
        """Wait for killed sessions to end on the server (their sockets are closed by then)."""
        deadline = time.monotonic() + STOP_TIMEOUT
        while self.app_connections():
            if time.monotonic() > deadline:
                raise ServerError(f"{self.engine}: app sessions still open after {STOP_TIMEOUT:.0f} s")
            time.sleep(0.02)

    def statements_since(self, mark: int, expected: int) -> list[str]:
        """app_statements(mark) once the server has logged at least `expected` of them (or after 5 s:
        a server's log lags its answers)."""
        deadline = time.monotonic() + 5
        while len(statements := self.app_statements(mark)) < expected and time.monotonic() < deadline:
            time.sleep(0.05)
        return statements

    def log_tail(self, lines: int = 5) -> str:
        try:
            return " | ".join(self.server_log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # ------------------------------------------------------------ what tests use

    def lambda_env(self) -> dict[str, str]:
        """The environment the Terraform module and Lambda would give the function, plus the test CA."""
        return {
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(self.port),
            "DB_USER": APP_USER,
            "DB_NAME": APP_DATABASE,
            "DB_ENGINE": self.engine,
            "DB_CA_BUNDLE": str(self.ca.path),
            **self.credentials.env(),
        }

    def _mkdir(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(mode=0o700)
        os.chown(path, self.uid, self.gid)
        return path

    def _environ(self) -> dict[str, str]:
        return {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(self.root), "LC_ALL": "C.UTF-8", "TZ": "UTC"}

    def _run_as_service_user(self, command: list[str]) -> None:
        result = subprocess.run(
            command,
            user=self.uid,
            group=self.gid,
            extra_groups=[],
            cwd=self.root,
            env=self._environ(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise ServerError(f"{command[0]} failed: {(result.stderr or result.stdout).strip()[-500:]}")


class PostgresServer(Server):
    engine = "postgresql"
    binary = str(PG_BIN / "postgres")
    stop_signal = signal.SIGINT  # fast shutdown: ends sessions at once

    def _initialize(self) -> None:
        self.data = self.root / "data"
        self._run_as_service_user(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "--no-instructions",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        )
        # Admin over the private Unix socket; the app user over TLS with PAM only; plain TCP refused.
        # A pooler in front (pgbouncer.py) logs in on the private socket with the app user's password,
        # as RDS Proxy logs in with the secret's; no password is set unless one runs.
        (self.data / "pg_hba.conf").write_text(
            "local all postgres trust\n"
            f"local {APP_DATABASE} {APP_USER} scram-sha-256\n"
            f"hostssl {APP_DATABASE} {APP_USER} 127.0.0.1/32 pam pamservice={self.pam.name}\n"
            "hostnossl all all 0.0.0.0/0 reject\n"
        )

    def _command(self) -> list[str]:
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": self.port,
            "unix_socket_directories": self.run_dir,
            "ssl": "on",
            "ssl_cert_file": self.cert,
            "ssl_key_file": self.key,
            "ssl_min_protocol_version": "TLSv1.2",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": "16MB",
            "max_connections": 60,
            "log_connections": "on",
            # Every statement, with the user and backend pid, for app_statements().
            "log_statement": "all",
            "log_line_prefix": "%u[%p] ",
        }
        command = [str(PG_BIN / "postgres"), "-D", str(self.data)]
        for name, value in settings.items():
            command += ["-c", f"{name}={value}"]
        return command

    def admin(self, sql: str, database: str = "postgres") -> list[list]:
        connection = self.admin_session(database)
        try:
            return connection.run(sql)
        finally:
            connection.close()

    def admin_session(self, database: str = "postgres"):
        """A superuser's pg8000 connection over the private socket; the caller closes it."""
        import pg8000.native

        return pg8000.native.Connection(
            user="postgres", unix_sock=str(self.run_dir / f".s.PGSQL.{self.port}"), database=database, timeout=10
        )

    def _create_app_user(self) -> None:
        self.admin(f"CREATE ROLE {APP_USER} LOGIN")
        self.admin(f"CREATE DATABASE {APP_DATABASE} OWNER {APP_USER}")  # its public schema: tables of its own

    def app_connections(self, session=None) -> list[int]:
        """The app user's sessions over TCP: the Lambda code's (a pooler in front logs in on the socket).
        Asked on `session` (an admin_session(), for frequent asking) or a connection of its own."""
        sql = f"SELECT pid FROM pg_stat_activity WHERE usename = '{APP_USER}' AND client_addr IS NOT NULL"
        return [pid for (pid,) in (session.run(sql) if session is not None else self.admin(sql))]

    def kill_app_connections(self) -> int:
        """End the app user's sessions and wait until their backends have exited (so their sockets are closed)."""
        pids = self.app_connections()
        for pid in pids:
            self.admin(f"SELECT pg_terminate_backend({pid}, {int(KILL_WAIT_S * 1000)})")
        self._wait_until_gone(pids)
        return len(pids)

    def statement_log_mark(self) -> int:
        return self.server_log.stat().st_size

    def app_statements(self, since: int) -> list[str]:
        """What the app user's sessions sent since `since` (a statement_log_mark()), one entry per
        statement as the server logged it: "statement: <sql>" (simple protocol) or
        "execute <name>: <sql>" (extended protocol; <unnamed> or a prepared statement's name)."""
        with open(self.server_log, "rb") as log:
            log.seek(since)
            text = log.read().decode(errors="replace")
        statements: list[str] = []
        current: list[str] | None = None
        for line in text.splitlines():
            if line.startswith("\t") and current is not None:  # a multi-line statement goes on
                current.append(line.strip())
                continue
            current = None
            prefix = f"{APP_USER}["
            if line.startswith(prefix) and "] LOG:  " in line:
                message = line.split("] LOG:  ", 1)[1]
                if message.startswith(("statement: ", "execute ")):
                    current = [message]
                    statements.append(current)
        return [" ".join(parts) for parts in statements]

    def hung(self):
        """The app user's sessions stop answering (their backends are stopped) until the block ends."""
        return stopped(self.app_connections())


class MariaDBServer(Server):
    engine = "mysql"
    binary = MARIADBD
    stop_signal = signal.SIGTERM

    def _initialize(self) -> None:
        self.data = self.root / "data"
        self.socket = self.run_dir / "mysqld.sock"
        self.general_log = self.run_dir / "general.log"
        self._run_as_service_user(
            [
                "mariadb-install-db",
                "--no-defaults",
                f"--datadir={self.data}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve",
                # The bootstrap server's temporary tables in this server's own directory: in the shared
                # /tmp, bootstraps run side by side by other test workers collided on their names.
                f"--tmpdir={self.run_dir}",
            ]
        )

    def _command(self) -> list[str]:
        return [
            MARIADBD,
            "--no-defaults",
            f"--datadir={self.data}",
            f"--socket={self.socket}",
            f"--port={self.port}",
            "--bind-address=127.0.0.1",
            "--skip-name-resolve",
            f"--pid-file={self.run_dir / 'mariadbd.pid'}",
            f"--tmpdir={self.run_dir}",
            f"--ssl-cert={self.cert}",
            f"--ssl-key={self.key}",
            "--require-secure-transport=ON",
            "--tls-version=TLSv1.2,TLSv1.3",
            # PAM in the server process (v1), so no setuid helper is needed; the account asks the
            # client for mysql_clear_password, the only way RDS Proxy takes an IAM token.
            "--plugin-load-add=auth_pam_v1",
            "--pam-use-cleartext-plugin=ON",
            "--skip-log-bin",
            "--performance-schema=OFF",
            "--innodb-buffer-pool-size=8M",
            "--innodb-flush-log-at-trx-commit=0",
            "--max-connections=60",
            "--log-warnings=1",
            # Every statement of every session, for app_statements().
            "--general-log=ON",
            f"--general-log-file={self.general_log}",
        ]

    def admin(self, sql: str) -> list[tuple]:
        import pymysql

        connection = pymysql.connect(unix_socket=str(self.socket), user="root", connect_timeout=10, autocommit=True)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())
        finally:
            connection.close()

    def _create_app_user(self) -> None:
        self.admin(f"CREATE DATABASE {APP_DATABASE}")
        self.admin(f"CREATE USER '{APP_USER}'@'%' IDENTIFIED VIA pam USING '{self.pam.name}' REQUIRE SSL")
        self.admin(f"GRANT ALL PRIVILEGES ON {APP_DATABASE}.* TO '{APP_USER}'@'%'")

    def app_connections(self) -> list[int]:
        return [i for (i,) in self.admin(f"SELECT id FROM information_schema.processlist WHERE user = '{APP_USER}'")]

    def kill_app_connections(self) -> int:
        """End the app user's sessions and wait until the server has closed them."""
        ids = self.app_connections()
        for connection_id in ids:
            self.admin(f"KILL CONNECTION {connection_id}")
        self._wait_until_gone(ids)
        return len(ids)

    def statement_log_mark(self) -> int:
        return self.general_log.stat().st_size if self.general_log.exists() else 0

    def app_statements(self, since: int) -> list[str]:
        """What the app user's sessions sent since `since` (a statement_log_mark()): each "Query" or
        "Prepare"/"Execute" entry of the general log, as "<command>: <sql>". Sessions are known by their
        "Connect" entries, which may come before `since` (a connection kept from earlier)."""
        with open(self.general_log, "rb") as log:
            data = log.read()
        app_threads: set[str] = set()
        statements: list[list[str]] = []
        current: list[str] | None = None
        offset = 0
        for raw in data.splitlines(keepends=True):
            start, offset = offset, offset + len(raw)
            line = raw.decode(errors="replace").rstrip("\r\n")
            # "[yymmdd hh:mm:ss]\t\t<spaces><thread id> <Command>\t<argument>"; a multi-line query goes on bare
            entry = GENERAL_LOG_ENTRY.match(line)
            if entry is None:
                if current is not None:
                    current.append(line.strip())
                continue
            current = None
            thread, command, argument = entry.groups()
            if command == "Connect":  # a restarted server numbers its threads anew: an id may change hands
                if argument.startswith(f"{APP_USER}@"):
                    app_threads.add(thread)
                else:
                    app_threads.discard(thread)
            elif thread in app_threads and command != "Quit" and start >= since:
                current = [f"{command}: {argument}"]
                statements.append(current)
        return [" ".join(parts) for parts in statements]

    def hung(self):
        """The server stops answering (its process is stopped) until the block ends."""
        return stopped([self.process.pid])


GENERAL_LOG_ENTRY = re.compile(r"^(?:\d{6} +\d{1,2}:\d{2}:\d{2})?\t+ *(\d+) (\w+)\t(.*)$")
SERVERS = {"postgresql": PostgresServer, "mysql": MariaDBServer}
