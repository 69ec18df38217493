"""Reading forms safely: size-limited, trimmed, with friendly Dutch errors."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

MAX_TEXT = 200


async def read_form(request: Request, max_part_size: int = 64 * 1024) -> FormData:
    try:
        return await request.form(max_files=5, max_fields=200, max_part_size=max_part_size)
    except HTTPException as e:
        if e.status_code == 413:
            raise HTTPException(413) from e  # our Dutch "te groot" page
        raise HTTPException(
            400, "Dit formulier kon niet gelezen worden. Probeer het opnieuw."
        ) from e
    except Exception as e:  # multipart errors come in several types
        raise HTTPException(
            400, "Dit formulier kon niet gelezen worden. Probeer het opnieuw."
        ) from e


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it grows past ``limit`` (never read whole first)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def read_upload(request: Request, name: str, limit: int) -> bytes:
    """The uploaded file ``name`` (b"" when none was chosen), read up to one byte past
    ``limit`` so the caller can tell "too big"; the temporary file is closed either way."""
    form = await read_form(request, max_part_size=limit)
    try:
        upload = form.get(name)
        if isinstance(upload, UploadFile) and upload.filename:
            return await upload.read(limit + 1)
        return b""
    finally:
        await form.close()


def text(form: FormData, name: str, max_length: int = MAX_TEXT) -> str:
    value = form.get(name)
    if isinstance(value, UploadFile) or value is None:
        return ""
    cleaned = "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()
    return cleaned[:max_length]
