"""A pupil's photos: only re-encoded derivatives are kept, named by the SHA-256 of the
original upload, so uploading the same photo twice (a retried offline upload) is a no-op."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from server.infra.images import ImageRejected, ProcessedImage, process_image
from server.infra.store import Store, write_atomic

MEDIA_ID = re.compile(r"[0-9a-f]{64}")
SIZES = {"groot": "display.webp", "klein": "thumb.webp"}


def valid_media_id(media_id: str) -> bool:
    return bool(MEDIA_ID.fullmatch(media_id))


def path_for(store: Store, pupil_id: str, media_id: str, size: str) -> Path:
    assert valid_media_id(media_id) and size in SIZES
    return store.media_dir(pupil_id) / f"{media_id}.{SIZES[size]}"


def exists(store: Store, pupil_id: str, media_id: str) -> bool:
    return path_for(store, pupil_id, media_id, "klein").exists()


def save(store: Store, pupil_id: str, media_id: str, data: bytes) -> ProcessedImage | None:
    """Check the content address, re-encode, store both sizes durably. None if already there."""
    if hashlib.sha256(data).hexdigest() != media_id:
        raise ImageRejected("Deze foto is niet helemaal aangekomen. Probeer het nog een keer.", 422)
    if exists(store, pupil_id, media_id):
        return None
    image = process_image(data)
    # The display file first: the thumbnail's presence marks a complete upload.
    write_atomic(path_for(store, pupil_id, media_id, "groot"), image.display)
    write_atomic(path_for(store, pupil_id, media_id, "klein"), image.thumb)
    return image
