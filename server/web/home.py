"""The builder's page at `/`: cheap to show, and cheap to refuse.

Each request takes one from its address's builder allowance first (a script
looping on `/` gets a small 429 page, rendered once per language, before its
form is read). The blank builder is rendered once per language; a request
fills in only its form token, its language links and "your meetings".
"""

from __future__ import annotations

import contextlib
import math
import re

from markupsafe import Markup, escape
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from floor import i18n
from floor.access import OWNER_COOKIE, owner_id
from floor.domain.agenda_problems import Problem
from floor.domain.errors import DomainError
from floor.record.agenda_text import MAX_AGENDA_BYTES, decode
from floor.web import builder
from floor.web.csrf import csrf_token, refused
from floor.web.language import localized, page_language, switcher
from floor.web.pages import app_state, links, page_html
from floor.web.urls import public_base

STATUS = {"rate_limited": 429, "too_many_meetings": 503, "create_key": 403}
# Stand-ins in the blank builder rendered once, for what each request fills in.
_TOKEN = "floor-slot-token"
_YOURS = "<!--floor-slot-yours-->"
_LINK = "floor-slot-language-{}"
_AGENDA = "floor-slot-agenda"
_PROBLEM = "floor-slot-problem"
_SLOTS = re.compile(r"<!--floor-slot-yours-->|floor-slot-[a-z]+(?:-[a-z]+)?")


async def home(request: Request) -> Response:
    """The meeting builder, and the meetings this browser made."""
    state = app_state(request)
    wait = state.builder.wait(request.client.host if request.client else "unknown")
    if wait > 0:
        return slow_down(request, wait)
    if request.method == "GET":
        return await _blank(request)
    async with request.form() as data:  # an uploaded file is closed when answered
        return await _post(request, data)


async def _post(request: Request, data: FormData) -> Response:
    """A button of the builder's form: a row added, moved, removed; a file read; the
    meeting created. The form comes back as typed, with its problems."""
    status = 200
    if (forged := refused(request, data)) is not None:
        return forged
    form = builder.form_from_post(data)
    op = str(data.get("op") or "")
    create_key = str(data.get("create_key") or "")
    checked = False
    if not op and "item_count" not in data:
        # A file posted on its own (a script, an older form): import it and create. The
        # limits first: a refusal then keeps the file as posted, without reading it.
        if (refusal := await _may_not_create(request, create_key)) is not None:
            return await _refused_file(request, data, refusal)
        form = await builder.imported(form, data)
        failed = bool(form.import_problems or form.problems)
        op, checked = ("" if failed else "create"), True
        status = 400 if failed else 200
    if op == "template":
        form = builder.reference_form()
    elif op == "blank":
        return await _blank(request)
    elif op == "import":
        form = await builder.imported(form, data)
        status = 400 if form.import_problems else 200
    elif op == "create":
        created = await _create(request, form, create_key, checked=checked)
        if isinstance(created, Response):
            return created
        form, status = created
    elif op:
        form = builder.apply_op(form, op)
    return page_html(
        request, "home.html", status=status, form=form, zones=builder.time_zones(),
        yours=await _yours(request), csrf=csrf_token(request),
        need_key=app_state(request).creation.key is not None,
    )


def slow_down(request: Request, wait: float) -> Response:
    """429 in plain words and the page's language: the same page for everyone, so made
    once per language; nothing of the request is read."""
    lang = page_language(request)
    state = app_state(request)
    body = state.once.get(("slow_down.html", lang))
    if body is None:
        body = state.once[("slow_down.html", lang)] = state.renderer.template(
            "slow_down.html", lang=lang
        )
    response = HTMLResponse(body, status_code=429, headers={"Retry-After": str(math.ceil(wait))})
    response.headers["Content-Language"] = i18n.LANGUAGES[lang].tag
    return response


async def _blank(request: Request) -> Response:
    """The blank builder: rendered once per language (6 ms a view), then filled in."""
    return await _filled(request, "blank", builder.blank(), {})


async def _refused_file(request: Request, data: FormData, refusal: DomainError) -> Response:
    """A file posted on its own that may not be created now: the blank builder with the
    file's text kept in its import box and the refusal above the form, filled in."""
    upload, agenda = data.get("file"), data.get("agenda")
    text = agenda if isinstance(agenda, str) else ""
    if isinstance(upload, UploadFile) and upload.filename:
        with contextlib.suppress(DomainError):  # not an agenda's text: nothing to keep
            text = decode(await upload.read(MAX_AGENDA_BYTES + 1))
    form = builder.blank()
    form.agenda = _AGENDA
    form.problems = [Problem(_PROBLEM)]
    gettext = i18n.translations(page_language(request)).gettext
    fills = {_AGENDA: text, _PROBLEM: Problem.of(refusal).text_in(gettext)}
    return await _filled(request, "refused", form, fills, STATUS.get(refusal.code, 400))


async def _filled(
    request: Request, variant: str, form: builder.Form, fills: dict[str, str], status: int = 200
) -> Response:
    """`form` rendered once per language and variant with stand-ins, then the request's
    own: its form token, its language links, "your meetings" and `fills` (escaped)."""
    state = app_state(request)
    lang = page_language(request)
    need_key = state.creation.key is not None
    key = ("home.html", variant, lang, str(need_key))
    page = state.once.get(key)
    if page is None:
        slots = [(language, _LINK.format(code)) for code, language in i18n.LANGUAGES.items()]
        page = state.once[key] = state.renderer.template(
            "home.html", lang=lang, switch=slots, form=form, zones=builder.time_zones(),
            yours=Markup(_YOURS), csrf=_TOKEN, need_key=need_key,
        )
    values = {_TOKEN: csrf_token(request), _YOURS: str(await _yours(request))}
    values.update((_LINK.format(language.code), str(escape(url)))
                  for language, url in switcher(request))
    values.update((slot, str(escape(text))) for slot, text in fills.items())
    # One pass: a stand-in's text in what is filled in (a title, a pasted agenda) stays text.
    page = _SLOTS.sub(lambda found: values.get(found[0], found[0]), page)
    return localized(request, HTMLResponse(page, status_code=status), lang)


async def _yours(request: Request) -> Markup:
    """"Your meetings", or nothing for a browser that made none."""
    yours = await your_meetings(request)
    if not yours:
        return Markup("")
    lang = page_language(request)
    return Markup(app_state(request).renderer.template("yours.html", lang=lang, yours=yours))


async def _may_not_create(request: Request, create_key: str) -> DomainError | None:
    """Why this request may not create a meeting now (one is taken from its address's
    allowance when it may), or None."""
    state = app_state(request)
    address = request.client.host if request.client else "unknown"
    try:
        meetings = len(await state.store.slugs())
        await state.creation.check(address, create_key, meetings, state.store.allowance)
    except DomainError as exc:
        return exc
    return None


async def _create(
    request: Request, form: builder.Form, create_key: str, *, checked: bool = False
) -> Response | tuple[builder.Form, int]:
    """Create the meeting (within the creation limits, unless `checked` already), or the
    form and its status."""
    if not checked and (refusal := await _may_not_create(request, create_key)) is not None:
        form.problems = [Problem.of(refusal)]
        return form, STATUS.get(refusal.code, 400)
    created = await builder.create(request, form)
    if isinstance(created, Response):
        return created
    return created, 400


async def your_meetings(request: Request) -> list[dict[str, str]]:
    """The meetings made in this browser, with their links (the chair's as it is now)."""
    token = request.cookies.get(OWNER_COOKIE)
    if not token:
        return []
    store = app_state(request).store
    base = public_base(request)
    out = []
    for slug in await store.owned(owner_id(token)):
        meeting, key = await store.load(slug), await store.chair_key(slug)
        if meeting is None or key is None:
            continue
        found = links(base, slug, key)
        out.append({**found, "title": meeting.title, "slug": slug, "date": meeting.date,
                    "card": f"{base}/m/{slug}/card?key={key}"})
    return out
