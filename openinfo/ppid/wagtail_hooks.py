"""Admin wiring of the public-information service (imported by `OpeninfoConfig.ready()`)."""

from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from openinfo import admin_home
from openinfo.models import PublicInformation
from openinfo.ppid import admin as ppid_admin
from openinfo.ppid.access import is_ppid_staff, is_restricted_document, move_exempt_documents

register_snippet(ppid_admin.PPIDGroup)


@hooks.register("register_admin_urls")
def register_ppid_admin_urls():
    return ppid_admin.admin_urlpatterns


@hooks.register("before_serve_document")
def keep_exempt_documents_from_the_public(document, request):
    """Documents of exempt register items are 404 for everyone but PPID staff (URL guessing too)."""
    if is_restricted_document(document) and not is_ppid_staff(request.user):
        raise Http404


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def move_documents_of_exempt_items(request, instance):
    if isinstance(instance, PublicInformation):
        move_exempt_documents(instance)


@hooks.register("construct_homepage_panels")
def add_role_panels(request, panels):
    """Officer, supervisor, PPID and leadership panels first on the admin home (admin_home.py)."""
    panels.extend(admin_home.panels_for(request))
