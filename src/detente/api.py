"""The HTTP API and the dashboard page over the event store (``detente serve``).

``create_app(db_path, token)`` builds a FastAPI app that reads the store through ``Store`` (the only module
that writes SQL) and serves the page in ``detente/web/static`` itself: no CDN, no build step. Reading
endpoints are open; writing endpoints need ``Authorization: Bearer <token>``. Request bodies are capped
at ``MAX_BODY_BYTES`` (checked on the declared Content-Length and on the bytes actually received).
Every error is one line of JSON: ``{"error": "..."}``. See docs/web.md.
"""

from __future__ import annotations

import errno
import hmac
import ipaddress
import json
import os
import secrets
import threading
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Sequence

from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .analysis import FREQUENCIES, load_weights, parse_dyad, timeline as read_timeline
from .errors import DetenteError, InputError, StoreError
from .records import DOCUMENTS, EVENTS, MENTIONS, MODALITIES, PLOVER_TYPES, Column, Group, Table, parse_iso_date
from .store import MAX_INTEGER, MENTION_NESTED_GROUPS, EventQuery, Store, resolve_near

MAX_BODY_BYTES = 5 * 1024 * 1024
TOKEN_ENV_VAR = "DETENTE_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8321
MAX_PAGE_SIZE = 500
STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
DOC_ID_PATTERN = r"^[0-9a-f]{16}$"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Sent with every response: scripts, styles and data only from this server; no framing; no sniffing.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                 b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


# --- tokens ------------------------------------------------------------------------------------------


def resolve_token(token: str | None = None) -> tuple[str, bool]:
    """The write token: ``token`` if given, else ``$DETENTE_TOKEN``, else a new random one; and whether it is new."""
    if token is not None and token.strip():
        return token.strip(), False
    from_env = os.environ.get(TOKEN_ENV_VAR, "").strip()
    if from_env:
        return from_env, False
    return secrets.token_urlsafe(24), True


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


LOOPBACK_HOST_NAMES: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")


def check_can_listen(host: str, port: int) -> None:
    """InputError in one line when ``host:port`` cannot be listened on (port taken, address not ours)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InputError(f"host {host!r} is not an address of this machine ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno in (errno.EADDRNOTAVAIL,):
                raise InputError(f"host {host} is not an address of this machine") from None
            if exc.errno in (errno.EADDRINUSE,):
                raise InputError(f"port {port} on {host} is already in use; choose another port") from None
            raise InputError(f"cannot listen on {host} port {port}: {exc.strerror}") from None


def _host_name(header: str) -> str:
    """The host of a Host header, without port or IPv6 brackets, lower-cased."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _token_matches(header: str | None, token: str) -> bool:
    scheme, _, value = (header or "").partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        return False
    return hmac.compare_digest(value.encode("utf-8"), token.encode("utf-8"))


# --- request guard: token for writes, body cap, security headers -----------------------------------


class BodyTooLarge(HTTPException):
    """A request body larger than the cap (raised while its bytes arrive)."""

    def __init__(self, limit: int):
        super().__init__(status_code=413, detail=f"request body is larger than {limit // (1024 * 1024)} MB")


def _json_body(status: int, message: str, extra_headers: tuple[tuple[bytes, bytes], ...] = ()) -> tuple[dict, bytes]:
    body = json.dumps({"error": message}).encode("utf-8")
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                         *SECURITY_HEADERS, *extra_headers]}
    return start, body


class RequestGuard:
    """ASGI middleware: writes need the token; bodies over ``max_bytes`` get 413; every answer gets security headers.

    The token is checked before any of the body is read, so an unauthorised client cannot make the
    server take in megabytes. The cap holds for the declared Content-Length and for the bytes that
    actually arrive (a chunked upload declares none). With ``allowed_hosts`` a request naming another
    Host is refused, so a web page cannot reach a local server through a rebound DNS name.
    """

    def __init__(self, app: Any, token: str, max_bytes: int = MAX_BODY_BYTES,
                 allowed_hosts: tuple[str, ...] | None = None):
        self.app = app
        self.token = token
        self.max_bytes = max_bytes
        self.allowed_hosts = {_host_name(h) for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def refuse(status: int, message: str, extra: tuple[tuple[bytes, bytes], ...] = ()) -> None:
            start, body = _json_body(status, message, extra)
            await send(start)
            await send({"type": "http.response.body", "body": body})

        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        if self.allowed_hosts is not None:
            host = _host_name(headers.get(b"host", b"").decode("latin-1"))
            if host not in self.allowed_hosts:
                await refuse(400, f"host {host or '(none)'!r} is not served here")
                return
        if scope.get("method", "GET").upper() not in SAFE_METHODS:
            authorization = headers.get(b"authorization", b"").decode("latin-1")
            if not _token_matches(authorization, self.token):
                await refuse(401, "missing or wrong token: send 'Authorization: Bearer <token>' "
                                  "(detente serve prints it, or set DETENTE_TOKEN)",
                             ((b"www-authenticate", b"Bearer"),))
                return
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await refuse(400, "Content-Length is not a number")
                return
            if size > self.max_bytes:
                await refuse(413, BodyTooLarge(self.max_bytes).detail)
                return

        received = 0
        started = False

        async def counted_receive() -> dict:
            nonlocal received
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message.get("type") == "http.response.start":
                started = True
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = dict(message)
                message["headers"] = [*message.get("headers", []),
                                      *(pair for pair in SECURITY_HEADERS if pair[0] not in present)]
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge as exc:
            if not started:
                await refuse(413, exc.detail)


# --- response and request models (they make the OpenAPI schema) --------------------------------------


class ErrorOut(BaseModel):
    """Every error: one line."""

    error: str


class ActorOut(BaseModel):
    code: Optional[str] = None
    sector: Optional[str] = None
    text: Optional[str] = None
    actor_id: Optional[str] = None


class ModalityChange(BaseModel):
    modality: str
    since: Optional[str] = None
    doc_id: Optional[str] = None


# Python type of each column kind of the record schema (detente.records); JSON columns by name.
PYTHON_TYPES: dict[str, Any] = {"text": str, "int": int, "float": float, "date": date, "timestamp": datetime,
                                "json": Any}
JSON_COLUMN_TYPES: dict[str, Any] = {
    "modality_history": list[ModalityChange], "source_actors": list[ActorOut], "target_actors": list[ActorOut],
    "removed": list[str], "paragraphs": list[list[int]], "warnings": list[str],
}


def model_of(name: str, columns: tuple[Column, ...], doc: str, **extra: Any) -> type[BaseModel]:
    """A response model whose fields are the schema's ``columns`` (then ``extra``): one place for both."""
    fields: dict[str, Any] = {}
    for column in columns:
        kind = JSON_COLUMN_TYPES.get(column.name, PYTHON_TYPES[column.kind])
        description = column.doc or None
        if column.kind == "json":
            fields[column.name] = (kind, Field(default_factory=list, description=description))
        elif column.required or column.key:
            fields[column.name] = (kind, Field(..., description=description))
        else:
            fields[column.name] = (Optional[kind], Field(None, description=description))
    fields.update(extra)
    return create_model(name, __doc__=doc, **fields)


def nested_model_of(name: str, table: Table, doc: str, only: tuple[str, ...] | None = None,
                    **extra: Any) -> type[BaseModel]:
    """A response model of a table as ``Table.nest`` reads its rows: each group of columns (or each
    named in ``only``; an event's or a mention's ``location``) is one optional object whose fields are
    the group's own columns; the other groups stay columns (``source_country``)."""
    nested = {item.name for item in table.items if isinstance(item, Group) and (only is None or item.name in only)}
    plain = tuple(column for column, group, _ in table.expanded
                  if (group is None or group.name not in nested) and column.stored)
    groups: dict[str, Any] = {}
    for item in table.items:
        if isinstance(item, Group) and item.name in nested:
            part_model = model_of(f"{name.removesuffix('Out')}{item.name.title()}Out",
                                  tuple(part for part in item.columns if part.stored), f"The {item.name} object.")
            groups[item.name] = (Optional[part_model], Field(None, description=f"null, or the {item.name}"))
    return model_of(name, plain, doc, **groups, **extra)


MentionOut = nested_model_of(
    "MentionOut", MENTIONS, "One report of an event: the sentence of one document that states it.",
    only=MENTION_NESTED_GROUPS, document_source=(Optional[str], None), document_title=(Optional[str], None),
    published=(Optional[date], None))
EventOut = nested_model_of(
    "EventOut", EVENTS, "A happening in the world, however many reports describe it (docs/store.md).",
    score=(float, Field(description="cooperation (+) or conflict (-) score, PLOVER scale -10..+10")),
    mentions=(list[MentionOut], []))


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters, over all pages")
    offset: int
    limit: int
    events: list[EventOut]


class PeriodOut(BaseModel):
    period: str
    start: date
    end: date
    events: int
    VC: int
    MC: int
    VX: int
    MX: int
    cooperation: float
    conflict: float
    net: float


class TimelineOut(BaseModel):
    dyad: Optional[list[str]] = Field(None, description="SOURCE, TARGET; null for a country's internal timeline")
    country: Optional[str] = Field(None, description="the country whose internal events are counted")
    domestic: Optional[bool] = None
    both_directions: bool
    freq: str
    modalities: list[str]
    types: list[str]
    undated: int
    too_coarse: int
    notes: list[str]
    weights: list[str]
    periods: list[PeriodOut]


DocumentMentionOut = nested_model_of(
    "DocumentMentionOut", MENTIONS,
    "An event mention inside the document: offsets into ``text`` for the evidence, trigger and actors.",
    only=MENTION_NESTED_GROUPS, event_modality=(Optional[str], None))


class SentenceOut(BaseModel):
    sentence_index: int
    char_start: int
    char_end: int


DocumentOut = model_of(
    "DocumentOut", DOCUMENTS.stored, "One stored article: clean text, sentences and event mentions.",
    sentences=(list[SentenceOut], []), mentions=(list[DocumentMentionOut], []))


class CodeCount(BaseModel):
    code: str
    name: Optional[str] = None
    as_source: int
    as_target: int
    events: int
    internal: int = Field(0, description="its internal events: every known participant is this country")


class DyadCount(BaseModel):
    """Two codes with events between them; ``a`` sorts before ``b``."""

    a: str
    b: str
    a_name: Optional[str] = None
    b_name: Optional[str] = None
    a_to_b: int
    b_to_a: int
    events: int


class ActorsOut(BaseModel):
    actors: list[CodeCount]
    dyads: list[DyadCount]


class InfoOut(BaseModel):
    detente_version: str
    store: Optional[dict[str, Any]] = None
    error: Optional[str] = Field(None, description="why the store cannot be read, if it cannot")
    event_types: list[str]
    modalities: list[str]
    frequencies: list[str]
    max_body_bytes: int


def _strict_date(value: Any) -> Any:
    """Dates from a request only as YYYY-MM-DD (not 20230615, which pydantic would read as a timestamp)."""
    if isinstance(value, date):
        return value
    try:
        return parse_iso_date(value)
    except (TypeError, ValueError):
        raise PydanticCustomError("date_format", "not a date written YYYY-MM-DD") from None


IsoDate = Annotated[date, BeforeValidator(_strict_date)]


class NewDocument(BaseModel):
    """An article to code and store."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="plain text or HTML of the article")
    published: IsoDate = Field(description="publication date, YYYY-MM-DD (relative dates are resolved against it)")
    source: str = Field("", max_length=2000, description="where it comes from; a new text from a known "
                                                         "source replaces the old one")
    html: Optional[bool] = Field(None, description="true: HTML, false: plain text, null: decide by looking")


class NewDocumentOut(BaseModel):
    doc_id: str
    status: str = Field(description="inserted, replaced or unchanged")
    source: str
    mentions: int
    events_touched: int
    replaced: list[str]
    warnings: list[str]
    document_url: str
    events: list[dict[str, Any]] = Field(description="the coded mentions, as `detente extract --format jsonl` "
                                                     "prints them")


# --- helpers -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _code_names() -> Any:
    """The packaged actor dictionary's ``code_name`` (None when it cannot be loaded)."""
    try:
        from .actordict import ActorDictionary

        return ActorDictionary.load().code_name
    except Exception:  # names are a nicety; the codes still work
        return lambda code: None


def _name(code: str | None) -> str | None:
    return _code_names()(code) if code else None


def _validation_message(exc: RequestValidationError) -> str:
    """The first problem of a rejected request, in one line."""
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body")) or "request"
    kind = str(first.get("type", ""))
    value = first.get("input")
    shown = f" {value!r}" if isinstance(value, (str, int, float)) and len(repr(value)) < 80 else ""
    if kind.startswith("date") or kind.startswith("datetime"):
        message = f"{where}{shown} is not a valid date (expected YYYY-MM-DD)"
    elif kind == "json_invalid":
        message = "the request body is not valid JSON"
    elif kind == "missing":
        message = f"{where} is required"
    else:
        message = f"{where}{shown}: {first.get('msg', 'invalid')}"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return " ".join((message + more).split())


# --- the app -----------------------------------------------------------------------------------------


def create_app(db_path: str | os.PathLike[str] | None, token: str | None = None, *,
               allowed_hosts: tuple[str, ...] | None = None, gazetteer_files: Sequence[str] = ()) -> FastAPI:
    """The FastAPI app serving the store at ``db_path``: JSON under ``/api``, the dashboard at ``/``.

    ``token`` guards the writing endpoints; without one, ``$DETENTE_TOKEN`` or a new random token is
    used (read it back from ``app.state.token``). ``allowed_hosts``: the only Host header values
    answered (``detente serve`` on a loopback address passes LOOPBACK_HOST_NAMES); None answers any.
    ``gazetteer_files``: the user's places, read on top of detente's when documents are coded and when
    ``near`` names a place.
    """
    gazetteer_files = tuple(str(p) for p in gazetteer_files)
    token, generated = resolve_token(token)
    store = Store(db_path)
    weights = load_weights()
    extract_lock = threading.Lock()

    app = FastAPI(
        title="detente",
        version=__version__,
        description="PLOVER events coded from news and analysis text: browse, chart and add. "
                    "Writing endpoints need `Authorization: Bearer <token>`.",
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN; the schema is at openapi_url
        openapi_url="/api/openapi.json",
    )
    app.state.token = token
    app.state.token_generated = generated
    app.state.store = store
    app.add_middleware(RequestGuard, token=token, max_bytes=MAX_BODY_BYTES, allowed_hosts=allowed_hosts)
    bearer = HTTPBearer(auto_error=False, description="the token `detente serve` prints, or $DETENTE_TOKEN")

    def require_token(credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> None:
        """Refuse a writing request without the right bearer token (RequestGuard already did; this documents it)."""
        header = f"Bearer {credentials.credentials}" if credentials else None
        if not _token_matches(header, token):
            raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        return JSONResponse({"error": " ".join(str(message).split())}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _validation_message(exc)}, status_code=422)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"error": " ".join(str(exc).split())}, status_code=503)

    @app.exception_handler(DetenteError)
    async def input_error(request: Request, exc: DetenteError) -> JSONResponse:
        return JSONResponse({"error": " ".join(str(exc).split())}, status_code=400)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"error": f"internal error: {exc.__class__.__name__}"}, status_code=500)

    def known_dyad(dyad: str) -> tuple[str, str]:
        """``SOURCE:TARGET`` as a pair; InputError when malformed or when no stored event links the two."""
        pair = parse_dyad(dyad)
        present = {(d["a"], d["b"]) for d in store.dyad_counts()}
        if tuple(sorted(pair)) not in present:
            raise InputError(f"unknown dyad {pair[0]}:{pair[1]}: no stored events between {pair[0]} and {pair[1]}")
        return pair

    def known_country(code: str) -> str:
        """A country or organisation code that some stored event has; InputError otherwise."""
        wanted = str(code).strip().upper()
        if wanted not in {entry["code"] for entry in store.actor_counts()}:
            raise InputError(f"unknown country {wanted}: no stored events of {wanted}")
        return wanted

    errors = {400: {"model": ErrorOut}, 422: {"model": ErrorOut}, 503: {"model": ErrorOut}}

    # -- reading --

    @app.get("/api/info", response_model=InfoOut, tags=["store"])
    def info() -> dict[str, Any]:
        """What the store holds (counts, date range), and the vocabularies the filters accept."""
        described: dict[str, Any] = {"detente_version": __version__, "event_types": list(PLOVER_TYPES),
                                     "modalities": list(MODALITIES), "frequencies": list(FREQUENCIES),
                                     "max_body_bytes": MAX_BODY_BYTES}
        try:
            record = store.info().to_record()
            record.pop("path", None)  # the server's file layout is none of the client's business
            described["store"] = record
        except StoreError as exc:
            described["error"] = str(exc)
        return described

    @app.get("/api/events", response_model=EventPage, responses=errors, tags=["events"])
    def events(
        dyad: Optional[str] = Query(None, description="SOURCE:TARGET country codes, e.g. USA:CHN"),
        both_directions: bool = Query(False, description="with dyad: TARGET:SOURCE events too"),
        actor: Optional[list[str]] = Query(None, description="country code (either side) or actor id; repeatable"),
        type: Optional[list[str]] = Query(None, description="PLOVER event type; repeatable or comma-separated"),
        modality: Optional[list[str]] = Query(None, description="reported, planned, ...; repeatable"),
        since: Optional[IsoDate] = Query(None, description="first day YYYY-MM-DD"),
        until: Optional[IsoDate] = Query(None, description="last day YYYY-MM-DD"),
        within: bool = Query(False, description="events wholly inside since..until (as a timeline period counts "
                                                "them) instead of overlapping it"),
        domestic: Optional[bool] = Query(None, description="true: source and target country known and the same; "
                                                           "false: known and different"),
        country: Optional[str] = Query(None, description="a country's internal events: every known participant "
                                                         "is this country, e.g. KEN"),
        near: Optional[str] = Query(None, description="events located near this place: a place name (detente's "
                                                      "gazetteer) or LAT,LON"),
        km: Optional[float] = Query(None, description="with near: the radius in km (default 100); must be > 0"),
        country_of_location: Optional[str] = Query(None, description="events located in this country "
                                                                     "(ISO alpha-3)"),
        offset: int = Query(0, ge=0, le=MAX_INTEGER),
        limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
    ) -> dict[str, Any]:
        """Deduplicated events, oldest first, one page at a time (same filters as `detente events`)."""
        near = None if near is None else resolve_near(near, gazetteer_files)
        EventQuery(since=since, until=until, near=near, km=km)  # bad filters are refused before any look-up
        query = EventQuery(dyad=known_dyad(dyad) if dyad else None, both_directions=both_directions, actors=actor,
                           types=type, modalities=modality, since=since, until=until, within=within,
                           domestic=domestic, internal_to=known_country(country) if country else None, near=near,
                           km=km, country_of_location=country_of_location, offset=offset, limit=limit)
        total, found = store.events_page(query)
        for event in found:
            event["score"] = weights.score(event["event_type"], event.get("mode"))
        return {"total": total, "offset": offset, "limit": limit, "events": found}

    @app.get("/api/timeline", response_model=TimelineOut, responses=errors, tags=["events"])
    def timeline(
        dyad: Optional[str] = Query(None, description="SOURCE:TARGET country codes, e.g. USA:CHN"),
        country: Optional[str] = Query(None, description="instead of dyad: one country's internal events, e.g. KEN"),
        domestic: Optional[bool] = Query(None, description="true: only events with the country known on both "
                                                           "sides; false: only between two countries"),
        freq: Literal["month", "quarter", "year"] = Query("month"),
        both_directions: bool = Query(False, description="count TARGET:SOURCE events too"),
        modality: Optional[list[str]] = Query(None, description="modalities counted (default: reported)"),
        type: Optional[list[str]] = Query(None, description="only these PLOVER types (default: all)"),
        since: Optional[IsoDate] = Query(None),
        until: Optional[IsoDate] = Query(None),
    ) -> dict[str, Any]:
        """Per period: events by QuadClass, cooperation (+), conflict (-) and net score (as `detente timeline`),
        of a dyad or of one country's internal events."""
        EventQuery(since=since, until=until)  # a reversed range is refused before the dyad is looked up
        if (dyad is None) == (country is None):
            raise InputError("give dyad=SOURCE:TARGET or country=CODE (a country's internal events), one of the two")
        result = read_timeline(store, known_dyad(dyad) if dyad else None, freq=freq, both_directions=both_directions,
                               modalities=modality or (), types=type or (), weights=weights, since=since,
                               until=until, country=known_country(country) if country else None, domestic=domestic)
        return result.to_dict()

    @app.get("/api/documents/{doc_id}", response_model=DocumentOut,
             responses={404: {"model": ErrorOut}, **errors}, tags=["documents"])
    def document(doc_id: str = PathParam(..., pattern=DOC_ID_PATTERN, description="16 hex digits")) -> dict:
        """One document's clean text, with the offsets of every event mention's evidence, trigger and actors."""
        found = store.document(doc_id)
        if found is None:
            raise HTTPException(404, f"no document {doc_id} in the store")
        return found

    @app.get("/api/actors", response_model=ActorsOut, responses=errors, tags=["store"])
    def actors() -> dict[str, Any]:
        """The country and organisation codes of stored events, and every pair with events between them."""
        codes = store.actor_counts()
        for entry in codes:
            entry["name"] = _name(entry["code"])
        dyads = store.dyad_counts()
        for entry in dyads:
            entry["a_name"], entry["b_name"] = _name(entry["a"]), _name(entry["b"])
        return {"actors": codes, "dyads": dyads}

    # -- writing --

    @app.post("/api/documents", response_model=NewDocumentOut, status_code=201,
              responses={200: {"model": NewDocumentOut, "description": "already stored; nothing changed"},
                         401: {"model": ErrorOut}, 413: {"model": ErrorOut}, **errors},
              dependencies=[Depends(require_token)], tags=["documents"])
    def add_document(new: NewDocument) -> Any:
        """Code an article (text + publication date), store it, and return its events."""
        from .ingest import document_from_text
        from .pipeline import get_extractor

        document = document_from_text(new.text, source=new.source.strip(), published=new.published, html=new.html)
        with extract_lock:  # one spaCy pipeline, used by one request at a time
            extraction = get_extractor(gazetteer_files=gazetteer_files).extract(document)
        result = store.ingest(extraction)
        body = {"doc_id": result.doc_id, "status": result.status, "source": result.source,
                "mentions": result.mentions, "events_touched": result.events, "replaced": result.replaced,
                "warnings": list(extraction.warnings), "document_url": f"/api/documents/{result.doc_id}",
                "events": [mention.to_record() for mention in extraction.events]}
        if result.status == "unchanged":
            body["mentions"] = len(extraction.events)
            return JSONResponse(NewDocumentOut(**body).model_dump(mode="json"), status_code=200)
        return body

    # -- the page --

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
