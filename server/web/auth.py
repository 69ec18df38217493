"""Who is who: password and PIN hashing, session cookies, login throttling, the principal."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from server.domain.signins import new_sid
from server.infra.store import RugzakDB

SESSION_COOKIE = "rugzak"
ROLES = ("pupil", "parent", "teacher", "admin")


# --- hashing (scrypt from the standard library; parameters travel inside the hash) ---


def hash_secret(secret: str, cost: int = 2**14) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=cost, r=8, p=1, dklen=32)
    return f"scrypt${cost}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_secret(secret: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, cost, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            secret.encode(), salt=base64.b64decode(salt), n=int(cost), r=8, p=1, dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def new_pin() -> str:
    return f"{secrets.randbelow(10_000):04d}"


def valid_pin(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 6


# --- the principal: who is making this request ---


@dataclass(frozen=True)
class Principal:
    id: str
    role: str  # pupil | parent | teacher | admin
    name: str
    class_ids: frozenset[str] = field(default_factory=frozenset)  # teacher: classes taught
    child_ids: frozenset[str] = field(default_factory=frozenset)  # parent: linked pupils
    class_id: str = ""  # pupil: own class
    language: str = "nl"


def _table_for(role: str) -> str:
    return {"pupil": "pupils", "parent": "adults", "teacher": "staff", "admin": "staff"}[role]


def load_principal(db: RugzakDB, session: dict[str, Any]) -> Principal | None:
    """The principal behind a decoded session, or None if the account or session is gone."""
    role, uid = session.get("r"), session.get("u")
    if role not in ROLES or not isinstance(uid, str):
        return None
    doc = db.table(_table_for(role)).by_id(uid)
    if doc is None or doc.get("disabled") or doc.get("session_epoch", 0) != session.get("e"):
        return None
    if role in ("teacher", "admin") and doc.get("role") != role:
        return None
    if role == "pupil":
        name = f"{doc['first_name']} {doc['last_name']}".strip()
        return Principal(uid, role, name, class_id=doc["class_id"])
    if role == "parent":
        children = frozenset(
            link["pupil_id"] for link in db.table("links").all() if link["adult_id"] == uid
        )
        return Principal(
            uid, role, doc["name"], child_ids=children, language=doc.get("language", "nl")
        )
    classes = frozenset(
        c.doc_id for c in db.table("classes").all() if uid in c.get("teacher_ids", [])
    )
    return Principal(uid, role, doc["name"], class_ids=classes)


# --- session cookies: signed, carrying start and last-activity times ---


class SessionCodec:
    def __init__(self, secret_key: str, idle: dict[str, int], absolute: dict[str, int]):
        self._serializer = URLSafeSerializer(secret_key, salt="rugzak-session")
        self._verified: dict[str, Any] = {}
        self.idle = idle
        self.absolute = absolute

    def new(self, role: str, uid: str, epoch: int, now: float | None = None) -> dict[str, Any]:
        t = int(now if now is not None else time.time())
        session = {"r": role, "u": uid, "e": epoch, "s": t, "a": t}
        if role == "pupil":  # this sign-in's id: its key and end token derive from it
            session["k"] = new_sid()
        return session

    def encode(self, session: dict[str, Any]) -> str:
        return self._serializer.dumps(session)

    def decode(self, cookie: str | None, now: float | None = None) -> dict[str, Any] | None:
        """The session if the cookie is genuine and neither idle nor too old."""
        if not cookie:
            return None
        session = self._verified.get(cookie)
        if session is None:
            try:
                session = self._serializer.loads(cookie)
            except BadSignature:
                return None
            # A genuine cookie stays genuine: remember it (checking the signature is a
            # fifth of a cached page's cost). The lifetimes below are checked every time.
            if len(self._verified) >= 4096:
                self._verified.clear()
            self._verified[cookie] = session
        if not isinstance(session, dict) or session.get("r") not in ROLES:
            return None
        t = now if now is not None else time.time()
        role = session["r"]
        try:
            if t - session["a"] > self.idle[role] or t - session["s"] > self.absolute[role]:
                return None
        except (KeyError, TypeError):
            return None
        return session

    def max_age(self, role: str) -> int:
        return self.absolute[role]


# --- throttling of password attempts (in memory: a restart forgives, a lockout would not) ---


class Throttle:
    def __init__(self, attempts: int, window_seconds: int) -> None:
        self.attempts = attempts
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        q = self._failures[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._prune(k, now)) >= self.attempts for k in keys)

    def fail(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._prune(k, now).append(now)

    def reset(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)


# --- device grants: a tablet may deliver one pupil's changes without a session ---


class GrantCodec:
    """A signed token handed to a device at sign-in. It allows nothing but delivering that
    pupil's own changes, so work queued before the pupil signed out still arrives. It
    carries the pupil's session epoch: a PIN reset, "uitloggen overal" or a move to another
    class raises the epoch and so ends every grant of that pupil."""

    max_age = 60 * 86400

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="rugzak-device-grant")

    def issue(self, pupil_id: str, device_id: str, epoch: int) -> str:
        return self._serializer.dumps({"p": pupil_id, "d": device_id, "e": epoch})

    def read(self, token: str) -> tuple[str, int] | None:
        """(pupil id, epoch) of a genuine, unexpired grant."""
        try:
            data = self._serializer.loads(token, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("p"), str):
            return None
        epoch = data.get("e")
        return (data["p"], epoch) if isinstance(epoch, int) else None
