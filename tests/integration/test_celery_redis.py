"""The production shape end to end: a real Redis broker, a real Celery worker and beat, the
PostgreSQL test database and a real SMTP server.

A transition leads to Georgian mail in the sink; with the SMTP server down the mail waits and
goes out once the server is back, exactly once; a worker killed in the middle of sending
leaves no mail lost and none doubled; with the broker down a transition still commits and its
mail goes once the broker is back; two beats ticking at once send every mail once.
"""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection

from core.roles import Role
from notifications.models import Notification
from tests.factories import UnitFactory, UserFactory
from tests.smtp_sink import SmtpServer, free_port
from workflow.models import Opportunity

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker shares the test database, which needs a PostgreSQL server",
    ),
]


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


class RedisServer:
    """A Redis of the test's own on a free port, which a test may stop and start again."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed (make test installs it)"
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.client = redis.Redis(host="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.ConnectionError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.answers, 10, "Redis")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


class Stack:
    """Worker and beat processes, started and killed like the real ones."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.folder = folder
        self.processes: list[subprocess.Popen[bytes]] = []

    def _start(self, *args: str, log: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=self.env,
            stdout=open(self.folder / log, "ab"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        return self._start(
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={name}@%h",
            log=f"{name}.log",
        )

    def beat(self, name: str = "beat") -> subprocess.Popen[bytes]:
        return self._start(
            "beat",
            "--loglevel=INFO",
            "-s",
            str(self.folder / f"{name}-schedule"),
            log=f"{name}.log",
        )

    def run_django(self, code: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=60,
        )

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()

    def wait_for(self, condition: Callable[[], bool], seconds: float, what: str) -> None:
        """``wait_for``, failing with the processes' logs."""
        try:
            wait_for(condition, seconds, what)
        except AssertionError:
            raise AssertionError(f"{what}\n{self.logs()}") from None

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.folder.glob("*.log"))


@pytest.fixture
def stack(redis_url: str, smtp: SmtpServer, tmp_path: Path) -> Iterator[Stack]:
    db = connection.settings_dict
    env = os.environ | {
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT']}/{db['NAME']}"
        ),
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "SECRET_KEY": "integration-test-secret-key",
        "DEBUG": "false",
        "DONORFLOW_VAR_DIR": str(tmp_path / "var"),
        "OUTBOX_SWEEP_SECONDS": "1",
        "REMINDER_SWEEP_SECONDS": "3600",
        "NOTIFICATION_RETRY_BASE_SECONDS": "1",
        "NOTIFICATION_SENDING_TIMEOUT_SECONDS": "4",
        "EMAIL_TIMEOUT": "60",
    }
    running = Stack(env, tmp_path)
    yield running
    running.stop()


@pytest.fixture
def opportunity(db: None) -> Opportunity:
    """An identified item of a unit with a shared mailbox and a focal point."""
    unit = UnitFactory.create(code="academy", notification_email="academy@units.test")
    focal = UserFactory.create(username="focal", roles=[(Role.FOCAL_POINT, unit)])
    UserFactory.create(username="coordinator", roles=[(Role.IRD_COORDINATOR, None)])
    UserFactory.create(username="minister", roles=[(Role.TOP_MANAGEMENT, None)])
    from tests.factories import DonorFactory, OpportunityFactory

    return OpportunityFactory.create(
        owning_unit=unit, donor=DonorFactory.create(), created_by=focal
    )


def present(stack: Stack, opportunity: Opportunity) -> None:
    """The coordinator presents the item, in a process of its own, as a web request would."""
    stack.run_django(
        "from core.models import User; from workflow.models import Opportunity; "
        "from workflow.services import opportunity_transition; "
        f"opportunity_transition(opportunity=Opportunity.objects.get(pk={opportunity.pk}), "
        "user=User.objects.get(username='coordinator'), name='present')"
    )


def all_sent() -> bool:
    rows = Notification.objects.filter(kind="opportunity.present")
    return rows.exists() and all(row.status == "sent" for row in rows)


def message_ids(smtp: SmtpServer) -> Counter[str]:
    return Counter(str(message["Message-ID"]) for message in smtp.sink.messages)


def settled_each_once(smtp: SmtpServer) -> Counter[str]:
    """After a few more ticks: every mail the server holds arrived exactly once."""
    time.sleep(3)
    ids = message_ids(smtp)
    assert set(ids.values()) == {1}
    return ids


def test_a_transition_is_mailed_in_georgian_through_redis_and_the_worker(
    stack: Stack, smtp: SmtpServer, opportunity: Opportunity
) -> None:
    stack.worker("w1")
    stack.beat()
    present(stack, opportunity)
    stack.wait_for(lambda: len(smtp.sink.messages) == 3, 60, "three mails")
    recipients = sorted(str(m["To"]) for m in smtp.sink.messages)
    assert recipients == ["academy@units.test", "focal@people.test", "minister@people.test"]
    subject = " ".join(str(smtp.sink.messages[0]["Subject"]).split())  # unfolded
    assert (
        subject
        == f"{opportunity.reference}: წარდგენილია, მოელის გადაწყვეტილებას — {opportunity.title}"
    )
    wait_for(all_sent, 20, "rows marked sent")


def test_with_smtp_down_the_mail_waits_and_goes_out_once_when_it_is_back(
    stack: Stack, smtp: SmtpServer, opportunity: Opportunity
) -> None:
    smtp.stop()
    stack.worker("w1")
    stack.beat()
    present(stack, opportunity)

    def failed_once() -> bool:
        rows = Notification.objects.filter(kind="opportunity.present")
        return rows.count() == 3 and all(r.attempts >= 1 and r.last_error for r in rows)

    wait_for(failed_once, 60, "a failed first attempt")
    assert not Notification.objects.filter(status="sent").exists()
    time.sleep(3)  # retries keep failing while the server is down; nothing is given up
    assert not Notification.objects.filter(status="failed").exists()

    smtp.start()
    wait_for(all_sent, 90, "delivery once the server is back")
    assert len(settled_each_once(smtp)) == 3


def test_a_worker_killed_while_sending_loses_nothing_and_doubles_nothing(
    stack: Stack, smtp: SmtpServer, opportunity: Opportunity
) -> None:
    smtp.sink.delay = 30  # the server holds the first mail: the worker is mid-delivery
    first = stack.worker("w1")
    stack.beat()
    present(stack, opportunity)
    wait_for(lambda: smtp.sink.started >= 1, 60, "the first mail to reach the server")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    smtp.sink.delay = 0
    assert Notification.objects.filter(status="sending").count() == 1

    stack.worker("w2")
    stack.wait_for(all_sent, 90, "every row delivered after the restart")
    assert len(settled_each_once(smtp)) == 3


def _overdue_obligations(opportunity: Opportunity, count: int) -> int:
    """Obligations of the opportunity's unit whose escalation fell due a minute ago."""
    from django.utils import timezone

    from core.models import User
    from projects.models import Obligation
    from projects.services.obligations import obligation_create
    from tests.factories import ProjectFactory

    coordinator = User.objects.get(username="coordinator")
    project = ProjectFactory.create(created_by=coordinator)
    for n in range(count):
        obligation = obligation_create(
            project=project,
            user=coordinator,
            fields={
                "kind": "narrative_report",
                "description": f"ანგარიში {n}",
                "responsible_unit": opportunity.owning_unit,
                "due_date": timezone.localdate() - datetime.timedelta(days=3),
                "recurrence": "one_off",
            },
        )
        Obligation.objects.filter(pk=obligation.pk).update(
            next_escalation_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    return count


def test_with_the_broker_down_a_transition_commits_and_its_mail_goes_after_recovery(
    stack: Stack, smtp: SmtpServer, opportunity: Opportunity, redis_server: RedisServer
) -> None:
    stack.worker("w1")
    stack.beat()
    redis_server.stop()
    present(stack, opportunity)  # the process returns: the web request would not fail
    opportunity.refresh_from_db()
    assert opportunity.state == Opportunity.State.PRESENTED
    rows = Notification.objects.filter(kind="opportunity.present")
    assert rows.count() == 3 and set(rows.values_list("status", flat=True)) == {"pending"}
    time.sleep(2)
    assert smtp.sink.messages == []

    redis_server.start()
    stack.wait_for(all_sent, 120, "delivery once the broker is back")
    assert len(settled_each_once(smtp)) == 3


def test_two_beats_ticking_at_once_send_every_mail_once(
    stack: Stack, smtp: SmtpServer, opportunity: Opportunity
) -> None:
    stack.env["REMINDER_SWEEP_SECONDS"] = "1"
    overdue = _overdue_obligations(opportunity, 3)
    stack.worker("w1")
    stack.worker("w2")
    stack.beat("beat-a")
    stack.beat("beat-b")
    present(stack, opportunity)

    def escalated_and_sent() -> bool:
        escalations = Notification.objects.filter(kind="obligation.escalation")
        return (
            escalations.values("object_id").distinct().count() == overdue
            and not escalations.exclude(status="sent").exists()
            and all_sent()
        )

    stack.wait_for(escalated_and_sent, 120, "the transition's mail and every escalation sent")
    assert len(settled_each_once(smtp)) == Notification.objects.count()
