"""Who may open a visit photo file (/berkas/visits/...): whoever may see the report (the officer who
made it, supervisors of its unit, superusers), logged in to the admin or with the field API's token.
Photos are internal: there is no public rendition, approved or not (docs/security.md)."""

from django.db.models import Q
from rest_framework.exceptions import AuthenticationFailed

from openinfo.visits import permissions as perms
from openinfo.visits.fieldapp.auth import ExpiringTokenAuthentication


def request_user(request):
    """The admin session's user, or the user of a valid field-app token (the officers' app loads
    photos with it); an expired, revoked or unknown token is nobody."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    try:
        result = ExpiringTokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return result[0] if result else None


def may_view_photo(request, name):
    from openinfo.models import VisitPhoto

    photo = (
        VisitPhoto.objects.select_related("report")
        .filter(Q(image=name) | Q(medium=name) | Q(thumbnail=name))
        .first()
    )
    if photo is None:
        return False
    user = request_user(request)
    return user is not None and perms.can_view(user, photo.report)
