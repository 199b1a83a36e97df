"""The change registry: each public type declares how to tell whether an object is public and how it is
serialized; every create, update and removal from the public corpus becomes a ChangeEvent (the sync
cursor of `/api/v1/changes/`) and is announced by the `change_recorded` signal once the
transaction commits (webhooks listen to it; see `partners.signal_handlers`).

Content apps plug in with one call (usually in their `AppConfig.ready()`):

    from partners import changes
    changes.register_public_type(
        "article", CounsellingArticlePage,
        queryset=lambda: CounsellingArticlePage.objects.live().public(),
        serializer_class=ArticleSerializer,
        kind="page",
    )

Snippets and plain models (`kind="model"`) are tracked through post_save/post_delete (and m2m_changed);
an object that stops being public counts as a delete. Pages (`kind="page"`) are tracked through
Wagtail's page_published/page_unpublished and post_delete. Anything else may call `record_change`.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from core import contentcache
from core.links import absolute_url
from partners.models import EVENT_SUFFIX, ChangeEvent
from partners.signals import change_recorded

CREATE, UPDATE, DELETE = "create", "update", "delete"


@dataclass
class PublicType:
    name: str
    model: type[Model]
    queryset: Any  # callable returning the public queryset, ready for serialization
    serializer_class: Any
    is_public: Any  # callable(obj) -> bool
    kind: str = "model"
    m2m_fields: list = field(default_factory=list)
    ignore_update_fields: frozenset = frozenset()

    def public_objects(self):
        return self.queryset()


_registry: dict[str, PublicType] = {}


def registered_types():
    return dict(_registry)


def get_type(name):
    return _registry[name]


def event_names():
    """Every webhook event name the registered types can emit."""
    return sorted(f"{name}.{suffix}" for name in _registry for suffix in EVENT_SUFFIX.values())


def register_public_type(
    name,
    model,
    *,
    queryset,
    serializer_class,
    is_public=None,
    kind="model",
    m2m_fields=None,
    ignore_update_fields=(),
):
    """Declare a public type and start recording its changes.

    name: the type in change events and the prefix of webhook events (`<name>.published`, ...).
    queryset: callable returning the public objects (the partner's corpus), with the joins the
        serializer needs; `/changes/` serializes current state through it, so a change never leaks
        data that has since been made private.
    serializer_class: the public serializer used by the type's list endpoint.
    is_public: callable(obj) -> bool for one saved object; defaults to membership in `queryset()`.
    kind: "model" (post_save/post_delete/m2m_changed) or "page" (Wagtail publish signals).
    m2m_fields: many-to-many field names whose changes count as an update (default: all).
    ignore_update_fields: a `save(update_fields=...)` touching only these fields is not a change
        (e.g. a draft revision of a live snippet, which updates only its revision bookkeeping).
    """
    if is_public is None:

        def is_public(obj):
            return queryset().filter(pk=obj.pk).exists()

    if m2m_fields is None:
        m2m_fields = [f.name for f in model._meta.many_to_many]
    public_type = PublicType(
        name,
        model,
        queryset,
        serializer_class,
        is_public,
        kind,
        list(m2m_fields),
        frozenset(ignore_update_fields),
    )
    _registry[name] = public_type
    contentcache.name_model(model, name)  # cached reads showing this model depend on `name`
    uid = f"partners.changes.{name}"
    if kind == "page":
        page_published.connect(_on_page_published, sender=model, dispatch_uid=uid + ".published")
        page_unpublished.connect(
            _on_page_unpublished, sender=model, dispatch_uid=uid + ".unpublished"
        )
    else:
        post_save.connect(_on_save, sender=model, dispatch_uid=uid + ".save")
        for field_name in public_type.m2m_fields:
            through = getattr(model, field_name).through
            m2m_changed.connect(
                _on_m2m_changed, sender=through, dispatch_uid=f"{uid}.m2m.{field_name}"
            )
    post_delete.connect(_on_delete, sender=model, dispatch_uid=uid + ".delete")
    return public_type


def _types_for(model):
    return [t for t in _registry.values() if issubclass(model, t.model)]


def last_action(type_name, object_id):
    return (
        ChangeEvent.objects.filter(type=type_name, object_id=str(object_id))
        .order_by("-id")
        .values_list("action", flat=True)
        .first()
    )


def record_change(type_name, object_id, action):
    """Append one event to the change log and bump the type's content version, both in the
    caller's transaction (cached reads of the type go stale exactly when this commits);
    `change_recorded` is sent once the transaction commits."""
    contentcache.bump(type_name)
    event = ChangeEvent.objects.create(
        type=type_name, object_id=str(object_id), action=action, occurred_at=timezone.now()
    )
    transaction.on_commit(lambda: change_recorded.send(sender=ChangeEvent, event=event))
    return event


def sync_state(type_name, obj, public):
    """Record whatever the partner's mirror needs to match `public` for this object, if anything."""
    previous = last_action(type_name, obj.pk)
    was_public = previous in (CREATE, UPDATE)
    if public:
        return record_change(type_name, obj.pk, UPDATE if was_public else CREATE)
    if was_public:
        return record_change(type_name, obj.pk, DELETE)
    return None


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    for public_type in _types_for(sender):
        if update_fields and public_type.ignore_update_fields.issuperset(update_fields):
            continue
        sync_state(public_type.name, instance, bool(public_type.is_public(instance)))


def _on_m2m_changed(sender, instance, action, reverse, **kwargs):
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    # The serialized object changed, so its list's validators (max updated_at) must move too.
    model = type(instance)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        model.objects.filter(pk=instance.pk).update(updated_at=timezone.now())
    for public_type in _types_for(model):
        if public_type.is_public(instance):
            sync_state(public_type.name, instance, True)


def _on_delete(sender, instance, **kwargs):
    for public_type in _types_for(sender):
        if last_action(public_type.name, instance.pk) in (CREATE, UPDATE):
            record_change(public_type.name, instance.pk, DELETE)


def _on_page_published(sender, instance, **kwargs):
    for public_type in _types_for(sender):
        sync_state(public_type.name, instance, bool(public_type.is_public(instance)))


def _on_page_unpublished(sender, instance, **kwargs):
    for public_type in _types_for(sender):
        sync_state(public_type.name, instance, False)


def reconcile(type_names=None):
    """Bring the log in line with the corpus: a create for every public object the log does not show
    as public (content that existed before the log, or bulk `update()`s that bypass signals), a
    delete for every object the log shows as public that no longer is. Returns the number recorded."""
    count = 0
    for public_type in _registry.values():
        if type_names and public_type.name not in type_names:
            continue
        last = dict(
            ChangeEvent.objects.filter(type=public_type.name)
            .order_by("id")
            .values_list("object_id", "action")
        )
        live_in_log = {pk for pk, action in last.items() if action != DELETE}
        public = {str(pk) for pk in public_type.public_objects().values_list("pk", flat=True)}
        for pk in sorted(public - live_in_log, key=_natural):
            record_change(public_type.name, pk, CREATE)
            count += 1
        for pk in sorted(live_in_log - public, key=_natural):
            record_change(public_type.name, pk, DELETE)
            count += 1
    return count


def _natural(value):
    return (len(value), value)


class _BaseUrlRequest:
    """Stands in for a request when serializing outside one (webhooks): absolute URLs use BASE_URL."""

    versioning_scheme = None
    query_params: dict = {}
    GET: dict = {}

    def build_absolute_uri(self, location=None):
        return absolute_url(location or "/")


def serialize_current(type_name, object_ids, request=None):
    """The current public representation of these objects, by id (str); non-public ones are absent."""
    public_type = _registry[type_name]
    context = {"request": request or _BaseUrlRequest()}
    objects = public_type.public_objects().filter(pk__in=list(object_ids))
    return {str(obj.pk): public_type.serializer_class(obj, context=context).data for obj in objects}
