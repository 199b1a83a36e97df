"""Who may open a Wagtail document or an original image file: the rules of the content that uses it.

A document is served (by /dokumen/<id>/<file>) when
- the user may see it in the admin (change or choose permission on its collection), or
- live, public content references it: a live page without view restrictions (Wagtail's reference
  index: StreamField blocks, rich-text links, choosers) or a live, non-exempt register item;
and never, to anyone but PPID staff, when it belongs to an exempt (Pasal 17) item or the exempt
collection (openinfo's own before_serve_document hook).

An original image file (/berkas/original_images/...) is served to admin users who may see the image
and otherwise only when a live public page or an active officer's profile uses the image. Public pages
show renditions (MEDIA_ROOT/images/), which are made from the original on demand.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry


def document_policy():
    return policy_registry.get_by_type(get_document_model())


def image_policy():
    return policy_registry.get_by_type(get_image_model())


ADMIN_ACTIONS = ["change", "choose"]


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated and user.is_active else None


def _live_public_page_ids():
    return [str(pk) for pk in Page.objects.live().public().values_list("pk", flat=True)]


def referenced_by_live_public_page(obj):
    model = type(obj)
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(model),
        to_object_id=str(obj.pk),
        object_id__in=_live_public_page_ids(),
    ).exists()


def document_is_public(document):
    from openinfo.models import PublicInformationDocument
    from openinfo.ppid.access import is_restricted_document

    if is_restricted_document(document):
        return False
    if (
        PublicInformationDocument.objects.filter(document=document, item__live=True)
        .exclude(item__category="dikecualikan")
        .exists()
    ):
        return True
    return referenced_by_live_public_page(document)


def user_may_see_document(user, document):
    return user is not None and document_policy().user_has_any_permission_for_instance(
        user, ADMIN_ACTIONS, document
    )


def keep_unpublished_documents_private(document, request):
    """before_serve_document: 404 unless the content's rules let this request see the document."""
    if user_may_see_document(_user(request), document):
        return None
    if document_is_public(document):
        return None
    raise Http404


def image_is_public(image):
    from home.models import Officer

    if Officer.objects.filter(active=True, photo=image).exists():
        return True
    return referenced_by_live_public_page(image)


def may_view_original_image(request, name):
    image = get_image_model().objects.filter(file=name).first()
    if image is None:
        return False
    user = _user(request)
    if user is not None and image_policy().user_has_any_permission_for_instance(
        user, ADMIN_ACTIONS, image
    ):
        return True
    return image_is_public(image)


def documents_visible_to(user, queryset=None):
    """Admin lists and choosers: what the user's collections allow, minus exempt documents for
    anyone but PPID staff."""
    from openinfo.ppid.access import is_ppid_staff, restricted_document_ids

    queryset = get_document_model().objects.all() if queryset is None else queryset
    if user.is_superuser:
        return queryset
    visible = document_policy().instances_user_has_any_permission_for(user, ADMIN_ACTIONS)
    queryset = queryset.filter(pk__in=visible.values("pk"))
    if not is_ppid_staff(user):
        queryset = queryset.exclude(pk__in=restricted_document_ids())
    return queryset
