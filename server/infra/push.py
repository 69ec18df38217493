"""Web Push: VAPID keys, and sending that never breaks an action.

Which devices receive what is domain data (``server/domain/subscriptions.py``), and which
events send what is ``server/domain/notifications.py``. ``PushSender.send`` encrypts a small
JSON message for every device it is given and posts it to the push service, in a worker
thread with a short timeout. A push that fails is logged and forgotten: the action that
caused it has already succeeded. Devices the push service reports gone (404/410) are
removed.

pywebpush quirks handled here: it mutates ``vapid_claims`` (a fresh dict per call), its
default timeout is infinite, it sends payloads bigger than real push services accept,
and its default TTL of 0 drops messages to a phone that is asleep.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from server.infra import i18n
from server.infra.store import Store, write_atomic

log = logging.getLogger("rugzak.push")

KEY_FILE = "vapid-private.pem"
TIMEOUT = 5.0  # seconds per push service request (pywebpush waits forever by default)
MAX_PAYLOAD = 3 * 1024  # real push services take ~4 KB after encryption; stay well below
DAY = 86400

# How long a push service keeps a message for a phone that is off. A reminder is useless
# after a day; the rest stays worth knowing for a week.
TTL = {
    "nieuwe-opdracht": 7 * DAY,
    "herinnering-opdracht": 1 * DAY,
    "gedeeld": 7 * DAY,
    "compliment": 7 * DAY,
    "gesprek": 7 * DAY,
    "herinnering-gesprek": 1 * DAY,
    "herinnering-opendag": 1 * DAY,
    "bewaartermijn": 7 * DAY,
}
# RFC 8030 Urgency: "low" may wait until the phone is charging or on Wi-Fi.
URGENCY = {
    "nieuwe-opdracht": "normal",
    "herinnering-opdracht": "normal",
    "gedeeld": "low",
    "compliment": "low",
    "gesprek": "normal",
    "herinnering-gesprek": "normal",
    "herinnering-opendag": "normal",
    "bewaartermijn": "normal",
}

_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="rugzak-push")

# Who gets a message is the domain's (server/domain/subscriptions.py): the sender asks.
Targets = Callable[[list[str], str], list[Any]]  # (person ids, event) -> their subscriptions
Forget = Callable[[list[str]], None]  # subscriptions the push service reported gone


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- keys ---


def load_or_create_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """The server's VAPID key (P-256), made on first use and kept in the data folder."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_atomic(path, pem)
    path.chmod(0o600)
    return key


def public_key_b64(key: ec.EllipticCurvePrivateKey) -> str:
    """The public key as the browser's ``applicationServerKey`` wants it."""
    raw = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(raw)


def vapid_subject(base_url: str) -> str:
    """Push services want a contact: the school's https address, else a placeholder."""
    if base_url.startswith("https://"):
        return base_url.rstrip("/")
    return "mailto:beheer@rugzak.invalid"


# --- sending ---


def payload(
    event: str, title: str, body: str, url: str, tag: str = "", lang: str = i18n.DEFAULT
) -> str:
    """The JSON the service worker shows, cut to fit: a push service refuses big messages.
    ``lang`` and ``dir`` tell the phone how to show the text (Arabic: right to left)."""
    message = {
        "event": event,
        "title": title[:120],
        "body": body,
        "url": url,
        "tag": tag or event,
        "lang": lang,
        "dir": i18n.direction(lang),
    }
    text = json.dumps(message, ensure_ascii=False)
    while len(text.encode()) > MAX_PAYLOAD:
        over = len(text.encode()) - MAX_PAYLOAD
        message["body"] = message["body"][: max(0, len(message["body"]) - over - 1)] + "…"
        text = json.dumps(message, ensure_ascii=False)
    return text


@dataclass
class Report:
    sent: int = 0
    gone: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class PushSender:
    """One per data folder: the VAPID key and the sending of messages."""

    def __init__(
        self,
        store: Store,
        base_url: str,
        targets: Targets,
        forget: Forget,
        timeout: float = TIMEOUT,
    ) -> None:
        self.store = store
        self.timeout = timeout
        self._targets, self._forget_gone = targets, forget
        key = load_or_create_key(store.data_dir / KEY_FILE)
        self.public_key = public_key_b64(key)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._vapid = Vapid02.from_pem(pem)
        self.subject = vapid_subject(base_url)
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()

    # Everything that reaches the pool is wrapped so nothing is ever raised to a caller.
    def submit(self, fn: Callable[..., Report], *args: Any) -> Future[Report]:
        def run() -> Report:
            try:
                return fn(*args)
            except Exception as e:
                log.exception("push: %s failed", getattr(fn, "__name__", "task"))
                return Report(failed=1, errors=[repr(e)])

        try:
            future = _pool.submit(run)
        except RuntimeError as e:  # interpreter shutting down
            return done(Report(failed=1, errors=[repr(e)]))
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    def wait(self, timeout: float = 10.0) -> None:
        """Until every message submitted so far is sent or given up (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                pending = list(self._pending)
            if not pending:
                return
            for f in pending:
                f.exception(timeout=max(0.0, deadline - time.monotonic()))

    def send(
        self, person_ids: Iterable[str], event: str, title: str, body: str, url: str, tag: str = ""
    ) -> Future[Report]:
        return self.submit(self.send_now, list(person_ids), event, title, body, url, tag)

    def send_now(
        self,
        person_ids: list[str],
        event: str,
        title: str,
        body: str,
        url: str,
        tag: str = "",
        lang: str = i18n.DEFAULT,
    ) -> Report:
        """Send in this thread (blocking) to every device of these people that wants it;
        the texts are already in ``lang`` (server/domain/notifications.py says them)."""
        report = Report()
        if event not in TTL:
            raise ValueError(f"unknown push event {event!r}")
        targets = self._targets(person_ids, event)
        data = payload(event, title, body, url, tag, lang)
        gone: list[str] = []
        for sub in targets:
            try:
                webpush(
                    {"endpoint": sub["endpoint"], "keys": dict(sub["keys"])},
                    data=data,
                    vapid_private_key=self._vapid,
                    vapid_claims={"sub": self.subject},  # fresh: pywebpush adds aud and exp
                    ttl=TTL[event],
                    timeout=self.timeout,
                    headers={"Urgency": URGENCY[event]},
                )
                report.sent += 1
            except WebPushException as e:
                status = getattr(e.response, "status_code", None)
                if status in (404, 410):
                    gone.append(sub["id"])
                    report.gone += 1
                else:
                    report.failed += 1
                    report.errors.append(f"{status}: {e}")
                    log.warning("push to %s failed: %s", _host(sub["endpoint"]), e)
            except Exception as e:  # connection refused, timeout, a broken key
                report.failed += 1
                report.errors.append(repr(e))
                log.warning("push to %s failed: %r", _host(sub["endpoint"]), e)
        if gone:
            self._forget_gone(gone)
        return report


def _host(endpoint: str) -> str:
    return urlsplit(endpoint).netloc  # never log the whole endpoint: it is a capability


def done(report: Report) -> Future[Report]:
    """A future that already holds ``report``."""
    f: Future[Report] = Future()
    f.set_result(report)
    return f
