"""Officer tokens for the field API: DRF's Token (one per account, revoked by deleting it in the
admin under Settings → Field app tokens) with an expiry of FIELD_TOKEN_TTL_DAYS from its creation.

An expired token answers 401 with the error code `token_expired`, a deleted (revoked) or unknown
one 401 `authentication_failed`, so the app can tell the officer which it was."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_ttl():
    return timedelta(days=getattr(settings, "FIELD_TOKEN_TTL_DAYS", 30))


def expires_at(token):
    return token.created + token_ttl()


def is_expired(token, now=None):
    return (now or timezone.now()) >= expires_at(token)


def issue_token(user):
    """The account's token: the current one while it is valid (other devices stay signed in),
    otherwise a new one."""
    token = Token.objects.filter(user=user).first()
    if token is not None and not is_expired(token):
        return token
    if token is not None:
        token.delete()
    return Token.objects.create(user=user)


class TokenExpired(exceptions.AuthenticationFailed):
    default_detail = _(
        "Your sign-in has expired. Sign in again; nothing saved on the phone is lost."
    )
    default_code = "token_expired"


class TokenRevoked(exceptions.AuthenticationFailed):
    default_detail = _("This sign-in is no longer valid (revoked or unknown). Sign in again.")
    default_code = "authentication_failed"


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        token = Token.objects.select_related("user").filter(key=key).first()
        if token is None:
            raise TokenRevoked()
        if not token.user.is_active:
            raise TokenRevoked()
        if is_expired(token):
            raise TokenExpired()
        return token.user, token


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    target_class = "openinfo.visits.fieldapp.auth.ExpiringTokenAuthentication"
    name = "OfficerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Officer token for the field endpoints, sent as `Authorization: Token <key>`. "
                "Obtain it with POST /api/v1/field/auth/token/ (username and password); it expires "
                "after FIELD_TOKEN_TTL_DAYS (401 `token_expired`) and is revoked by deleting it in "
                "the admin or with DELETE /api/v1/field/auth/token/ (401 `authentication_failed`)."
            ),
        }
