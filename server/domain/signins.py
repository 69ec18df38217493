"""A pupil's sign-in on a shared tablet, and how it ends even when the tablet is offline.

A pupil's session cookie is HttpOnly: a page cannot remove it, and a sign-out that never
reaches school would leave it valid. So a pupil session alone reads nothing. Every pupil
request must also carry this sign-in's *key*: a second cookie, readable by the page, made
from the sign-in id inside the session (``"k"``). When the pupil signs out (or the tablet
was left alone too long) the page deletes that cookie itself, on the device, with or
without network: from then on the server answers that tablet as if nobody were signed in.

The key cookie also carries the sign-in's *end token*, which the page keeps after deleting
the cookie and delivers when the network returns (``POST /api/uitloggen``). It opens
nothing; it only ends the sign-in for good on the server (until the session would have
expired anyway), so the session cookie left behind is dead too.

Cookie value: ``<pupil_id>.<key>.<end token>``; end token: ``<sign-in id>.<mac>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from typing import Any

from server.infra.store import Database

KEY_COOKIE = "rugzak_sleutel"
REVOKED = "revoked"


def new_sid() -> str:
    return secrets.token_urlsafe(12)


class SignIns:
    def __init__(self, secret_key: str, database: Database, lifetime: int) -> None:
        self._secret = secret_key.encode()
        self._db = database
        self.lifetime = lifetime  # a pupil session's absolute lifetime, in seconds

    def _mac(self, purpose: str, sid: str) -> str:
        digest = hmac.new(self._secret, f"{purpose}|{sid}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")

    def key_cookie(self, pupil_id: str, sid: str) -> str:
        return f"{pupil_id}.{self._mac('key', sid)}.{sid}.{self._mac('end', sid)}"

    def has_key(self, pupil_id: str, sid: str | None, cookie: str | None) -> bool:
        """The page of this sign-in still holds its key (it deletes it at sign-out)."""
        if not isinstance(sid, str) or not cookie:
            return False
        owner, _, rest = cookie.partition(".")
        key = rest.partition(".")[0]
        return owner == pupil_id and hmac.compare_digest(key, self._mac("key", sid))

    def sid_of_end_token(self, token: Any) -> str | None:
        if not isinstance(token, str) or len(token) > 100:
            return None
        sid, _, mac = token.partition(".")
        return sid if sid and hmac.compare_digest(mac, self._mac("end", sid)) else None

    # --- ended sign-ins (a small file of its own: ending one never rewrites the school) ---

    def revoked(self, sid: Any) -> bool:
        if not isinstance(sid, str):
            return True
        with self._db.transaction() as db:
            return db.table(REVOKED).by_id(sid) is not None

    def revoke(self, *sids: str, now: float | None = None) -> None:
        """End these sign-ins for good; entries older than a session's lifetime are dropped."""
        t = int(now if now is not None else time.time())
        with self._db.transaction() as db:
            table = db.table(REVOKED)
            for doc in table.all():
                if doc["until"] < t:
                    table.remove_id(doc.doc_id)
            for sid in sids:
                if table.by_id(sid) is None:
                    table.put(sid, {"until": t + self.lifetime})
