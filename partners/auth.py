"""Partner API keys: `Authorization: Api-Key <key>` authentication, scope permission, usage counting."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from partners.models import ApiKey, Scope

KEYWORD = "Api-Key"


class PartnerUser:
    """The request's user when a partner key authenticated it (keys are not Django users)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, api_key):
        self.api_key = api_key
        self.username = f"apikey:{api_key.prefix}"

    def __str__(self):
        return self.username

    def has_perm(self, *args, **kwargs):
        return False


class ApiKeyAuthentication(authentication.BaseAuthentication):
    shares_public_reads = (
        True  # a key's public reads are the anonymous bytes (core/contentcache.py)
    )

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        keyword, _sep, raw = header.partition(" ")
        if keyword.lower() != KEYWORD.lower():
            return None
        raw = raw.strip()
        prefix = raw.partition(".")[0]
        key = ApiKey.objects.active().filter(prefix=prefix).first() if prefix and raw else None
        if key is None or not key.matches(raw):
            raise exceptions.AuthenticationFailed(
                _("The API key is not valid or has been revoked.")
            )
        request._request.api_key = key  # for the CORS middleware, which sees the Django request
        count_use(key)
        return PartnerUser(key), key

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


def count_use(key):
    """Count in the cache; write to the database at most every API_KEY_USAGE_FLUSH_SECONDS per key."""
    counter = f"apikey-uses:{key.pk}"
    try:
        cache.incr(counter)
    except ValueError:
        cache.set(counter, 1, timeout=None)
    interval = getattr(settings, "API_KEY_USAGE_FLUSH_SECONDS", 60)
    if interval and not cache.add(f"apikey-flushed:{key.pk}", 1, timeout=interval):
        return
    pending = cache.get(counter) or 0
    if pending:
        try:
            cache.decr(counter, pending)
        except ValueError:
            pass
    ApiKey.objects.filter(pk=key.pk).update(
        request_count=F("request_count") + pending, last_used_at=timezone.now()
    )


class ScopePermission(permissions.BasePermission):
    """Views declare `required_scope` (default content:read) and `allow_anonymous` (default True for
    public reads). A key without the scope gets 403; no key where one is needed gets 401."""

    message = _("This API key does not have the scope this endpoint needs.")

    def has_permission(self, request, view):
        scope = getattr(view, "required_scope", Scope.CONTENT_READ)
        key = request.auth if isinstance(request.auth, ApiKey) else None
        if key is None:
            if getattr(view, "allow_anonymous", True) or scope is None:
                return True
            raise exceptions.NotAuthenticated(
                _("This endpoint needs an API key with the %(scope)s scope.") % {"scope": scope}
            )
        if scope is None or key.has_scope(scope):
            return True
        self.message = _("This API key does not have the %(scope)s scope.") % {"scope": scope}
        return False


class ApiKeySchemeExtension(OpenApiAuthenticationExtension):
    target_class = "partners.auth.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Partner API key, sent as `Authorization: Api-Key <key>`. Keys are issued in the admin "
                "with scopes (content:read, stats:read, webhooks:manage) and their own rate limit. "
                "Public reads also work without a key at a lower rate."
            ),
        }
