"""A real Synapse homeserver for end-to-end tests.

Synapse is installed once into its own cached virtual environment, outside the
repository, and reused by every later run:

    ${ASSEMBLEE_TEST_CACHE:-${XDG_CACHE_HOME:-~/.cache}/assemblee}/synapse-<version>/venv

Each test session then starts one (or more) throw-away homeservers on 127.0.0.1 with an
SQLite database in a temporary directory. The server runs under a small watchdog
process that stops it as soon as the test process disappears, so a crashed or killed
test run never leaves a homeserver behind.

The module uses only the standard library (plus matrix-nio for `login_client`), so it
can be imported by fixtures, by scripts and by the benchmarks alike.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from nio import AsyncClient

SYNAPSE_VERSION = "1.163.2"
STARTUP_TIMEOUT = 90.0
INSTALL_TIMEOUT = 900.0
_MARKER = "installed.json"


class SynapseUnavailable(RuntimeError):
    """Synapse could not be installed or started; `log_tail` says why."""

    def __init__(self, message: str, log_tail: str = "") -> None:
        super().__init__(message)
        self.log_tail = log_tail

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base}\n--- log tail ---\n{self.log_tail}" if self.log_tail else base


# --------------------------------------------------------------------------- install


def cache_root() -> Path:
    explicit = os.environ.get("ASSEMBLEE_TEST_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "assemblee"


def _base_python() -> str:
    """The interpreter the project venv was made from (never the venv's own shim)."""
    base = getattr(sys, "_base_executable", None) or sys.executable
    return base if Path(base).exists() else sys.executable


def venv_python(version: str = SYNAPSE_VERSION) -> Path:
    return cache_root() / f"synapse-{version}" / "venv" / "bin" / "python"


def _tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def ensure_synapse(version: str = SYNAPSE_VERSION) -> Path:
    """Install Synapse into its cached venv if needed; return the venv's python.

    Safe to call from several processes at once: the first one installs under an
    exclusive file lock, the others wait and then take the fast path.
    """
    home = cache_root() / f"synapse-{version}"
    marker = home / _MARKER
    python = home / "venv" / "bin" / "python"
    if marker.exists() and python.exists():
        return python
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "install.log"
    with (home / "install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if marker.exists() and python.exists():
                return python
            venv_dir = home / "venv"
            if venv_dir.exists():  # a half-done install from an interrupted run
                shutil.rmtree(venv_dir)
            deadline = time.monotonic() + INSTALL_TIMEOUT
            with log_path.open("w") as log:
                steps = [
                    [_base_python(), "-m", "venv", str(venv_dir)],
                    [str(python), "-m", "pip", "install", "--upgrade", "pip"],
                    [str(python), "-m", "pip", "install", f"matrix-synapse=={version}"],
                ]
                for step in steps:
                    log.write(f"$ {' '.join(step)}\n")
                    log.flush()
                    remaining = max(10.0, deadline - time.monotonic())
                    try:
                        done = subprocess.run(
                            step,
                            stdout=log,
                            stderr=subprocess.STDOUT,
                            timeout=remaining,
                            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
                            check=False,
                        )
                    except subprocess.TimeoutExpired:
                        raise SynapseUnavailable(
                            f"installing Synapse {version} timed out", _tail(log_path)
                        ) from None
                    if done.returncode != 0:
                        log.flush()
                        raise SynapseUnavailable(
                            f"installing Synapse {version} failed ({step[2:4]})",
                            _tail(log_path),
                        )
            check = subprocess.run(
                [str(python), "-c", "import synapse; print(synapse.__version__)"],
                capture_output=True,
                text=True,
                check=False,
            )
            if check.returncode != 0 or check.stdout.strip() != version:
                raise SynapseUnavailable(
                    f"Synapse {version} installed but does not import",
                    check.stderr[-3000:] + check.stdout[-500:],
                )
            marker.write_text(
                json.dumps({"version": version, "python": _base_python(), "at": time.time()})
            )
            return python
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- config


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_HUGE = {"per_second": 100000, "burst_count": 100000}


def relaxed_rate_limits() -> dict[str, Any]:
    """Every client-facing rate limit of Synapse raised out of reach."""
    return {
        "rc_message": _HUGE,
        "rc_registration": _HUGE,
        "rc_registration_token_validity": _HUGE,
        "rc_login": {"address": _HUGE, "account": _HUGE, "failed_attempts": _HUGE},
        "rc_admin_redaction": _HUGE,
        "rc_joins": {"local": _HUGE, "remote": _HUGE},
        "rc_joins_per_room": _HUGE,
        "rc_key_requests": _HUGE,
        "rc_3pid_validation": _HUGE,
        "rc_invites": {"per_room": _HUGE, "per_user": _HUGE, "per_issuer": _HUGE},
        "rc_third_party_invite": _HUGE,
        "rc_media_create": _HUGE,
        "rc_presence": {"per_user": _HUGE},
        "rc_delayed_event_mgmt": _HUGE,
        "rc_room_creation": _HUGE,
        "rc_reports": _HUGE,
        "rc_user_directory": _HUGE,
        "rc_profile": _HUGE,
    }


def default_rate_limits() -> dict[str, Any]:
    """Synapse's own message limits, but room creation, login and registration stay open.

    Tests of the 429 path need `rc_message` as shipped; the setup steps around them
    (registering users, creating rooms) must not be throttled.
    """
    return {
        "rc_registration": _HUGE,
        "rc_login": {"address": _HUGE, "account": _HUGE, "failed_attempts": _HUGE},
        "rc_room_creation": _HUGE,
        "rc_joins": {"local": _HUGE, "remote": _HUGE},
        "rc_invites": {"per_room": _HUGE, "per_user": _HUGE, "per_issuer": _HUGE},
    }


def write_config(
    directory: Path, port: int, *, relaxed: bool = True, server_name: str | None = None
) -> tuple[Path, dict[str, Any]]:
    """Write homeserver.yaml (JSON is valid YAML) and its log config into `directory`."""
    server_name = server_name or f"localhost:{port}"
    log_config_path = directory / "log.config"
    log_config = {
        "version": 1,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "handlers": {
            "file": {
                "class": "logging.FileHandler",
                "formatter": "plain",
                "filename": str(directory / "homeserver.log"),
                "level": "WARNING",
            }
        },
        "root": {"level": "WARNING", "handlers": ["file"]},
        "disable_existing_loggers": False,
    }
    log_config_path.write_text(json.dumps(log_config, indent=2))
    config: dict[str, Any] = {
        "server_name": server_name,
        "public_baseurl": f"http://127.0.0.1:{port}/",
        "pid_file": str(directory / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client", "media"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(directory / "homeserver.db")}},
        "log_config": str(log_config_path),
        "media_store_path": str(directory / "media_store"),
        "signing_key_path": str(directory / "signing.key"),
        "registration_shared_secret": secrets.token_hex(24),
        "macaroon_secret_key": secrets.token_hex(24),
        "form_secret": secrets.token_hex(24),
        "report_stats": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "enable_registration": False,
        "enable_metrics": False,
        "url_preview_enabled": False,
        "presence": {"enabled": False},
        "federation_domain_whitelist": [],
        "allow_public_rooms_over_federation": False,
        "enable_media_repo": True,
        "max_upload_size": "10M",
    }
    config.update(relaxed_rate_limits() if relaxed else default_rate_limits())
    config_path = directory / "homeserver.yaml"
    config_path.write_text(json.dumps(config, indent=2))
    return config_path, config


# --------------------------------------------------------------------------- process

# Runs in Synapse's own venv: starts Synapse as a child and stops it when the test
# process (the watchdog's parent) is gone, or when the watchdog itself is told to stop.
_WATCHDOG = r"""
import ctypes, os, signal, subprocess, sys, time

parent = int(sys.argv[1])
cmd = sys.argv[2:]
first_ppid = os.getppid()

def die_with_parent():
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass

child = subprocess.Popen(cmd, preexec_fn=die_with_parent)

def stop(*_):
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    sys.exit(0)

signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
while child.poll() is None:
    try:
        os.kill(parent, 0)
        alive = os.getppid() == first_ppid
    except ProcessLookupError:
        alive = False
    if not alive:
        stop()
    time.sleep(0.5)
sys.exit(child.returncode)
"""


def _die_with_parent() -> None:
    """preexec_fn: the watchdog gets SIGTERM if the test process dies."""
    import ctypes

    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


_user_counter = itertools.count(1)


@dataclass(frozen=True, slots=True)
class MatrixUser:
    user_id: str
    access_token: str
    device_id: str
    password: str
    localpart: str

    def __iter__(self) -> Iterator[str]:
        """Unpacks as (user_id, access_token, device_id)."""
        return iter((self.user_id, self.access_token, self.device_id))


@dataclass
class SynapseServer:
    """One running homeserver; use `start()` / `stop()` or the context manager."""

    directory: Path
    port: int
    relaxed: bool = True
    version: str = SYNAPSE_VERSION
    config: dict[str, Any] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    _own_directory: bool = False

    @classmethod
    def create(cls, *, relaxed: bool = True, directory: Path | None = None) -> SynapseServer:
        own = directory is None
        directory = directory or Path(tempfile.mkdtemp(prefix="assemblee-synapse-"))
        return cls(directory=directory, port=free_port(), relaxed=relaxed, _own_directory=own)

    # -- properties

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def server_name(self) -> str:
        return str(self.config["server_name"])

    @property
    def shared_secret(self) -> str:
        return str(self.config["registration_shared_secret"])

    @property
    def stdout_path(self) -> Path:
        return self.directory / "stdout.log"

    @property
    def log_path(self) -> Path:
        return self.directory / "homeserver.log"

    def log_tail(self, lines: int = 60) -> str:
        parts = []
        for path in (self.stdout_path, self.log_path):
            tail = _tail(path, lines)
            if tail:
                parts.append(f"[{path.name}]\n{tail}")
        return "\n".join(parts)

    # -- lifecycle

    def start(self, timeout: float = STARTUP_TIMEOUT) -> Self:
        python = ensure_synapse(self.version)
        config_path, self.config = write_config(self.directory, self.port, relaxed=self.relaxed)
        keys = subprocess.run(
            [
                str(python),
                "-m",
                "synapse.app.homeserver",
                "--config-path",
                str(config_path),
                "--generate-keys",
            ],
            capture_output=True,
            text=True,
            cwd=self.directory,
            timeout=120,
            check=False,
        )
        if keys.returncode != 0:
            raise SynapseUnavailable(
                "synapse --generate-keys failed", (keys.stderr + keys.stdout)[-4000:]
            )
        watchdog = self.directory / "watchdog.py"
        watchdog.write_text(_WATCHDOG)
        with self.stdout_path.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    str(python),
                    str(watchdog),
                    str(os.getpid()),
                    str(python),
                    "-m",
                    "synapse.app.homeserver",
                    "--config-path",
                    str(config_path),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.directory,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 (only a prctl call)
            )
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last_error = ""
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise SynapseUnavailable(
                    f"Synapse exited early with code {self.process.returncode}", self.log_tail()
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError) as error:
                last_error = str(error)
            time.sleep(0.25)
        raise SynapseUnavailable(
            f"Synapse not ready after {timeout:.0f}s ({last_error})", self.log_tail()
        )

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()  # Synapse itself gets SIGTERM from its parent-death signal
            process.wait(5)

    def cleanup(self) -> None:
        self.stop()
        if self._own_directory:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    # -- HTTP helpers (blocking, standard library only)

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return dict(json.loads(response.read() or b"{}"))
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")
            raise RuntimeError(f"{method} {path} -> {error.code}: {detail}") from None

    def register_user(
        self, localpart: str | None = None, *, admin: bool = False, password: str | None = None
    ) -> MatrixUser:
        """Create a user through the shared-secret admin API."""
        localpart = localpart or f"user{next(_user_counter)}_{secrets.token_hex(3)}"
        password = password or secrets.token_urlsafe(12)
        nonce = self.request("GET", "/_synapse/admin/v1/register")["nonce"]
        mac = hmac.new(self.shared_secret.encode(), digestmod=hashlib.sha1)
        for part in (nonce, localpart, password):
            mac.update(part.encode())
            mac.update(b"\x00")
        mac.update(b"admin" if admin else b"notadmin")
        reply = self.request(
            "POST",
            "/_synapse/admin/v1/register",
            {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            },
        )
        return MatrixUser(
            user_id=reply["user_id"],
            access_token=reply["access_token"],
            device_id=reply["device_id"],
            password=password,
            localpart=localpart,
        )


def start_synapse(*, relaxed: bool = True) -> SynapseServer:
    """Start a fresh homeserver; the caller must `cleanup()` it."""
    server = SynapseServer.create(relaxed=relaxed)
    try:
        return server.start()
    except (OSError, subprocess.SubprocessError) as error:
        tail = server.log_tail()
        server.cleanup()
        raise SynapseUnavailable(f"cannot run Synapse: {error!r}", tail) from error
    except BaseException:
        server.cleanup()
        raise


async def login_client(
    server: SynapseServer,
    user: MatrixUser,
    store_path: Path | str | None = None,
    *,
    e2e: bool = False,
    fresh_device: bool = False,
) -> AsyncClient:
    """A logged-in nio client for `user`.

    With `e2e`, the client has an encryption store in `store_path` and has uploaded its
    device keys (one sync done), so others can encrypt to it.
    """
    from nio import AsyncClient, AsyncClientConfig, LoginResponse

    config = AsyncClientConfig(encryption_enabled=e2e, store_sync_tokens=e2e)
    if e2e and store_path is None:
        raise ValueError("an encrypted client needs a store_path")
    if store_path is not None:
        Path(store_path).mkdir(parents=True, exist_ok=True)
    client = AsyncClient(server.url, user.user_id, store_path=str(store_path or ""), config=config)
    if fresh_device:
        response = await client.login(user.password, device_name="test")
        if not isinstance(response, LoginResponse):
            await client.close()
            raise RuntimeError(f"login failed for {user.user_id}: {response}")
    else:
        client.restore_login(user.user_id, user.device_id, user.access_token)
    if e2e:
        if client.should_upload_keys:
            await client.keys_upload()
        await client.sync(timeout=0, full_state=True)
    return client
