"""Anonymous reads served from a cache keyed by a content version, with exact invalidation.

Content version
    One generation number per name, stored in the database (`ContentVersion`) and mirrored in the
    shared cache. `bump(*names)` adds one to each name and to `global` *in the caller's
    transaction*, so the version moves exactly when the change commits (and not at all if it rolls
    back); after the commit the new values are copied to the cache. Names in use:

    - each change-feed type (`article`, `officer`, `disclosure`, `visit`, ...): bumped by
      `partners.changes.record_change`, which already sees every publish, unpublish, public edit,
      deletion, visit approval and register change (`name_model` says which model is which type);
    - `pages`: any Wagtail page published, unpublished, moved or deleted, a view restriction or a
      site changed (URLs and who may see a page);
    - the label of each model an app declares with `track(Model)` (e.g. `counselling.audience`):
      things public output shows that are not a change-feed type of their own.

    `current(names)` reads the numbers with one cache round trip (`get_many`). When the cache is
    process-local (locmem, the embedded default) the numbers are read from the database instead
    (one primary-key query), so worker processes never disagree about the version.

Entries
    A cached read is keyed by what identifies the representation (path, normalised query, language,
    media type ...) plus the versions it depends on; the ETag is the same digest, so a conditional
    request is answered from the versions alone. Public pages depend on `global`; API endpoints on
    the names of the models their output shows. A bump makes every key that includes the name new;
    old entries are never read again and expire (`CONTENT_CACHE_TIMEOUT`).

Only anonymous reads are stored: see `PublicPageCacheMiddleware` for what keeps per-user content
(sessions, messages, CSRF tokens, logged-in editors, preview) out.
"""

import hashlib
import logging
import threading
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from core import failopen
from core.failopen import FailOpenRedisCache, strict
from core.throttles import PRECOUNTED, anonymous_read_counter

logger = logging.getLogger(__name__)

GLOBAL = "global"
PAGES = "pages"
VERSION_PREFIX = "cv:"
ENTRY_PREFIX = "ce:"
FALLBACK_MAX_ENTRIES = 300  # per process, while Redis is down
PROCESS_LOCAL_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


# --- settings --------------------------------------------------------------------------------------


def enabled():
    """CONTENT_CACHE_ENABLED=0 turns the stored entries off (versions and 304s keep working)."""
    return getattr(settings, "CONTENT_CACHE_ENABLED", True)


def cache_alias():
    return getattr(settings, "CONTENT_CACHE_ALIAS", "default")


def store():
    return caches[cache_alias()]


def shared():
    """Whether every worker process sees the same cache (Redis, Memcached, database, file)."""
    backend = settings.CACHES[cache_alias()]["BACKEND"]
    return backend not in PROCESS_LOCAL_BACKENDS


def entry_timeout():
    return getattr(settings, "CONTENT_CACHE_TIMEOUT", 600)


# --- versions --------------------------------------------------------------------------------------

_local = threading.local()
_tracked: dict = {}  # model -> version name (its label), bumped on save/delete/m2m
_named: dict = {}  # model -> change-feed type name, bumped by the change feed


def _model():
    from core.models import ContentVersion

    return ContentVersion


def bump(*names):
    """+1 for each name and for `global`, in the current transaction; mirrored after it commits."""
    version = _model()
    names = sorted({*names, GLOBAL})
    now = timezone.now()
    updated = version.objects.filter(name__in=names).update(value=F("value") + 1, changed_at=now)
    if updated < len(names):
        existing = set(version.objects.filter(name__in=names).values_list("name", flat=True))
        missing = [name for name in names if name not in existing]
        # Created at 0 and then incremented, so two transactions creating the same row both count.
        version.objects.bulk_create(
            [version(name=name, value=0, changed_at=now) for name in missing], ignore_conflicts=True
        )
        version.objects.filter(name__in=missing).update(value=F("value") + 1, changed_at=now)
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    pending.update(names)
    transaction.on_commit(_flush)


def _flush():
    names = getattr(_local, "pending", None)
    _local.pending = None
    if not names or not shared():
        return
    try:
        _mirror(sorted(names))
    except Exception:  # the cache is down or refused: drop the copies, readers fall back to the DB
        logger.exception("content versions not mirrored to the cache: %s", ", ".join(sorted(names)))
        try:
            strict(store()).delete_many([VERSION_PREFIX + name for name in names])
        except Exception:
            logger.exception("content versions could not be dropped from the cache either")


def _mirror(names):
    """Copy the committed numbers into the cache while holding their rows, so that two commits'
    copies cannot land in the wrong order (the later number always wins)."""
    version = _model()
    with transaction.atomic():
        version.objects.filter(name__in=names).update(
            value=F("value")
        )  # row locks (SQLite: the db)
        rows = version.objects.filter(name__in=names).values_list("name", "value", "changed_at")
        strict(store()).set_many(
            {VERSION_PREFIX + name: (value, changed_at) for name, value, changed_at in rows},
            timeout=None,
        )


def _from_database(names):
    table = connection.ops.quote_name(_model()._meta.db_table)
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, value, changed_at FROM {table} WHERE name IN ({placeholders})",
            list(names),
        )
        rows = {name: (value, _aware(changed_at)) for name, value, changed_at in cursor.fetchall()}
    missing = [name for name in names if name not in rows]
    if missing:
        # First read of a name nobody bumped yet: it starts now (its Last-Modified).
        now = timezone.now()
        version = _model()
        version.objects.bulk_create(
            [version(name=name, value=0, changed_at=now) for name in missing], ignore_conflicts=True
        )
        for name, value, changed_at in version.objects.filter(name__in=missing).values_list(
            "name", "value", "changed_at"
        ):
            rows[name] = (value, changed_at)
    return rows


def _aware(value):
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    if isinstance(value, datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def current(names):
    """{name: (value, changed_at)}: one cache round trip, or one query on a process-local cache."""
    names = sorted(set(names))
    if not shared():
        return _from_database(names)
    keys = [VERSION_PREFIX + name for name in names]
    try:
        found = store().get_many(keys)
    except Exception:
        logger.warning("content cache unreachable; versions read from the database", exc_info=True)
        return _from_database(names)
    if len(found) == len(keys):
        return {name: found[key] for name, key in zip(names, keys, strict=True)}
    missing = [name for name, key in zip(names, keys, strict=True) if key not in found]
    loaded = _from_database(missing)
    try:
        for name, value in loaded.items():
            store().add(VERSION_PREFIX + name, value, timeout=None)  # never over a newer copy
    except Exception:
        logger.warning("content versions not added to the cache", exc_info=True)
    result = {
        name: found[VERSION_PREFIX + name] for name in names if VERSION_PREFIX + name in found
    }
    result.update(loaded)
    return result


def last_modified(versions):
    stamps = [changed_at for _value, changed_at in versions.values() if changed_at is not None]
    return max(stamps) if stamps else None


# --- what bumps which name -------------------------------------------------------------------------


def track(*models):
    """Bump the model's label whenever one is saved, deleted or its many-to-many fields change."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in models:
        name = model._meta.label_lower
        _tracked[model] = name
        uid = f"contentcache.track.{name}"
        post_save.connect(_on_tracked_change, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_on_tracked_change, sender=model, dispatch_uid=uid + ".delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _on_tracked_m2m,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}.m2m.{field.name}",
            )


def _on_tracked_change(sender, raw=False, **kwargs):
    if not raw:
        bump(_tracked[sender])


def _on_tracked_m2m(sender, instance, action, reverse, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    owner = model if reverse else type(instance)
    if owner in _tracked:
        bump(_tracked[owner])


def name_model(model, name):
    """Declare that `model`'s public changes bump `name` (the change feed does, per type)."""
    _named[model] = name


def name_for_model(model):
    """The version name a model's public changes bump: its change-feed type, else its tracked label."""
    for named, name in list(_named.items()) + list(_tracked.items()):
        if issubclass(model, named):
            return name
    from wagtail.models import Page

    if issubclass(model, Page):
        return PAGES  # every publish, unpublish, move and deletion of any page bumps it
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"{model._meta.label} appears in a cached read but no change bumps its version: register "
        "it with partners.changes.register_public_type() or call core.contentcache.track() in "
        "AppConfig.ready()."
    )


def names_for_models(models):
    from wagtail.models import Page

    names = {GLOBAL} if not models else set()
    for model in models:
        names.add(name_for_model(model))
        if issubclass(model, Page):
            names.add(PAGES)  # URLs and view restrictions come from the page tree
    return sorted(names)


def connect_page_signals():
    """Every page publish/unpublish/move/deletion, view restriction and site change bumps `pages`."""
    from django.db.models.signals import post_delete, post_save
    from wagtail import hooks
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    if _mark_public_page not in hooks.get_hooks("before_serve_page"):
        hooks.register("before_serve_page", _mark_public_page)
    page_published.connect(_on_page_event, dispatch_uid="contentcache.page_published")
    page_unpublished.connect(_on_page_event, dispatch_uid="contentcache.page_unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid="contentcache.page_moved")
    post_delete.connect(_on_page_deleted, dispatch_uid="contentcache.page_deleted")
    for model in (PageViewRestriction, Site):
        post_save.connect(
            _on_page_event, sender=model, dispatch_uid=f"contentcache.{model.__name__}.save"
        )
        post_delete.connect(
            _on_page_event, sender=model, dispatch_uid=f"contentcache.{model.__name__}.delete"
        )


def _mark_public_page(page, request, serve_args, serve_kwargs):
    """Wagtail pages (and their routable sub-pages: feeds, topic pages) are public pages unless a
    view restriction (password, login, groups) applies anywhere above them."""
    if not page.get_view_restrictions().exists():
        request.content_cache_page = True


def _on_page_event(sender=None, raw=False, **kwargs):
    if not raw:
        bump(PAGES)


def _on_page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and type(instance) is sender:  # once per deletion, not per parent
        bump(PAGES)


# --- keys, entries and responses -------------------------------------------------------------------


def normalised_query(request):
    """The query string with parameters in a fixed order (`?b=1&a=2` and `?a=2&b=1` share an entry)."""
    from urllib.parse import urlencode

    if not request.META.get("QUERY_STRING"):
        return ""
    return urlencode(
        sorted((key, value) for key, values in request.GET.lists() for value in values)
    )


def key_and_etag(kind, parts, versions):
    token = "|".join(
        [
            kind,
            *map(str, parts),
            *(f"{name}={value}" for name, (value, _at) in sorted(versions.items())),
        ]
    )
    digest = hashlib.sha256(token.encode()).hexdigest()[:40]
    return f"{ENTRY_PREFIX}{kind}:{digest}", f'"{digest[:32]}"'


_fallback = None


def entries():
    """Where entries go: the shared store, or while it cannot be reached (Redis down, see
    core/failopen.py) a small store in this process, so the site is not served entirely cold
    meanwhile. Keys carry the content versions (read from the database while the cache is down),
    so a local copy is never stale: a change makes new keys."""
    global _fallback
    shared_store = store()
    if not (isinstance(shared_store, FailOpenRedisCache) and failopen.recently_failed()):
        return shared_store
    if _fallback is None:
        from django.core.cache.backends.locmem import LocMemCache

        _fallback = LocMemCache(
            "contentcache-fallback",
            {"TIMEOUT": 60, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}},
        )
    return _fallback


def get_entry(key):
    if not enabled():
        return None
    try:
        return entries().get(key)
    except Exception:
        logger.warning("content cache unreachable; read rebuilt", exc_info=True)
        return None


def set_entry(key, value):
    set_entries({key: value})


def set_entries(values):
    try:
        target = entries()
        timeout = entry_timeout()
        target.set_many(values, timeout=min(timeout, 60) if target is _fallback else timeout)
    except Exception:
        logger.warning("content cache unreachable; read not stored", exc_info=True)


BODY_SUFFIX = ":body"


def store_split_entry(key, entry):
    """An API entry is stored in two parts: what answers a conditional request (status, headers,
    validators, versions) and, under a key of its own, the body, so that a 304 never fetches the
    body (the largest part; bench/api_throughput.py: 304s of the larger lists lagged behind)."""
    set_entries({key: {**entry, "body": None, "split": True}, key + BODY_SUFFIX: entry["body"]})


def entry_body(entry):
    """The entry's body: inline, fetched with the entry, or read now (None when it is gone)."""
    if entry.get("body") is not None or not entry.get("split"):
        return entry.get("body")
    return get_entry(entry["key"] + BODY_SUFFIX)


def etag_matches(request, etag):
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


# --- the middleware: hits and 304s before the rest of the stack ------------------------------------

SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/dokumen/", "/i18n/", "/healthz", "/readyz")
API_PREFIX = "/api/"
# Not replayed from an entry: set per response (or by the outer middleware on the way out).
HEADERS_NOT_STORED = {
    "set-cookie",
    "date",
    "content-length",
    "x-content-cache",
    "content-security-policy",
    "content-security-policy-report-only",
}
NOT_MODIFIED_DROPS = {"content-type", "content-disposition", "content-encoding"}


def public_page(view):
    """Mark a function view's anonymous GET responses as cacheable public pages."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.content_cache_page = True
        return view(request, *args, **kwargs)

    return wrapper


def _kind(request):
    """ "api", "page", or None for a request the content cache neither serves nor stores: not a
    GET/HEAD, or carrying anything that can make the answer personal — a session (a logged-in
    editor, a tracking session, a form in progress), pending messages, an `Authorization` header
    (API keys and field tokens take the whole stack: throttles per key, usage counts)."""
    if request.method not in ("GET", "HEAD"):
        return None
    path = request.path
    if path.startswith(SKIPPED_PREFIXES):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    return "api" if path.startswith(API_PREFIX) else "page"


def request_key(request, kind):
    """The entry of one representation: scheme, host, path, normalised query, language, and the
    media type asked for (API) or today's date (pages show relative dates and today's items)."""
    parts = [
        kind,
        request.scheme,
        request.get_host(),
        request.path,
        normalised_query(request),
        translation.get_language() or "",
        request.META.get("HTTP_ACCEPT", "") if kind == "api" else timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]
    return f"{ENTRY_PREFIX}{kind}:{digest}"


def page_etag(request):
    """A page's validator from the request and `global` alone (no entry needed for a 304)."""
    parts = (
        request.get_host(),
        request.path,
        normalised_query(request),
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    return key_and_etag("page", parts, {GLOBAL: (request.content_cache_global, None)})[1]


def _lookup(request, key, kind, with_body=False):
    """(entry or None, the current `global` value): one round trip to a shared cache (the entry and
    the version in one MGET); on a process-local cache (or while Redis is failing) the entry from
    it, then `global` and the entry's own versions from the database in one query (kept on the
    request as `content_cache_versions`, so neither the freshness check nor the view reads them
    again). An API read without an entry needs no version here (the view reads its own):
    (None, None), so API paths that never store anything (the schema, the field app) cost no
    query."""
    target = entries()
    if enabled() and shared() and target is store():
        version_key = VERSION_PREFIX + GLOBAL
        # An anonymous API read is also counted against the anonymous rate limit in this round
        # trip (core/throttles.py): the throttle, on a hit or in the view, uses that count.
        counter = anonymous_read_counter(request, target) if kind == "api" else None
        try:
            keys = [key, version_key, *([key + BODY_SUFFIX] if with_body else [])]
            if counter is None:
                found = target.get_many(keys)
            else:
                found, results = target.get_many_and_run(keys, counter.queue)
                if results is not None:
                    setattr(request, PRECOUNTED, counter.total(results))
        except Exception:
            logger.warning("content cache unreachable; read rebuilt", exc_info=True)
            found = {}
        entry, version = found.get(key), found.get(version_key)
        if entry is None and kind == "api":
            return None, None
        if entry is not None and found.get(key + BODY_SUFFIX) is not None:
            entry = {**entry, "body": found[key + BODY_SUFFIX]}
        if version is None:
            version = current([GLOBAL])[GLOBAL]
        return entry, version[0]
    entry = get_entry(key)
    if entry is None and kind == "api":
        return None, None
    if with_body and entry is not None and entry.get("split"):
        entry = {**entry, "body": get_entry(key + BODY_SUFFIX)}
    names = [GLOBAL, *(entry["versions"] if entry is not None and kind == "api" else ())]
    return entry, known_versions(request, names)[GLOBAL][0]


def known_versions(request, names):
    """`current(names)`, reusing what this request already read (one read per request)."""
    known = getattr(request, "content_cache_versions", None) or {}
    missing = [name for name in names if name not in known]
    if missing:
        known = {**known, **current(missing)}
        request.content_cache_versions = known
    return {name: known[name] for name in names}


def entry_is_fresh(request, entry, global_value):
    """Whether an entry still shows the current content. `global` moves with every change, so an
    equal `global` settles it with no further lookup; otherwise the versions the entry was built
    from are compared (one more lookup unless `_lookup` read them already; the view reuses them),
    and a still-fresh entry is marked with the new `global`."""
    if entry.get("global") == global_value:
        return True
    names = entry["versions"]
    now = known_versions(request, list(names))
    if any(now[name][0] != value for name, value in names.items()):
        return False
    if GLOBAL not in names:
        marked = {**entry, "global": global_value}
        set_entry(entry["key"], {**marked, "body": None} if entry.get("split") else marked)
    return True


def _throttled(entry, request):
    """Run the throttles of the API view that built the entry for this anonymous request, as DRF
    would (each counts the request; none is skipped because the answer is cached). True when one
    refuses: the request then takes the whole stack, which answers the 429."""
    throttles = entry.get("throttles")
    if not throttles:
        return False
    from rest_framework.request import Request

    drf_request = Request(request, authenticators=())
    try:
        return any(
            not _throttle_class(path)().allow_request(drf_request, None) for path in throttles
        )
    except Exception:  # a throttle that needs the view (e.g. a scoped one): the whole stack
        logger.debug("throttle needs the view; request served by the whole stack", exc_info=True)
        return True


_throttle_classes: dict = {}


def _throttle_class(path):
    found = _throttle_classes.get(path)
    if found is None:
        from django.utils.module_loading import import_string

        found = _throttle_classes[path] = import_string(path)
    return found


def _from_entry(request, entry):
    headers = entry["headers"]
    if entry["kind"] == "page":
        not_modified = etag_matches(request, entry["etag"])
    else:
        from django.utils.cache import get_conditional_response

        not_modified = (
            get_conditional_response(
                request, etag=entry["etag"], last_modified=entry.get("last_modified")
            )
            is not None
        )
    if not_modified:
        response = HttpResponseNotModified()
        for header, value in headers:
            if header.lower() not in NOT_MODIFIED_DROPS:
                response[header] = value
        return response
    body = entry_body(entry)
    if body is None:
        return None  # the body expired before its entry: the read is rebuilt
    response = HttpResponse(body, status=entry["status"])
    for header, value in headers:
        response[header] = value
    response["X-Content-Cache"] = "hit"
    return response


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that used a CSRF token (Django then (re)sets the CSRF cookie, or the session with
    # CSRF_USE_SESSIONS) is someone's; so is a page with a CSP nonce (the next visitor's header
    # would carry another one).
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or isinstance(
        getattr(request, "_csp_nonce", None), str
    ):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    return vary <= {"cookie", "accept-language", "accept-encoding", "origin"}


def page_cache_headers(response, etag):
    response["ETag"] = etag
    s_maxage = getattr(settings, "PUBLIC_PAGE_S_MAXAGE", 0)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    if s_maxage:
        patch_cache_control(response, s_maxage=s_maxage)
    patch_vary_headers(response, ("Cookie",))
    return response


def entry_from_response(request, response, kind, key, versions, etag, **extra):
    headers = [
        (header, value)
        for header, value in response.items()
        if header.lower() not in HEADERS_NOT_STORED
    ]
    return {
        "kind": kind,
        "key": key,
        "global": getattr(request, "content_cache_global", None),
        "versions": versions,
        "etag": etag,
        "status": response.status_code,
        "headers": headers,
        "body": response.content,
        **extra,
    }


class ContentCacheMiddleware:
    """Anonymous reads of public pages and of the public API from the content cache, and their
    conditional requests, answered here, right after the language is chosen: everything after it
    (CSRF, auth, OTP, messages, URL resolution, DRF's dispatch) is skipped on a hit, so what it
    stores must not depend on them.

    - Served only to requests with no session or messages cookie and no `Authorization` header
      (`_kind`); one cache round trip fetches the entry and the `global` version together.
    - Stored only when the view opted in (a Wagtail page without view restriction, a view marked
      `@public_page`, or a `PartnerReadMixin` read, which says which versions its output shows and
      which throttles apply) and the response is a plain 200 that set no cookie, used no CSRF token
      or CSP nonce and is not private (`_storable`).
    - The stored headers are those of the finished response below this middleware (security
      headers, `Vary`, `Cache-Control`, `ETag`), so a hit carries the same ones; the middleware
      above it (security, CSP, CORS, session, language) runs for hits as for misses.
    - API hits still count against the anonymous rate limits (`_throttled`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kind = _kind(request)
        if kind is None:
            return self.get_response(request)
        key = request_key(request, kind)
        if kind == "page" and "HTTP_IF_NONE_MATCH" in request.META:
            # A page's validator needs `global` alone: no entry is fetched for a revalidation.
            request.content_cache_global = known_versions(request, [GLOBAL])[GLOBAL][0]
            etag = page_etag(request)
            if etag_matches(request, etag):
                return page_cache_headers(HttpResponseNotModified(), etag)
        # A conditional API read is usually answered with a 304: its entry is fetched without the
        # body (which is read only if the validators do not match).
        conditional = "HTTP_IF_NONE_MATCH" in request.META or (
            "HTTP_IF_MODIFIED_SINCE" in request.META
        )
        entry, global_value = _lookup(
            request, key, kind, with_body=kind == "api" and not conditional
        )
        request.content_cache_global = global_value
        request.content_cache_key = key
        request.content_cache_anonymous = True
        if kind == "page":
            etag = page_etag(request)
            if etag_matches(request, etag):
                return page_cache_headers(HttpResponseNotModified(), etag)
            if entry is not None and entry.get("global") == global_value:
                return _from_entry(request, entry)
            response = self.get_response(request)
            if (
                enabled()
                and getattr(request, "content_cache_page", False)
                and request.method == "GET"
                and _storable(request, response)
            ):
                page_cache_headers(response, etag)
                set_entry(
                    key,
                    entry_from_response(
                        request, response, "page", key, {GLOBAL: global_value}, etag
                    ),
                )
                response["X-Content-Cache"] = "miss"
            return response
        if (
            entry is not None
            and entry.get("complete")
            and entry_is_fresh(request, entry, global_value)
        ):
            if not _throttled(entry, request):
                answer = _from_entry(request, entry)
                if answer is not None:
                    return answer
        response = self.get_response(request)
        read = getattr(request, "content_cache_api", None)
        if (
            read is not None
            and enabled()
            and request.method == "GET"
            and _storable(request, response)
            and response.get("ETag") == read["etag"]
        ):
            patch_vary_headers(response, ("Cookie",))  # a session user's read is their own
            store_split_entry(
                key,
                entry_from_response(
                    request,
                    response,
                    "api",
                    key,
                    read["versions"],
                    read["etag"],
                    last_modified=read["last_modified"],
                    throttles=read["throttles"],
                    complete=True,
                ),
            )
        return response


PublicPageCacheMiddleware = ContentCacheMiddleware  # its name before it served the API too
