"""A small HTTP fake of Meilisearch, for the contract tests when no server can run here.

It speaks the subset of the REST API that ``MeilisearchSearchIndex`` and the
SDK use (health, indexes, settings, documents, tasks, search) and records
every request, so tests can assert what actually went over the wire.

It is deliberately strict where real Meilisearch is strict and where a bug of
ours would hide:

* tasks are enqueued and only processed when a client polls ``GET /tasks/{uid}``
  (in uid order), so a write that is not waited for is not searchable yet;
* a filter on an attribute outside ``filterableAttributes`` and a sort on one
  outside ``sortableAttributes`` are rejected with the real error codes;
* document ids must match ``[A-Za-z0-9_-]{1,511}`` or the whole task fails;
* filters are parsed (AND, OR, NOT, parentheses, =, !=, >, >=, <, <=, IN,
  NOT IN, quoted strings with backslash escapes), so an unescaped value that
  smuggles ``OR`` would widen the result exactly as it would on the server.

Matching is simpler than Meilisearch's: every query word must be a substring
of a searchable attribute after case and accent folding (a superset of
Meilisearch's prefix matching, which is why the contract tests only rely on
whole words and prefixes of the last word).
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEFAULT_RANKING_RULES = ["words", "typo", "proximity", "attribute", "sort", "exactness"]
_DOCUMENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,511}$")
_WORD_SPLIT = re.compile(r"[^\w]+")


class ApiError(Exception):
    """A Meilisearch error response."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, str]:
        """The JSON error shape Meilisearch returns."""
        return {
            "message": self.message,
            "code": self.code,
            "type": "invalid_request",
            "link": f"https://docs.meilisearch.com/errors#{self.code}",
        }


@dataclass(frozen=True)
class Recorded:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class _Index:
    uid: str
    primary_key: str | None
    created_at: str
    settings: dict[str, Any] = field(
        default_factory=lambda: {
            "searchableAttributes": ["*"],
            "filterableAttributes": [],
            "sortableAttributes": [],
            "rankingRules": list(DEFAULT_RANKING_RULES),
            "typoTolerance": {"enabled": True, "disableOnAttributes": []},
        }
    )
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fold(text: str) -> str:
    """Lower-case without diacritics, as Meilisearch normalizes Latin text."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# ---------------------------------------------------------------- filter parsing

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<op>!=|>=|<=|=|>|<)
      | (?P<punct>[()\[\],])
      | (?P<word>[^\s()\[\],=!<>"']+)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    value: str


def _tokenize(expression: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    position = 0
    while position < len(expression):
        if expression[position:].strip() == "":
            break
        match = _TOKEN.match(expression, position)
        if match is None:
            raise ApiError(400, "invalid_search_filter", f"cannot parse filter at {position}")
        position = match.end()
        kind = match.lastgroup or ""
        text = match.group(kind)
        if kind == "string":
            text = re.sub(r"\\(.)", r"\1", text[1:-1])
        tokens.append(_Tok(kind, text))
    return tokens


Predicate = Callable[[dict[str, Any]], bool]


class _FilterParser:
    """Recursive descent over Meilisearch's filter grammar (the parts we need)."""

    def __init__(self, expression: str) -> None:
        self.tokens = _tokenize(expression)
        self.position = 0
        self.attributes: set[str] = set()

    def parse(self) -> Predicate:
        predicate = self._or()
        if self.position != len(self.tokens):
            raise ApiError(400, "invalid_search_filter", "unexpected trailing tokens in filter")
        return predicate

    def _peek_keyword(self, *words: str) -> bool:
        if self.position >= len(self.tokens):
            return False
        token = self.tokens[self.position]
        return token.kind == "word" and token.value.upper() in words

    def _take(self) -> _Tok:
        if self.position >= len(self.tokens):
            raise ApiError(400, "invalid_search_filter", "filter ended too early")
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _expect_punct(self, value: str) -> None:
        token = self._take()
        if token.kind != "punct" or token.value != value:
            raise ApiError(400, "invalid_search_filter", f"expected {value!r}")

    def _or(self) -> Predicate:
        parts = [self._and()]
        while self._peek_keyword("OR"):
            self.position += 1
            parts.append(self._and())
        return lambda doc: any(p(doc) for p in parts)

    def _and(self) -> Predicate:
        parts = [self._not()]
        while self._peek_keyword("AND"):
            self.position += 1
            parts.append(self._not())
        return lambda doc: all(p(doc) for p in parts)

    def _not(self) -> Predicate:
        if self._peek_keyword("NOT"):
            self.position += 1
            inner = self._not()
            return lambda doc: not inner(doc)
        return self._primary()

    def _primary(self) -> Predicate:
        token = self.tokens[self.position] if self.position < len(self.tokens) else None
        if token is not None and token.kind == "punct" and token.value == "(":
            self.position += 1
            inner = self._or()
            self._expect_punct(")")
            return inner
        return self._condition()

    def _value(self) -> str:
        token = self._take()
        if token.kind not in ("string", "word"):
            raise ApiError(400, "invalid_search_filter", "expected a value")
        return token.value

    def _list(self) -> list[str]:
        self._expect_punct("[")
        values: list[str] = []
        while True:
            values.append(self._value())
            token = self._take()
            if token.kind == "punct" and token.value == "]":
                return values
            if not (token.kind == "punct" and token.value == ","):
                raise ApiError(400, "invalid_search_filter", "expected ',' or ']'")

    def _condition(self) -> Predicate:
        attribute = self._take()
        if attribute.kind not in ("word", "string"):
            raise ApiError(400, "invalid_search_filter", "expected an attribute")
        name = attribute.value
        self.attributes.add(name)
        if self._peek_keyword("IN"):
            self.position += 1
            values = self._list()
            return lambda doc: any(_equals(doc.get(name), v) for v in values)
        if self._peek_keyword("NOT"):
            self.position += 1
            if not self._peek_keyword("IN"):
                raise ApiError(400, "invalid_search_filter", "expected IN after NOT")
            self.position += 1
            values = self._list()
            return lambda doc: not any(_equals(doc.get(name), v) for v in values)
        operator = self._take()
        if operator.kind != "op":
            raise ApiError(400, "invalid_search_filter", "expected an operator")
        value = self._value()
        return _comparison(name, operator.value, value)


def _values_of(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else [raw]


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _equals(raw: Any, value: str) -> bool:
    for item in _values_of(raw):
        if item is None:
            continue
        if isinstance(item, int | float) and not isinstance(item, bool):
            if _as_number(value) == float(item):
                return True
        elif str(item).casefold() == value.casefold():
            return True
    return False


def _comparison(name: str, operator: str, value: str) -> Predicate:
    if operator == "=":
        return lambda doc: _equals(doc.get(name), value)
    if operator == "!=":
        return lambda doc: not _equals(doc.get(name), value)
    bound = _as_number(value)
    if bound is None:
        raise ApiError(400, "invalid_search_filter", f"{operator} needs a number")
    compare: dict[str, Callable[[float, float], bool]] = {
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
    }
    check = compare[operator]

    def predicate(doc: dict[str, Any]) -> bool:
        numbers = [_as_number(v) for v in _values_of(doc.get(name)) if not isinstance(v, str)]
        return any(n is not None and check(n, bound) for n in numbers)

    return predicate


def _any_of(predicates: list[Predicate]) -> Predicate:
    return lambda doc: any(p(doc) for p in predicates)


def _all_of(predicates: list[Predicate]) -> Predicate:
    return lambda doc: all(p(doc) for p in predicates)


def parse_filter(raw: Any) -> tuple[Predicate, set[str]]:
    """A predicate and the attributes it uses, from a string or array filter."""
    if raw is None:
        return (lambda doc: True), set()
    if isinstance(raw, str):
        parser = _FilterParser(raw)
        return parser.parse(), parser.attributes
    if isinstance(raw, list):
        predicates: list[Predicate] = []
        attributes: set[str] = set()
        for element in raw:
            if isinstance(element, list):
                alternatives = [parse_filter(e) for e in element]
                predicates.append(_any_of([p for p, _ in alternatives]))
                for _, used in alternatives:
                    attributes |= used
            else:
                predicate, used = parse_filter(element)
                predicates.append(predicate)
                attributes |= used
        return _all_of(predicates), attributes
    raise ApiError(400, "invalid_search_filter", "filter must be a string or an array")


# ---------------------------------------------------------------- the server state


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.indexes: dict[str, _Index] = {}
        self.tasks: list[dict[str, Any]] = []
        self.pending: dict[int, Callable[[], object]] = {}

    def enqueue(
        self, index_uid: str | None, kind: str, work: Callable[[], object]
    ) -> dict[str, Any]:
        uid = len(self.tasks)
        enqueued = _now()
        task: dict[str, Any] = {
            "uid": uid,
            "indexUid": index_uid,
            "status": "enqueued",
            "type": kind,
            "details": {},
            "error": None,
            "duration": None,
            "enqueuedAt": enqueued,
            "startedAt": None,
            "finishedAt": None,
        }
        self.tasks.append(task)
        self.pending[uid] = work
        return {
            "taskUid": uid,
            "indexUid": index_uid,
            "status": "enqueued",
            "type": kind,
            "enqueuedAt": enqueued,
        }

    def process_until(self, uid: int) -> None:
        for pending_uid in sorted(u for u in self.pending if u <= uid):
            work = self.pending.pop(pending_uid)
            task = self.tasks[pending_uid]
            task["startedAt"] = _now()
            try:
                work()
                task["status"] = "succeeded"
            except ApiError as exc:
                task["status"] = "failed"
                task["error"] = exc.body()
            task["finishedAt"] = _now()
            task["duration"] = "PT0S"

    def index(self, uid: str) -> _Index:
        index = self.indexes.get(uid)
        if index is None:
            raise ApiError(404, "index_not_found", f"Index `{uid}` not found.")
        return index


class FakeMeilisearch:
    """The fake server: ``start()`` on a free loopback port, ``url``, ``requests``, ``stop()``."""

    def __init__(self, *, api_key: str | None = None) -> None:
        self.api_key = api_key
        self._state = _State()
        self._recorded: list[Recorded] = []
        self._record_lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL of the running server."""
        assert self._server is not None, "fake not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        """Listen on 127.0.0.1 and serve in a daemon thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: tests read ``requests`` instead."""

            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def do_PUT(self) -> None:
                fake._handle(self, "PUT")

            def do_PATCH(self) -> None:
                fake._handle(self, "PATCH")

            def do_DELETE(self) -> None:
                fake._handle(self, "DELETE")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Shut the server down."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def requests(self) -> list[Recorded]:
        """Every request received so far, oldest first."""
        with self._record_lock:
            return list(self._recorded)

    def requests_to(self, index_uid: str) -> Iterator[Recorded]:
        """Requests whose path addresses ``index_uid``."""
        prefix = f"/indexes/{index_uid}/"
        return (r for r in self.requests if r.path.startswith(prefix))

    # ------------------------------------------------------------ request handling

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        split = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            body = raw.decode("utf-8", "replace")
        with self._record_lock:
            self._recorded.append(
                Recorded(
                    method=method,
                    path=split.path,
                    query=parse_qs(split.query),
                    headers={k.lower(): v for k, v in handler.headers.items()},
                    body=body,
                )
            )
        try:
            self._authorize(handler, split.path)
            with self._state.lock:
                status, payload = self._route(method, split.path, parse_qs(split.query), body)
        except ApiError as exc:
            status, payload = exc.status, exc.body()
        encoded = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(encoded)))
        handler.end_headers()
        handler.wfile.write(encoded)

    def _authorize(self, handler: BaseHTTPRequestHandler, path: str) -> None:
        if self.api_key is None or path == "/health":
            return
        header = handler.headers.get("Authorization")
        if header is None:
            raise ApiError(401, "missing_authorization_header", "missing Authorization header")
        if header != f"Bearer {self.api_key}":
            raise ApiError(403, "invalid_api_key", "The provided API key is invalid.")

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        state = self._state
        parts = [p for p in path.split("/") if p]
        if parts == ["health"] and method == "GET":
            return 200, {"status": "available"}
        if parts[:1] == ["tasks"] and len(parts) == 2 and method == "GET":
            task_uid = int(parts[1])
            if task_uid >= len(state.tasks):
                raise ApiError(404, "task_not_found", f"Task `{task_uid}` not found.")
            state.process_until(task_uid)
            return 200, state.tasks[task_uid]
        if parts == ["indexes"] and method == "POST":
            return 202, self._create_index(body)
        if parts[:1] != ["indexes"] or len(parts) < 2:
            raise ApiError(404, "not_found", f"no route for {method} {path}")
        uid, rest = parts[1], parts[2:]
        if not rest and method == "GET":
            index = state.index(uid)
            return 200, {
                "uid": index.uid,
                "primaryKey": index.primary_key,
                "createdAt": index.created_at,
                "updatedAt": index.created_at,
            }
        if not rest and method == "DELETE":
            state.index(uid)
            return 202, state.enqueue(uid, "indexDeletion", lambda: state.indexes.pop(uid, None))
        if rest == ["settings"]:
            return self._settings(uid, method, body)
        if rest[:1] == ["documents"]:
            return self._documents(uid, method, rest[1:], query, body)
        if rest == ["search"] and method == "POST":
            return 200, self._search(state.index(uid), body or {})
        raise ApiError(404, "not_found", f"no route for {method} {path}")

    def _create_index(self, body: Any) -> dict[str, Any]:
        state = self._state
        uid = body["uid"]
        primary_key = body.get("primaryKey")

        def create() -> None:
            if uid in state.indexes:
                raise ApiError(409, "index_already_exists", f"Index `{uid}` already exists.")
            state.indexes[uid] = _Index(uid=uid, primary_key=primary_key, created_at=_now())

        return state.enqueue(uid, "indexCreation", create)

    def _settings(self, uid: str, method: str, body: Any) -> tuple[int, Any]:
        state = self._state
        if method == "GET":
            return 200, state.index(uid).settings
        if method != "PATCH":
            raise ApiError(405, "method_not_allowed", "settings support GET and PATCH here")

        def update() -> None:
            index = state.indexes.get(uid)
            if index is None:
                index = state.indexes[uid] = _Index(uid=uid, primary_key=None, created_at=_now())
            index.settings.update(body or {})

        return 202, state.enqueue(uid, "settingsUpdate", update)

    def _documents(
        self, uid: str, method: str, rest: list[str], query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        state = self._state
        given = query.get("primaryKey")
        primary_key = given[0] if given else None
        if not rest and method in ("POST", "PUT"):
            documents = list(body or [])

            def write() -> None:
                index = state.indexes.get(uid)
                if index is None:
                    index = state.indexes[uid] = _Index(
                        uid=uid, primary_key=primary_key, created_at=_now()
                    )
                key = index.primary_key or primary_key or "id"
                index.primary_key = key
                for document in documents:
                    if not _DOCUMENT_ID.match(str(document.get(key, ""))):
                        raise ApiError(400, "invalid_document_id", f"bad document id in {key}")
                for document in documents:
                    doc_id = str(document[key])
                    if method == "PUT" and doc_id in index.documents:
                        index.documents[doc_id] = {**index.documents[doc_id], **document}
                    else:
                        index.documents[doc_id] = dict(document)

            return 202, state.enqueue(uid, "documentAdditionOrUpdate", write)
        if rest == ["delete-batch"] and method == "POST":
            ids = [str(i) for i in body or []]

            def delete_batch() -> None:
                index = state.index(uid)
                for doc_id in ids:
                    index.documents.pop(doc_id, None)

            return 202, state.enqueue(uid, "documentDeletion", delete_batch)
        if rest == ["delete"] and method == "POST":
            predicate, _ = parse_filter((body or {}).get("filter"))

            def delete_by_filter() -> None:
                index = state.index(uid)
                for doc_id in [k for k, d in index.documents.items() if predicate(d)]:
                    del index.documents[doc_id]

            return 202, state.enqueue(uid, "documentDeletion", delete_by_filter)
        raise ApiError(404, "not_found", f"no documents route for {method} {rest}")

    def _search(self, index: _Index, body: dict[str, Any]) -> dict[str, Any]:
        predicate, used = parse_filter(body.get("filter"))
        filterable = set(index.settings.get("filterableAttributes") or [])
        unknown = used - filterable
        if unknown:
            raise ApiError(
                400,
                "invalid_search_filter",
                f"Attribute `{sorted(unknown)[0]}` is not filterable.",
            )
        sorts = self._sorts(index, body.get("sort"))
        searchable = self._searchable(index)
        words = [w for w in _WORD_SPLIT.split(fold(body.get("q") or "")) if w]
        scored: list[tuple[float, int, dict[str, Any]]] = []
        for position, document in enumerate(index.documents.values()):
            if not predicate(document):
                continue
            score = _score(document, words, searchable)
            if score is not None:
                scored.append((score, position, document))
        scored.sort(key=lambda item: (-item[0], item[1]))
        for attribute, descending in reversed(sorts):
            present = [s for s in scored if _as_number(s[2].get(attribute)) is not None]
            missing = [s for s in scored if _as_number(s[2].get(attribute)) is None]
            present.sort(key=_number_at(attribute), reverse=descending)
            scored = present + missing
        offset, limit = int(body.get("offset") or 0), int(body.get("limit") or 20)
        retrieve = body.get("attributesToRetrieve") or ["*"]
        hits = []
        for score, _, document in scored[offset : offset + limit]:
            hit = (
                dict(document)
                if "*" in retrieve
                else {k: document[k] for k in retrieve if k in document}
            )
            if body.get("showRankingScore"):
                hit["_rankingScore"] = score
            hits.append(hit)
        return {
            "hits": hits,
            "query": body.get("q") or "",
            "processingTimeMs": 0,
            "limit": limit,
            "offset": offset,
            "estimatedTotalHits": len(scored),
        }

    @staticmethod
    def _sorts(index: _Index, raw: Any) -> list[tuple[str, bool]]:
        sortable = set(index.settings.get("sortableAttributes") or [])
        sorts: list[tuple[str, bool]] = []
        for item in raw or []:
            attribute, _, direction = str(item).partition(":")
            if attribute not in sortable or direction not in ("asc", "desc"):
                raise ApiError(
                    400, "invalid_search_sort", f"Attribute `{attribute}` is not sortable."
                )
            sorts.append((attribute, direction == "desc"))
        return sorts

    @staticmethod
    def _searchable(index: _Index) -> list[str] | None:
        attributes = index.settings.get("searchableAttributes") or ["*"]
        return None if "*" in attributes else list(attributes)


def _number_at(attribute: str) -> Callable[[tuple[float, int, dict[str, Any]]], float]:
    return lambda item: _as_number(item[2][attribute]) or 0.0


def _attribute_text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_attribute_text(v) for v in value)
    return "" if value is None else fold(str(value))


def _score(
    document: dict[str, Any], words: list[str], searchable: list[str] | None
) -> float | None:
    """None when a word is missing; else higher when words hit earlier attributes."""
    if not words:
        return 1.0
    attributes = searchable or [k for k, v in document.items() if isinstance(v, str | list)]
    texts = [_attribute_text(document.get(a)) for a in attributes]
    total = 0.0
    for word in words:
        positions = [i for i, text in enumerate(texts) if word in text]
        if not positions:
            return None
        total += 1.0 - positions[0] / (len(texts) + 1)
    return total / len(words)
