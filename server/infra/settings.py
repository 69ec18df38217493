"""Everything configurable, in one place. Defaults suit a school server; tests shrink them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from server.infra.store import write_atomic


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 25 * 1024 * 1024  # a photo (20 MB) plus form overhead
    max_form_bytes: int = 256 * 1024  # ordinary forms and CSV files
    pin_attempts: int = 5  # wrong PINs before a pupil is locked
    pin_lock_minutes: int = 15
    password_attempts: int = 10  # per user name or address per window
    password_window_minutes: int = 15
    invitation_days: int = 30


@dataclass(frozen=True)
class SessionPolicy:
    """Idle and absolute lifetimes in seconds, per role."""

    idle: dict[str, int] = field(
        default_factory=lambda: {
            "pupil": 20 * 60,  # a shared tablet: the next child must not find the last one
            "teacher": 2 * 3600,
            "admin": 2 * 3600,
            "parent": 90 * 86400,  # their own phone: stay signed in
        }
    )
    absolute: dict[str, int] = field(
        default_factory=lambda: {
            "pupil": 8 * 3600,
            "teacher": 12 * 3600,
            "admin": 12 * 3600,
            "parent": 365 * 86400,
        }
    )


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    base_url: str = "http://127.0.0.1:8000"
    secret_key: str = ""
    hash_cost: int = 2**14  # scrypt N; tests lower it to stay fast
    limits: Limits = field(default_factory=Limits)
    sessions: SessionPolicy = field(default_factory=SessionPolicy)

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @classmethod
    def for_data_dir(cls, data_dir: Path, **overrides: object) -> Settings:
        """Settings with the secret key kept in the data folder (generated on first start)."""
        data_dir = Path(data_dir)
        if "secret_key" not in overrides:
            overrides["secret_key"] = load_or_create_secret(data_dir / "secret.key")
        return cls(data_dir=data_dir, **overrides)  # type: ignore[arg-type]


def load_or_create_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    write_atomic(path, key.encode())
    path.chmod(0o600)
    return key
