"""A Web Push service on 127.0.0.1 for tests, and a browser's subscription to it.

The service receives pywebpush's real request and answers 201, or 410/404/500 under
/gone/, /missing/, /boom/; ``check_vapid`` checks the VAPID ``Authorization`` header as a
push service does and ``open_message`` decrypts a body with the subscription's own key, as
a browser would.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PushService:
    """Answers 201, or 410 under /gone/, 404 under /missing/, 500 under /boom/."""

    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def endpoint(self, name: str) -> str:
        return f"{self.origin}/{name}"


def start_service() -> PushService:
    service: PushService

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            service.received.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            status = 201
            for prefix, code in (("/gone/", 410), ("/missing/", 404), ("/boom/", 500)):
                if self.path.startswith(prefix):
                    status = code
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    service = PushService(server)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return service


@dataclass
class Device:
    """A browser's push subscription: its own P-256 key and auth secret."""

    endpoint: str
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def subscription(self, events: list[str] | None = None) -> dict[str, Any]:
        raw = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        data: dict[str, Any] = {
            "endpoint": self.endpoint,
            "keys": {"p256dh": b64(raw), "auth": b64(self.auth)},
        }
        if events is not None:
            data["events"] = events
        return data


def check_vapid(req: Received, origin: str, server_key: str) -> dict[str, Any]:
    """The push service's check: a JWT signed by the key in ``k``, for this origin."""
    m = re.fullmatch(
        r"vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)", req.headers["authorization"]
    )
    assert m, req.headers["authorization"]
    token, k = m.groups()
    assert k == server_key  # the key the browser subscribed with (applicationServerKey)
    head_b64, claims_b64, sig_b64 = token.split(".")
    assert json.loads(unb64(head_b64))["alg"] == "ES256"
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(k))
    sig = unb64(sig_b64)
    assert len(sig) == 64
    der = encode_dss_signature(int.from_bytes(sig[:32]), int.from_bytes(sig[32:]))
    public.verify(der, f"{head_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    claims = json.loads(unb64(claims_b64))
    assert claims["aud"] == origin
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert claims["sub"].startswith(("mailto:", "https://"))
    # A forged token must not pass the same check.
    with pytest.raises(InvalidSignature):
        public.verify(der, f"{head_b64}.{claims_b64}x".encode(), ec.ECDSA(hashes.SHA256()))
    return claims


def open_message(req: Received, device: Device) -> dict[str, Any]:
    assert req.headers["content-encoding"] == "aes128gcm"
    plain = http_ece.decrypt(
        req.body, private_key=device.key, auth_secret=device.auth, version="aes128gcm"
    )
    return json.loads(plain)


def subscribe(client, device: Device, events: list[str] | None = None) -> None:
    r = client.post("/api/push/aanmelden", json=device.subscription(events))
    assert r.status_code == 200, r.text
