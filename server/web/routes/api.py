"""JSON for the pupil's device: the portfolio snapshot, the sync endpoint, photo uploads;
and the photos themselves for everyone allowed to see them."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server.domain import media, notifications, portfolio, pupil_device
from server.domain.sync import OTHER_PUPIL, REFUSED
from server.infra.images import MAX_UPLOAD_BYTES, MSG_TOO_LARGE, ImageRejected
from server.infra.sealing import SealError
from server.permissions import allow, can_see_pupil, principal, require
from server.web.context import Rugzak, rugzak
from server.web.forms import read_limited
from server.web.page_cache import matches, page_cache, serve, snapshot_etag

MAX_SYNC_BYTES = 2 * 1024 * 1024
NO_STORE = {"cache-control": "no-store"}


SNAPSHOTS_KEPT = 128  # built answers kept, one per pupil (the last one she was sent)


@allow("pupil")
async def my_portfolio(request: Request) -> Response:
    """The signed-in pupil's snapshot; 304 when the device already holds this version.

    The session is checked on every request (``allow``) and the ETag names the pupil, so a
    tablet never gets a 304 for what another pupil left in its storage. The answer stays
    ``no-store``: the device keeps it in IndexedDB, not in a shared HTTP cache."""
    app, me = rugzak(request), principal(request)
    # The answer is made of the school file and her own file, nothing else: their versions
    # change with every write to them (a conflict copy too) and are never reused.
    files = (app.store.school, app.store.pupil(me.id))

    def version() -> tuple[int, ...]:
        return tuple(f.version for f in files)

    before = version()
    etag = snapshot_etag(request, me.id, before)
    if matches(request, etag):
        return Response(status_code=304, headers={"etag": etag, **NO_STORE})
    cache = page_cache(request, "snapshots", SNAPSHOTS_KEPT)
    kept = cache.get(me.id)
    if kept is None or kept.etag != etag:
        data = await app.store.run(pupil_device.snapshot, app.store, app.catalog, me.id)
        body = bytes(JSONResponse(data).body)
        if version() != before:  # changed while built: which version it shows is unsure
            return Response(body, media_type="application/json", headers=NO_STORE)
        kept = cache.put(me.id, body, etag)
    return serve(request, kept, "application/json", NO_STORE["cache-control"])


def bad_request(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=NO_STORE)


def _op_id(op: Any) -> str:
    op_id = op.get("op_id") if isinstance(op, dict) else None
    return op_id if isinstance(op_id, str) else ""


def _unseal(app: Rugzak, op: Any) -> Any:
    """A sealed operation (left by a pupil who signed out) is opened here; anything that
    cannot be opened becomes a malformed operation, refused with a reason like any other."""
    if not isinstance(op, dict) or "sealed" not in op:
        return op
    try:
        opened = json.loads(app.sealer.open_envelope(op["sealed"]))
    except (SealError, ValueError, UnicodeDecodeError, RecursionError):
        return {"op_id": _op_id(op), "type": "onleesbaar"}
    if not isinstance(opened, dict) or opened.get("op_id") != op.get("op_id"):
        return {"op_id": _op_id(op), "type": "onleesbaar"}
    return opened


class BadBatch(ValueError):
    """A batch that cannot be taken at all; the message is Dutch, the status HTTP's."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _read_batch(app: Rugzak, body: bytes) -> tuple[dict[str, Any], list[Any]]:
    """Parse and open a batch, in a worker thread (big JSON, RSA): limits come first, so the
    most a request can cost is MAX_BATCH envelopes."""
    try:
        batch = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadBatch("Deze wijzigingen konden niet gelezen worden.") from None
    if not isinstance(batch, dict) or not isinstance(batch.get("ops"), list):
        raise BadBatch("Deze wijzigingen konden niet gelezen worden.")
    if len(batch["ops"]) > portfolio.MAX_BATCH:
        raise BadBatch(f"Stuur maximaal {portfolio.MAX_BATCH} wijzigingen tegelijk.", 413)
    return batch, [_unseal(app, op) for op in batch["ops"]]


def _take(app: Rugzak, body: bytes, pupil_id: str) -> tuple[list[Any], list[dict[str, Any]]]:
    """Read, open and apply a batch of the signed-in pupil's, all in one worker thread (one
    hand-off per request): its operations and their answers. A batch that names another
    pupil changes nothing: every operation is refused, so it never reaches this file."""
    batch, ops = _read_batch(app, body)
    if batch.get("pupil_id") != pupil_id:
        reason = "Deze wijzigingen horen bij een andere leerling."
        refused = [
            {"op_id": _op_id(op), "status": REFUSED, "reason": reason, "code": OTHER_PUPIL}
            for op in ops
        ]
        return ops, refused
    return ops, pupil_device.apply_batch(app.store, app.catalog, pupil_id, ops)


@allow("pupil", grant=True)
async def sync(request: Request) -> Response:
    """Apply a batch of operations for the signed-in pupil; answer each one (see README)."""
    app = rugzak(request)
    body = await read_limited(request, MAX_SYNC_BYTES)
    if body is None:
        return bad_request("Te veel wijzigingen tegelijk. Probeer het opnieuw.", 413)
    me = principal(request)
    try:
        ops, results = await app.store.run(_take, app, body, me.id)
    except BadBatch as e:
        return bad_request(str(e), e.status)
    if request.state.via_grant:
        # A grant delivers work and learns nothing: the pupil sees a conflict's other
        # version after signing in with the PIN.
        results = [{k: v for k, v in r.items() if k != "current"} for r in results]
    if shared := notifications.shared_item_ids(ops, results):
        notifications.notify_shared(request.app, me.id, shared)  # in a thread; never raises
    return JSONResponse({"results": results}, headers=NO_STORE)


@allow("pupil", grant=True)
async def upload_photo(request: Request) -> Response:
    """PUT the original photo at its SHA-256; the server keeps re-encoded copies only."""
    app = rugzak(request)
    media_id = request.path_params["media_id"]
    if not media.valid_media_id(media_id):
        return bad_request("Deze foto heeft geen geldige naam.", 404)
    data = await read_limited(request, MAX_UPLOAD_BYTES)
    if data is None:
        return bad_request(MSG_TOO_LARGE, 413)
    seal = request.headers.get("x-rugzak-seal")
    if seal:  # a photo left sealed by a pupil who signed out (see sealing.py)
        wrapped, _, iv = seal.partition(".")
        try:
            data = await app.store.run(app.sealer.open, wrapped, iv, data)  # RSA: off the loop
        except SealError as e:
            return bad_request(str(e), 422)
    try:
        await app.store.run(media.save, app.store, principal(request).id, media_id, data)
    except ImageRejected as e:
        return bad_request(e.message, e.status)
    return JSONResponse({"id": media_id}, status_code=201, headers=NO_STORE)


@allow("pupil", "parent", "teacher", "admin")
async def photo(request: Request) -> Response:
    app = rugzak(request)
    pupil_id, media_id = request.path_params["pupil_id"], request.path_params["media_id"]
    size = request.path_params["size"]
    if (
        not media.valid_media_id(media_id)
        or size not in media.SIZES
        or not pupil_id.startswith("p_")
    ):
        raise HTTPException(404)
    me = principal(request)
    try:
        pupil = await app.store.run(pupil_device.pupil, app.store, pupil_id)
    except ValueError:  # not a pupil id
        raise HTTPException(404) from None
    require(request, pupil is not None and can_see_pupil(me, pupil))
    if me.role == "parent":  # parents see a photo only when an item the pupil shared shows it
        shared = await app.store.run(pupil_device.in_shared_item, app.store, pupil_id, media_id)
        require(request, shared)
    path = media.path_for(app.store, pupil_id, media_id, size)
    try:
        data = await app.store.run(path.read_bytes)
    except FileNotFoundError:
        raise HTTPException(404) from None
    # Shared tablets keep nothing of a pupil's photos once she signs out: not even in the
    # browser's HTTP cache. Adults' own phones may keep them for an hour.
    cache = "no-store" if principal(request).role == "pupil" else "private, max-age=3600"
    return Response(data, media_type="image/webp", headers={"cache-control": cache})


@allow("pupil")
async def device(request: Request) -> Response:
    """Called right after a pupil signs in on a device: a grant to deliver this pupil's
    queued work later, and the key to seal it with at sign-out."""
    app = rugzak(request)
    me = principal(request)
    device_id = request.headers.get("x-rugzak-device", "")[:64] or "onbekend"
    pupil, _, _ = await app.store.run(pupil_device.standing, app.store, me.id)
    grant = app.grants.issue(me.id, device_id, pupil.get("session_epoch", 0))
    return JSONResponse({"grant": grant, "seal_key": app.sealer.public_spki}, headers=NO_STORE)


routes = [
    Route("/api/apparaat", device, methods=["POST"]),
    Route("/api/mij", my_portfolio),
    Route("/api/sync", sync, methods=["POST"]),
    Route("/api/media/{media_id}", upload_photo, methods=["PUT"]),
    Route("/media/{pupil_id}/{media_id}/{size}", photo),
]
