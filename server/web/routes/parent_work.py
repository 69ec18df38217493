"""What a parent does at home, on their own phone: their part of a home assignment, a
compliment, an activity to do together. Server-rendered forms, no script needed.

Only adults linked to the pupil reach these pages (others get 404, staff 403); the parent
part only exists for a home assignment the pupil shared. Everything is stored in the
pupil's file as the parent's own documents (see ``server/domain/contributions.py``).
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import contributions, family, notifications
from server.domain.portfolio import now_iso
from server.infra.i18n import Text
from server.permissions import allow, can_see_pupil, principal, require
from server.web.context import rugzak
from server.web.forms import read_form
from server.web.pupil_access import load_item
from server.web.routes.access import log_view
from server.web.templating import render
from server.worksheets import FORM_OTHER as OTHER
from server.worksheets import FORM_OWN as OWN
from server.worksheets import FormInput, Worksheet

# --- reading the parent's form into flat stored values ---


def _get(form: FormData, name: str) -> str:
    value = form.get(name)
    return "" if value is None or isinstance(value, UploadFile) else value


def form_values(ws: Worksheet, form: FormData) -> dict[str, Any]:
    """The parent fields' values as the form sent them (not yet validated). Only the
    parent's own stored names are read: anything else in the form is ignored."""
    sent = FormInput(
        get=lambda name: _get(form, name),
        getlist=lambda name: [v for v in form.getlist(name) if isinstance(v, str)],
        now=now_iso(),
    )
    values: dict[str, Any] = {}
    for name, f in contributions.parent_fields(ws).items():
        if f.kind.parent_form:  # the other types are never the parent's: not offered here
            values[name] = f.kind.read_form(f, name, sent)
    return values


def _parent_sections(ws: Worksheet) -> list[dict[str, Any]]:
    """Per section: the child's fields (shown read-only) and the parent's (the form)."""
    rows = []
    for section in ws.sections:
        child = [f for f in section.fields if f.who != "parent"]
        mine = [f for f in section.fields if f.who == "parent"]
        rows.append({"section": section, "child": child, "parent": mine})
    return rows


def _form_defaults(
    ws: Worksheet, part: dict[str, Any] | None, relation: str, adult_name: str
) -> dict[str, Any]:
    """What the form shows before the parent types: their earlier answers, else a guess
    for "Ik ben de …" (the link's relation) and the name under the signature."""
    if part:
        return dict(part["values"])
    defaults: dict[str, Any] = {}
    for name, f in contributions.parent_fields(ws).items():
        defaults.update(f.kind.form_defaults(f, name, relation=relation, adult_name=adult_name))
    return defaults


def _shape(ws: Worksheet, values: dict[str, Any]) -> dict[str, Any]:
    """Form values in the shape the template's controls read (own cards, other answers)."""
    shown: dict[str, Any] = dict(values)
    for name, f in contributions.parent_fields(ws).items():
        shown.update(f.kind.show_form(f, name, values.get(name)))
    return shown


# --- the parent part of a home assignment ---


async def _assignment(request: Request) -> tuple[Any, dict[str, Any], Worksheet]:
    data, item, ws = await load_item(request)  # 404 unless linked and shared
    if not contributions.has_parent_part(ws):
        raise HTTPException(404)
    return data, item, ws


def _page(
    request: Request,
    data: Any,
    item: dict[str, Any],
    ws: Worksheet,
    values: dict[str, Any],
    part: dict[str, Any] | None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "parent/assignment.html",
        {
            "pupil": data.pupil,
            "item": item,
            "ws": ws,
            "sections": _parent_sections(ws),
            "values": _shape(ws, values),
            "child_values": item["values"],
            "part": part,
            "errors": errors or {},
            "saved": request.query_params.get("bewaard") == "1",
            "closed": not contributions.may_add(data.pupil),
            "OWN": OWN,
            "OTHER": OTHER,
        },
        status=status,
    )


@allow("parent")
async def assignment(request: Request) -> Response:
    app, me = rugzak(request), principal(request)
    data, item, ws = await _assignment(request)
    await log_view(request, data.pupil["id"], "assignment", item["id"])
    database = app.store.pupil(data.pupil["id"])
    part = await app.store.run(contributions.part_of, database, item["id"], me.id)
    if request.method == "GET":
        relation = await app.store.run(family.relation, app.store, me.id, data.pupil["id"])
        return _page(request, data, item, ws, _form_defaults(ws, part, relation, me.name), part)
    contributions.check_may_add(data.pupil)
    form = await read_form(request)
    raw = form_values(ws, form)
    try:
        await app.store.run(contributions.save_part, database, ws, item["id"], me.id, me.name, raw)
    except contributions.Invalid as e:
        return _page(request, data, item, ws, raw, part, e.errors, status=400)
    except LookupError:
        raise HTTPException(404) from None
    url = f"/ouder/kind/{data.pupil['id']}/opdracht/{item['id']}?bewaard=1"
    return RedirectResponse(url, status_code=303)


# --- compliments and activities to do together ---


async def _tell_other_adults(request: Request, pupil: dict[str, Any]) -> None:
    """A compliment is a reaction the other household likes to hear about too. (Pupils get
    no pushes: on a shared tablet the next child would read them.)"""
    app, me = rugzak(request), principal(request)
    others = await app.store.run(family.other_adults, app.store, pupil["id"], me.id)
    if others:
        notifications.send(
            request.app,
            others,
            "compliment",
            Text("Compliment voor {name}", name=pupil["first_name"]),
            Text("{adult} gaf {name} een compliment.", adult=me.name, name=pupil["first_name"]),
            f"/ouder/kind/{pupil['id']}",
        )


async def _from_home(request: Request, kind: str) -> Response:
    app, me = rugzak(request), principal(request)
    pupil, relation = await app.store.run(
        family.pupil_with_relation, app.store, request.path_params["pupil_id"], me.id
    )
    if pupil is None:
        raise HTTPException(404)
    require(request, can_see_pupil(me, pupil))
    contributions.check_may_add(pupil)  # these pages only add: closed altogether
    content = app.catalog.content["complimenten" if kind == "compliment" else "samen-doen"]
    template = "parent/compliment.html" if kind == "compliment" else "parent/samen_doen.html"
    context: dict[str, Any] = {
        "pupil": pupil,
        "options": content,
        "errors": {},
        "form": {"keuze": "", "eigen": "", "note": "", "when": ""},
        "sent": request.query_params.get("verstuurd") == "1",
    }
    if request.method == "GET":
        return render(request, template, context)
    form = await read_form(request)
    posted = {k: _get(form, k) for k in ("keuze", "eigen", "note", "when")}
    try:
        choice = contributions.clean_from_home(
            app.catalog, kind, posted["keuze"], posted["eigen"], posted["note"], posted["when"]
        )
    except contributions.Invalid as e:
        return render(request, template, {**context, "errors": e.errors, "form": posted}, 400)
    database = app.store.pupil(pupil["id"])
    await app.store.run(contributions.add_from_home, database, choice, me.id, me.name, relation)
    if kind == "compliment":
        await _tell_other_adults(request, pupil)
    path = "compliment" if kind == "compliment" else "samen-doen"
    return RedirectResponse(f"/ouder/kind/{pupil['id']}/{path}?verstuurd=1", status_code=303)


@allow("parent")
async def compliment(request: Request) -> Response:
    return await _from_home(request, "compliment")


@allow("parent")
async def samen_doen(request: Request) -> Response:
    return await _from_home(request, "samen-doen")


routes = [
    Route("/ouder/kind/{pupil_id}/opdracht/{item_id}", assignment, methods=["GET", "POST"]),
    Route("/ouder/kind/{pupil_id}/compliment", compliment, methods=["GET", "POST"]),
    Route("/ouder/kind/{pupil_id}/samen-doen", samen_doen, methods=["GET", "POST"]),
]
