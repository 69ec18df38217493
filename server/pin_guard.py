"""Guessing PINs gets nowhere, and a classmate cannot lock a pupil out of other tablets.

A school reaches Rugzak from one address, and its pupils share tablets, so no single count
is enough. Four are kept, in memory (nothing is written: a full disk never stops a sign-in;
a restart forgives, and nobody outside can force one):

- **this pupil on this tablet**: 5 wrong PINs lock her *on this tablet* for 15 minutes. That is
  what a child who typed a classmate's PIN can do: nothing on the other tablets.
- **this pupil anywhere**: 20 wrong PINs within an hour (a script that changes its device)
  lock her everywhere for an hour.
- **this tablet**: 10 wrong PINs within 15 minutes, for any pupils, make it wait 15 minutes.
- **this address** (the whole school behind one router): 30 wrong PINs within 15 minutes,
  and for 15 minutes only tablets that signed a pupil in before may try. The school's own
  tablets keep working; a script with a fresh identity does not.

The tablet's identity is a signed cookie made at the first PIN page; it says whether a pupil
ever signed in with it. The teacher sees every lock of a pupil and lifts them all at once.
"""

from __future__ import annotations

import math
import secrets
import time
from collections import deque
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

DEVICE_COOKIE = "rugzak_apparaat"
DEVICE_COOKIE_AGE = 400 * 86400


@dataclass(frozen=True)
class Rule:
    failures: int  # this many within ``window`` seconds ...
    window: int
    lock: int  # ... lock for this many seconds


PER_PUPIL_ON_DEVICE = Rule(5, 15 * 60, 15 * 60)
PER_PUPIL = Rule(20, 3600, 3600)
PER_DEVICE = Rule(10, 15 * 60, 15 * 60)
PER_ADDRESS = Rule(30, 15 * 60, 15 * 60)


class _Counter:
    """Failures per key within a rule's window, and the locks they caused."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self._failures: dict[str, deque[float]] = {}
        self._locked: dict[str, float] = {}

    def locked_until(self, key: str, now: float) -> float:
        until = self._locked.get(key, 0.0)
        if until and until <= now:
            del self._locked[key]
            return 0.0
        return until

    def fail(self, key: str, now: float) -> int:
        """Count a failure; returns how many more are allowed before the lock (0: locked)."""
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.rule.window:
            q.popleft()
        q.append(now)
        if len(q) >= self.rule.failures:
            self._locked[key] = now + self.rule.lock
            del self._failures[key]
            return 0
        return self.rule.failures - len(q)

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)
        self._locked.pop(key, None)

    def clear_ending(self, suffix: str) -> None:
        for key in [k for k in (*self._failures, *self._locked) if k.endswith(suffix)]:
            self.clear(key)

    def keys_locked(self, now: float) -> dict[str, float]:
        return {k: u for k, u in list(self._locked.items()) if self.locked_until(k, now)}

    def prune(self, now: float) -> None:
        """Forget old failures, so memory stays bounded whatever a script sends."""
        for key, q in list(self._failures.items()):
            if not q or now - q[-1] > self.rule.window:
                del self._failures[key]
        self.keys_locked(now)


@dataclass(frozen=True)
class Device:
    id: str
    known: bool  # a pupil signed in with this device before
    cookie: str | None  # set this cookie (new device, or now known)


@dataclass(frozen=True)
class Refusal:
    until: float
    message: str  # Dutch, for the child: why, and how long to wait


def _minutes(seconds: float) -> str:
    n = max(1, math.ceil(seconds / 60))
    return "1 minuut" if n == 1 else f"{n} minuten"


class PinGuard:
    def __init__(self, secret_key: str) -> None:
        self._signer = URLSafeSerializer(secret_key, salt="rugzak-device")
        self.on_device = _Counter(PER_PUPIL_ON_DEVICE)
        self.pupil = _Counter(PER_PUPIL)
        self.device = _Counter(PER_DEVICE)
        self.address = _Counter(PER_ADDRESS)
        self._calls = 0

    # --- the tablet's identity ---

    def device_of(self, cookie: str | None) -> Device:
        try:
            data = self._signer.loads(cookie) if cookie else None
        except BadSignature:
            data = None
        if isinstance(data, dict) and isinstance(data.get("d"), str):
            return Device(data["d"], bool(data.get("k")), None)
        new_id = secrets.token_urlsafe(12)
        return Device(new_id, False, self._signer.dumps({"d": new_id, "k": 0}))

    def known_cookie(self, device: Device) -> str | None:
        return None if device.known else self._signer.dumps({"d": device.id, "k": 1})

    # --- deciding ---

    def refusal(
        self, pupil_id: str, device: Device, address: str, now: float | None = None
    ) -> Refusal | None:
        """Why this attempt may not even be checked now, or None."""
        t = now if now is not None else time.time()
        if until := self.on_device.locked_until(f"{device.id}:{pupil_id}", t):
            return Refusal(
                until,
                "Je hebt te vaak een verkeerde pincode getypt. Wacht "
                f"{_minutes(until - t)}, of vraag je leerkracht om je weer vrij te geven.",
            )
        if until := self.pupil.locked_until(pupil_id, t):
            return Refusal(
                until,
                "Er is te vaak een verkeerde pincode voor jou getypt. Je leerkracht kan je "
                f"weer vrijgeven. Anders kun je over {_minutes(until - t)} weer inloggen.",
            )
        if (until := self.device.locked_until(device.id, t)) or (
            not device.known and (until := self.address.locked_until(address, t))
        ):
            return Refusal(
                until,
                "Er zijn hier te vaak verkeerde pincodes getypt. Wacht "
                f"{_minutes(until - t)} en probeer het dan opnieuw.",
            )
        return None

    def failure(
        self, pupil_id: str, device: Device, address: str, now: float | None = None
    ) -> Refusal | int:
        """Count a wrong PIN; returns attempts left for this pupil on this tablet, or a
        Refusal when this failure locked something."""
        t = now if now is not None else time.time()
        self._tidy(t)
        left = self.on_device.fail(f"{device.id}:{pupil_id}", t)
        self.pupil.fail(pupil_id, t)
        self.device.fail(device.id, t)
        self.address.fail(address, t)
        return self.refusal(pupil_id, device, address, t) or left

    def success(self, pupil_id: str, device: Device) -> None:
        self.on_device.clear(f"{device.id}:{pupil_id}")

    # --- what the teacher sees and does ---

    def locks(self, pupil_id: str, now: float | None = None) -> dict[str, float | int]:
        """``{"everywhere": until or 0, "tablets": n, "until": latest}`` for one pupil."""
        t = now if now is not None else time.time()
        locked = self.on_device.keys_locked(t)
        tablets = [u for k, u in locked.items() if k.endswith(":" + pupil_id)]
        everywhere = self.pupil.locked_until(pupil_id, t)
        return {
            "everywhere": everywhere,
            "tablets": len(tablets),
            "until": max([everywhere, *tablets]),
        }

    def is_locked(self, pupil_id: str) -> bool:
        return bool(self.locks(pupil_id)["until"])

    def lift(self, pupil_id: str) -> None:
        """The teacher frees the pupil: every lock and count of hers, on every tablet."""
        self.pupil.clear(pupil_id)
        self.on_device.clear_ending(":" + pupil_id)

    def _tidy(self, now: float) -> None:
        self._calls += 1
        if self._calls % 1000 == 0:
            for counter in (self.on_device, self.pupil, self.device, self.address):
                counter.prune(now)
