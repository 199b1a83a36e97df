"""Who counts as PPID staff, and which Wagtail documents only they may open."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction

from openinfo.ppid.models.register import Category, PublicInformationDocument

PPID_GROUP = "PPID"
EXEMPT_COLLECTION = "Informasi dikecualikan (PPID)"


def is_ppid_staff(user):
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=PPID_GROUP).exists()


def ppid_staff_emails():
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=PPID_GROUP))
        .exclude(email="")
        .distinct()
    )
    return sorted({user.email for user in users})


def is_restricted_document(document):
    """A document of an exempt register item (in any state) or in the exempt collection."""
    if document.collection.name == EXEMPT_COLLECTION:
        return True
    return PublicInformationDocument.objects.filter(
        document=document, item__category=Category.DIKECUALIKAN
    ).exists()


def restricted_document_ids():
    """Ids of every restricted document, as a subquery (for admin lists and choosers)."""
    from wagtail.documents import get_document_model

    from openinfo.models import Category, PublicInformationDocument

    exempt_links = PublicInformationDocument.objects.filter(item__category=Category.DIKECUALIKAN)
    return (
        get_document_model()
        .objects.filter(
            Q(collection__name=EXEMPT_COLLECTION) | Q(pk__in=exempt_links.values("document_id"))
        )
        .values("pk")
    )


def ensure_exempt_collection():
    """The collection holding exempt documents, viewable by the PPID group only."""
    collection = Collection.objects.filter(name=EXEMPT_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=EXEMPT_COLLECTION)
    group, _ = Group.objects.get_or_create(name=PPID_GROUP)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.add(group)
    return collection


def move_exempt_documents(item):
    """Keep the documents of an exempt item in the restricted collection."""
    if not item.is_exempt:
        return
    collection = ensure_exempt_collection()
    for link in item.documents.select_related("document"):
        if link.document.collection_id != collection.pk:
            link.document.collection = collection
            link.document.save(update_fields=["collection"])
