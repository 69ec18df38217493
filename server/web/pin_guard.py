"""Guessing PINs gets nowhere, and a classmate cannot lock a pupil out of other tablets.

A school reaches Rugzak from one address, and its pupils share tablets, so no single count
is enough. A tablet is *known* once a pupil signed in with it (a signed, HttpOnly cookie made
at the first PIN page); a script with fresh identities is not. Counted in memory (nothing is
written: a full disk never stops a sign-in; a restart forgives, and nobody outside can force
one), every attempt *before* its PIN is checked, so parallel requests cannot slip through:

- **this pupil on this tablet**: 5 wrong PINs lock her on this tablet for 15 minutes. That is
  all a classmate at a school tablet can do to her.
- **this tablet**: 10 wrong PINs within 15 minutes, for any pupils, make it wait 15 minutes.
- **this pupil, from unknown devices**: 20 wrong PINs within an hour lock her for an hour on
  every device that is not yet known; the school's own tablets still let her in.
- **this address** (the whole school behind one router): 30 wrong PINs from unknown devices
  within 15 minutes admit, for 15 minutes, only known tablets; 300 wrong PINs from any
  devices within 15 minutes (an attack with stolen tablet identities) stop PIN sign-in from
  that address for 15 minutes.

The teacher sees every lock of a pupil and lifts them at once (the tablets involved too).
"""

from __future__ import annotations

import math
import secrets
import threading
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
PER_DEVICE = Rule(10, 15 * 60, 15 * 60)
PER_PUPIL_UNKNOWN = Rule(20, 3600, 3600)
PER_ADDRESS_UNKNOWN = Rule(30, 15 * 60, 15 * 60)
PER_ADDRESS = Rule(300, 15 * 60, 15 * 60)


class _Counter:
    """Failures per key within a rule's window, and the locks they caused."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self._failures: dict[str, deque[float]] = {}
        self._locked: dict[str, tuple[float, float]] = {}  # key -> (until, failure that locked)

    def locked_until(self, key: str, now: float) -> float:
        until = self._locked.get(key, (0.0, 0.0))[0]
        if until and until <= now:
            self._locked.pop(key, None)
            return 0.0
        return until

    def fail(self, key: str, now: float) -> int:
        """Count a failure; returns how many more are allowed before the lock (0: locked)."""
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.rule.window:
            q.popleft()
        q.append(now)
        if len(q) >= self.rule.failures:
            self._locked[key] = (now + self.rule.lock, now)
            return 0
        return self.rule.failures - len(q)

    def refund(self, key: str, at: float) -> None:
        """Take back the failure counted ``at`` (the PIN turned out right), and the lock it
        caused, if it did."""
        q = self._failures.get(key)
        if q and at in q:
            q.remove(at)
        if self._locked.get(key, (0.0, None))[1] == at:
            del self._locked[key]

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)
        self._locked.pop(key, None)

    def locked(self, now: float) -> dict[str, float]:
        return {k: u for k in list(self._locked) if (u := self.locked_until(k, now))}

    def all_keys(self) -> set[str]:
        return {*self._failures, *self._locked}

    def prune(self, now: float) -> None:
        """Forget old failures, so memory stays bounded whatever a script sends."""
        for key, q in list(self._failures.items()):
            if not q or now - q[-1] > self.rule.window:
                del self._failures[key]
        self.locked(now)


@dataclass(frozen=True)
class Device:
    id: str
    known: bool  # a pupil signed in with this device before
    cookie: str | None  # set this cookie (a new device)


@dataclass(frozen=True)
class Refusal:
    until: float
    message: str  # Dutch, for the child: why, and how long to wait


@dataclass(frozen=True)
class Attempt:
    """An attempt counted as wrong before its PIN was checked (see ``PinGuard.attempt``)."""

    pupil_id: str
    device: Device
    address: str
    at: float
    left: int  # tries left for this pupil on this tablet if it was wrong


def _minutes(seconds: float) -> str:
    n = max(1, math.ceil(seconds / 60))
    return "1 minuut" if n == 1 else f"{n} minuten"


class PinGuard:
    def __init__(self, secret_key: str) -> None:
        self._signer = URLSafeSerializer(secret_key, salt="rugzak-device")
        self._lock = threading.Lock()  # teacher pages read it from worker threads
        self.on_device = _Counter(PER_PUPIL_ON_DEVICE)
        self.device = _Counter(PER_DEVICE)
        self.pupil = _Counter(PER_PUPIL_UNKNOWN)
        self.address_unknown = _Counter(PER_ADDRESS_UNKNOWN)
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
        """Why an attempt may not even be checked now, or None."""
        with self._lock:
            return self._refusal(pupil_id, device, address, now or time.time())

    def _refusal(self, pupil_id: str, device: Device, address: str, t: float) -> Refusal | None:
        if until := self.on_device.locked_until(f"{device.id}:{pupil_id}", t):
            return Refusal(
                until,
                "Je hebt te vaak een verkeerde pincode getypt. Wacht "
                f"{_minutes(until - t)}, of vraag je leerkracht om je weer vrij te geven.",
            )
        if not device.known and (until := self.pupil.locked_until(pupil_id, t)):
            return Refusal(
                until,
                "Er is te vaak een verkeerde pincode voor jou getypt. Log in op een tablet "
                f"van school, of wacht {_minutes(until - t)}. Je leerkracht kan je ook "
                "weer vrijgeven.",
            )
        until = self.device.locked_until(device.id, t) or self.address.locked_until(address, t)
        if not until and not device.known:
            until = self.address_unknown.locked_until(address, t)
        if until:
            return Refusal(
                until,
                "Er zijn hier te vaak verkeerde pincodes getypt. Wacht "
                f"{_minutes(until - t)} en probeer het dan opnieuw.",
            )
        return None

    def attempt(
        self, pupil_id: str, device: Device, address: str, now: float | None = None
    ) -> Attempt | Refusal:
        """Count this attempt as wrong before the PIN is checked, so many at once cannot
        slip past a limit; ``right`` takes it back. A Refusal: not to be checked at all."""
        t = now or time.time()
        with self._lock:
            if refusal := self._refusal(pupil_id, device, address, t):
                return refusal
            self._tidy(t)
            left = self.on_device.fail(f"{device.id}:{pupil_id}", t)
            self.device.fail(device.id, t)
            self.address.fail(address, t)
            if not device.known:
                self.pupil.fail(pupil_id, t)
                self.address_unknown.fail(address, t)
            return Attempt(pupil_id, device, address, t, left)

    def right(self, attempt: Attempt) -> Refusal | None:
        """The PIN was right: the attempt is taken back and her count on this tablet
        cleared. A Refusal if meanwhile (a parallel attempt) something got locked."""
        with self._lock:
            key = f"{attempt.device.id}:{attempt.pupil_id}"
            self.on_device.refund(key, attempt.at)
            self.device.refund(attempt.device.id, attempt.at)
            self.address.refund(attempt.address, attempt.at)
            self.pupil.refund(attempt.pupil_id, attempt.at)
            self.address_unknown.refund(attempt.address, attempt.at)
            if refusal := self._refusal(
                attempt.pupil_id, attempt.device, attempt.address, attempt.at
            ):
                return refusal
            self.on_device.clear(key)
            return None

    def wrong(self, attempt: Attempt) -> Refusal | int:
        """The PIN was wrong (already counted): tries left here, or what is locked now."""
        with self._lock:
            refusal = self._refusal(attempt.pupil_id, attempt.device, attempt.address, attempt.at)
        return refusal or attempt.left

    # --- what the teacher sees and does ---

    def locks(self, pupil_id: str, now: float | None = None) -> dict[str, float | int]:
        """``{"everywhere": until or 0, "tablets": n, "until": latest}`` for one pupil
        ("everywhere": on every device that is not a known school tablet)."""
        t = now or time.time()
        with self._lock:
            locked = self.on_device.locked(t)
            tablets = [u for k, u in locked.items() if k.endswith(":" + pupil_id)]
            everywhere = self.pupil.locked_until(pupil_id, t)
        return {
            "everywhere": everywhere,
            "tablets": len(tablets),
            "until": max([everywhere, *tablets]),
        }

    def locked_pupils(self, now: float | None = None) -> set[str]:
        """Every pupil with a lock now (one pass, for a class page)."""
        t = now or time.time()
        with self._lock:
            on_tablets = {k.split(":", 1)[1] for k in self.on_device.locked(t)}
            return on_tablets | set(self.pupil.locked(t))

    def lift(self, pupil_id: str) -> None:
        """The teacher frees the pupil: every lock and count of hers, and the tablets where
        she was locked (or tried) may try again."""
        with self._lock:
            self.pupil.clear(pupil_id)
            for key in self.on_device.all_keys():
                device_id, _, pupil = key.partition(":")
                if pupil == pupil_id:
                    self.on_device.clear(key)
                    self.device.clear(device_id)

    def _tidy(self, now: float) -> None:
        self._calls += 1
        if self._calls % 1000 == 0:
            for counter in (
                self.on_device,
                self.device,
                self.pupil,
                self.address_unknown,
                self.address,
            ):
                counter.prune(now)
