#!/usr/bin/env python3
"""Property-based contract tests: schemathesis over the whole OpenAPI document, against a real
`madani` server on each backend, as an anonymous visitor, a member and staff.

Run it with `cargo xtask contract` (which builds the server and installs the tools), or by hand:

    python3 tests/contract/run.py --bin target/debug/madani [--backend sqlite] [--role member]

It needs `schemathesis` on PATH or beside this Python (the venv `ensure_venv.py` makes).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DOCUMENT = ROOT / "openapi" / "openapi.json"
CONFIG = HERE / "schemathesis.toml"

# The demo's accounts (README, "Demo accounts"): their passwords are public and fixed.
ACCOUNTS = {
    "member": ("amina@madani.test", "demo-amina-madani"),
    "staff": ("observatoire@madani.test", "demo-observatoire-madani"),
}
ROLES = ("anonymous", "member", "staff")
# Another member, whom the run asks to connect with (hooks.py).
PEER = ("karim@madani.test", "demo-karim-madani")
BACKENDS = ("sqlite", "postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_admin_url() -> str:
    return os.environ.get("MADANI_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def psql(url: str, sql: str) -> None:
    subprocess.run(
        ["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-q", "-d", url, "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=60,
    )


class Server:
    """`madani seed-demo`, then `madani serve` on a free port, on a fresh database."""

    def __init__(self, binary: Path, backend: str):
        self.binary = binary
        self.backend = backend
        self.tmp = Path(tempfile.mkdtemp(prefix=f"madani-contract-{backend}-"))
        self.database = None
        if backend == "postgres":
            self.database = f"contract_{uuid.uuid4().hex[:12]}"
            admin = postgres_admin_url()
            psql(admin, f"CREATE DATABASE {self.database}")
            self.url = admin.rsplit("/", 1)[0] + "/" + self.database
        else:
            self.url = f"sqlite://{self.tmp / 'madani.db'}"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(self.tmp / "server.log", "wb")
        self.process = None
        self.peer_id = ""

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": self.url,
                "MADANI_DATA_DIR": str(self.tmp / "data"),
                "MADANI_BIND": f"127.0.0.1:{self.port}",
                "MADANI_LOG": "warn",
                "MADANI_WEB_DIR": str(self.tmp / "no-web"),
                "MADANI_ENV": "development",
            }
        )
        env.pop("MADANI_CORS_ORIGINS", None)
        return env

    def start(self) -> None:
        subprocess.run([self.binary, "seed-demo"], env=self.env(), cwd=self.tmp, check=True,
                       stdout=self.log, stderr=self.log, timeout=300)
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env(), cwd=self.tmp,
                                        stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}); see {self.tmp / 'server.log'}")
            try:
                with urllib.request.urlopen(f"{self.base}/ready", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError("the server did not become ready within 60 s")

    def login(self, email: str, password: str) -> dict:
        body = json.dumps({"email": email, "password": password, "transport": "body"}).encode()
        request = urllib.request.Request(f"{self.base}/api/v1/auth/login", data=body, method="POST",
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.load(r)

    def stop(self, keep: bool) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        if self.database:
            try:
                psql(postgres_admin_url(), f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
            except subprocess.CalledProcessError as e:
                print(f"# could not drop database {self.database}: {e}", file=sys.stderr)
        if not keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


def schemathesis() -> str:
    beside = Path(sys.executable).parent / "schemathesis"
    return str(beside) if beside.exists() else (shutil.which("schemathesis") or "schemathesis")


def run_schemathesis(server: Server, role: str, token: str | None, args) -> bool:
    command = [
        schemathesis(), "--config-file", str(CONFIG), "--no-color", "run", str(DOCUMENT),
        "--url", server.base,
        "--max-examples", str(args.max_examples),
        "--seed", str(args.seed),
        "--workers", str(args.workers),
        # Hypothesis gives up on an operation whose data it generates slowly; on a machine busy with
        # the builds CI runs beside these tests that is about the machine, not about the API.
        "--suppress-health-check", "too_slow",
    ]
    if args.checks:
        command += ["--checks", args.checks]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    for regex in args.include_path_regex or []:
        command += ["--include-path-regex", regex]
    command += args.extra
    env = dict(os.environ, SCHEMATHESIS_HOOKS="hooks", PYTHONPATH=str(HERE), PYTHONDONTWRITEBYTECODE="1",
               CONTRACT_PEER_ID=server.peer_id)
    started = time.time()
    print(f"==> schemathesis as {role} on {server.backend}", flush=True)
    result = subprocess.run(command, cwd=server.tmp, env=env)
    print(f"    {role} on {server.backend}: {'passed' if result.returncode == 0 else 'FAILED'} "
          f"in {time.time() - started:.0f} s", flush=True)
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", type=Path, required=True, help="the madani binary")
    parser.add_argument("--backend", choices=BACKENDS, action="append", help="default: both")
    parser.add_argument("--role", choices=ROLES, action="append", help="default: all three")
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("CONTRACT_MAX_EXAMPLES", "10")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CONTRACT_SEED", "20260101")))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--checks", help="default: those of schemathesis.toml")
    parser.add_argument("--include-path-regex", action="append")
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs (server logs)")
    parser.add_argument("extra", nargs="*", help="more schemathesis options, after --")
    args = parser.parse_args()

    started = time.time()
    outcomes = []
    for backend in args.backend or BACKENDS:
        server = Server(args.bin.resolve(), backend)
        try:
            server.start()
            server.peer_id = server.login(*PEER)["user"]["id"]
            for role in args.role or ROLES:
                token = server.login(*ACCOUNTS[role])["access_token"] if role in ACCOUNTS else None
                outcomes.append((backend, role, run_schemathesis(server, role, token, args)))
        finally:
            server.stop(args.keep or any(not ok for _, _, ok in outcomes))
            if any(not ok for _, _, ok in outcomes):
                print(f"# server log: {server.tmp / 'server.log'}")
    passed = sum(ok for _, _, ok in outcomes)
    failed = len(outcomes) - passed
    print(f"==> contract tests in {time.time() - started:.0f} s")
    print(f"contract: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
