"""The first command's process set on a fresh machine, and a small office working on it at once.

This starts what `make run` starts — the web server, the Celery worker and beat from
Procfile.dev under honcho, on the embedded defaults (SQLite and the filesystem broker) in a
var folder that does not exist yet, on a free port — with a real SMTP server as the mail
host. It waits for the sign-in page, approves an item through the API and sees the mail the
worker sends reach the SMTP server, with links to the port it is served on. Then four people
write and two read for ten seconds with no answer of 500 or above, and two people approving
the same item at the same moment get one 200 and one 409.
"""

from __future__ import annotations

import email.message
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.smtp_sink import SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "donorflow-demo"

pytestmark = pytest.mark.integration


def _plain_body(message: email.message.EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return body.get_content()


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


class Site:
    """HTTP to the running app, as a client on another machine would speak it."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def call(self, method: str, path: str, *, token: str = "", body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Accept-Language", "ka")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Token {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                raw = answer.read()
                status = answer.status
        except urllib.error.HTTPError as refusal:
            raw = refusal.read()
            status = refusal.code
        kind = "json" if raw[:1] in (b"{", b"[") else "text"
        return status, json.loads(raw) if kind == "json" else raw.decode(errors="replace")

    def answers(self) -> bool:
        try:
            return self.call("GET", "/login/")[0] == 200
        except OSError:
            return False

    def token(self, username: str) -> str:
        status, body = self.call(
            "POST", "/api/auth/token/", body={"username": username, "password": DEMO_PASSWORD}
        )
        assert status == 200, body
        return str(body["token"])

    def first(self, token: str, state: str, index: int = 0) -> dict[str, Any]:
        status, body = self.call("GET", f"/api/opportunities/?state={state}", token=token)
        assert status == 200, body
        return dict(body["results"][index])


class FirstCommand:
    """`make run`'s set-up and Procfile.dev under honcho, in a folder of the test's own."""

    def __init__(self, folder: Path, smtp_port: int) -> None:
        self.port = free_port()
        self.folder = folder
        self.var = folder / "var"  # does not exist yet, as on a fresh clone
        env = {
            key: value
            for key, value in os.environ.items()
            # The embedded defaults: no database server, no broker server.
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        self.env = env | {
            "DEBUG": "true",
            "PORT": str(self.port),
            "DONORFLOW_VAR_DIR": str(self.var),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "OUTBOX_SWEEP_SECONDS": "2",
            "PYTHONUNBUFFERED": "1",
            # As under `uv run`: the Procfile's commands come from the project's environment.
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        # As the Makefile's run target: links follow the port the app is served on.
        self.env["DONORFLOW_SITE_URL"] = f"http://127.0.0.1:{self.port}"
        self.log = folder / "honcho.log"
        self.process: subprocess.Popen[bytes] | None = None

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=300,
            capture_output=True,
        )

    def start(self) -> None:
        honcho = Path(sys.executable).parent / "honcho"
        self.process = subprocess.Popen(
            [str(honcho), "-f", "Procfile.dev", "start"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one signal stops web, worker and beat together
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def first_command(
    tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer
) -> Iterator[FirstCommand]:
    app = FirstCommand(tmp_path_factory.mktemp("fresh"), smtp.port)
    app.manage("compilemessages", "--ignore", ".venv", "--ignore", "var", "-v0")
    app.manage("migrate", "--no-input", "-v0")
    app.manage("load_demo")
    app.start()
    site = Site(app.port)
    try:
        try:
            wait_for(lambda: site.answers() or not app.running(), 180, "the sign-in page")
        except AssertionError as late:
            raise AssertionError(app.output()[-3000:]) from late
        assert app.running(), app.output()
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="module")
def site(first_command: FirstCommand) -> Site:
    return Site(first_command.port)


def test_a_fresh_var_folder_serves_and_the_worker_mails_an_approval(
    first_command: FirstCommand, site: Site, smtp: SmtpServer
) -> None:
    status, page = site.call("GET", "/login/")
    assert status == 200
    assert "შესვლა" in page  # the sign-in page, in Georgian

    minister = site.token("minister")
    item = site.first(minister, "presented")
    status, body = site.call(
        "POST", f"/api/opportunities/{item['id']}/transitions/approve/", token=minister
    )
    assert status == 200, body
    assert body["state"] == "approved"

    link = f"http://127.0.0.1:{first_command.port}/opportunities/{item['id']}/"

    def approval_mailed() -> bool:
        return any(
            item["reference"] in str(message["Subject"]) and link in _plain_body(message)
            for message in list(smtp.sink.messages)
        )

    wait_for(approval_mailed, 60, "the approval's mail in the SMTP server")
    assert first_command.running(), first_command.output()
    # Everything the embedded defaults keep is in the var folder, nothing in the checkout.
    assert (first_command.var / "celery-broker").is_dir()
    assert (first_command.var / "celery-control").is_dir()
    assert not (ROOT / "control").exists()


def test_four_writers_and_two_readers_for_ten_seconds_get_no_server_error(
    first_command: FirstCommand, site: Site
) -> None:
    coordinator = site.token("coordinator")
    minister = site.token("minister")
    units = site.call("GET", "/api/units/", token=coordinator)[1]["results"]
    donors = site.call("GET", "/api/donors/", token=coordinator)[1]["results"]
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + 10

    def record(what: str, status: int, body: Any, expected: set[int]) -> None:
        with lock:
            statuses[status] += 1
            if status not in expected:
                failures.append(f"{what}: {status} {str(body)[:300]}")

    def writer(number: int) -> None:
        count = 0
        while time.monotonic() < stop_at:
            count += 1
            payload = {
                "title": f"ერთდროული ჩანაწერი {number}-{count}",
                "kind": "training",
                "donor": donors[number % len(donors)]["id"],
                "owning_unit": units[number % len(units)]["id"],
                "estimated_value": "1000.00",
                "currency": "EUR",
                "expected_results": "შედეგი",
                "kpis": [{"name": "პირები", "unit": "პირი", "baseline": "0", "target": "5"}],
            }
            status, body = site.call("POST", "/api/opportunities/", token=coordinator, body=payload)
            record("create", status, body, {201})
            if status != 201:
                continue
            status, body = site.call(
                "PATCH",
                f"/api/opportunities/{body['id']}/",
                token=coordinator,
                body={"title": f"შესწორებული {number}-{count}"},
            )
            record("edit", status, body, {200})

    def reader(path: str) -> None:
        while time.monotonic() < stop_at:
            status, body = site.call("GET", path, token=coordinator)
            record(f"read {path}", status, body, {200})

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    threads += [
        threading.Thread(target=reader, args=(path,))
        for path in ("/api/opportunities/?page_size=50", "/api/projects/")
    ]
    for thread in threads:
        thread.start()

    # Meanwhile two people approve the same item at the same moment.
    item = site.first(minister, "presented")
    together = threading.Barrier(2)
    approvals: list[int] = []

    def approve() -> None:
        together.wait()
        status, body = site.call(
            "POST", f"/api/opportunities/{item['id']}/transitions/approve/", token=minister
        )
        with lock:
            approvals.append(status)
            if status >= 500:
                failures.append(f"approve: {status} {str(body)[:300]}")

    deciders = [threading.Thread(target=approve) for _ in range(2)]
    for thread in deciders:
        thread.start()
    for thread in [*deciders, *threads]:
        thread.join(timeout=60)

    assert failures == [], failures[:5]
    assert sorted(approvals) == [200, 409]
    assert not [status for status in statuses if status >= 500]
    assert statuses[201] >= 4  # every writer got through at least once
    assert first_command.running(), first_command.output()
