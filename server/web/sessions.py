"""Session cookies and device grants: signed tokens saying who signed in where, and when.

A session is a small signed cookie (no server-side state): role, account, the account's
epoch at sign-in, start and last-activity times, and for pupils a sign-in id from which the
key and end token of ``server/domain/signins.py`` derive. The cookie keeps one-letter keys
to stay small; the code sees a ``Session``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from server.domain.principal import ROLES
from server.domain.signins import new_sid

SESSION_COOKIE = "rugzak"


@dataclass(frozen=True)
class Session:
    role: str
    uid: str
    epoch: int
    started: int  # epoch seconds
    active: int  # last activity (refreshed at most once a minute: a sliding idle limit)
    signin: str | None = None  # pupils: this sign-in's id

    def touched(self, now: float | None = None) -> Session:
        return replace(self, active=int(now if now is not None else time.time()))

    def as_cookie_data(self) -> dict[str, Any]:
        data = {"r": self.role, "u": self.uid, "e": self.epoch, "s": self.started}
        data["a"] = self.active
        if self.signin is not None:
            data["k"] = self.signin
        return data

    @classmethod
    def from_cookie_data(cls, data: object) -> Session | None:
        if not isinstance(data, dict):
            return None
        role, uid, epoch = data.get("r"), data.get("u"), data.get("e")
        started, active, signin = data.get("s"), data.get("a"), data.get("k")
        if role not in ROLES or not isinstance(uid, str) or not isinstance(epoch, int):
            return None
        if not isinstance(started, int | float) or not isinstance(active, int | float):
            return None
        if signin is not None and not isinstance(signin, str):
            return None
        return cls(role, uid, epoch, int(started), int(active), signin)


class SessionCodec:
    def __init__(self, secret_key: str, idle: dict[str, int], absolute: dict[str, int]):
        self._serializer = URLSafeSerializer(secret_key, salt="rugzak-session")
        self._verified: dict[str, Session | None] = {}
        self.idle = idle
        self.absolute = absolute

    def new(self, role: str, uid: str, epoch: int, now: float | None = None) -> Session:
        t = int(now if now is not None else time.time())
        # A pupil's sign-in gets an id: its key and end token derive from it.
        return Session(role, uid, epoch, t, t, new_sid() if role == "pupil" else None)

    def encode(self, session: Session) -> str:
        return self._serializer.dumps(session.as_cookie_data())

    def decode(self, cookie: str | None, now: float | None = None) -> Session | None:
        """The session if the cookie is genuine and neither idle nor too old."""
        if not cookie:
            return None
        if cookie in self._verified:
            session = self._verified[cookie]
        else:
            try:
                session = Session.from_cookie_data(self._serializer.loads(cookie))
            except BadSignature:
                return None
            # A genuine cookie stays genuine: remember it (checking the signature is a
            # fifth of a cached page's cost). The lifetimes below are checked every time.
            if len(self._verified) >= 4096:
                self._verified.clear()
            self._verified[cookie] = session
        if session is None:
            return None
        t = now if now is not None else time.time()
        if t - session.active > self.idle[session.role]:
            return None
        if t - session.started > self.absolute[session.role]:
            return None
        return session

    def max_age(self, role: str) -> int:
        return self.absolute[role]


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
