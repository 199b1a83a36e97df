"""What home contributes to search: the names of the kecamatan facet, and the region names that
make a query about a place (search/intent.py). Imported by
HomeConfig.ready()."""

from django.db.models.signals import post_delete, post_save

from home.models import Kecamatan
from search.documents import register_vocabulary
from search.intent import clear_cache, register_words


def _kecamatan_labels(codes):
    return dict(Kecamatan.objects.filter(code__in=codes).values_list("code", "name"))


register_vocabulary("kecamatan", _kecamatan_labels)


def _region_names():
    """Kecamatan and kelurahan names and their other spellings: what a query about a place says."""
    from home.models import Kelurahan

    names = list(Kecamatan.objects.values_list("name", flat=True))
    for name, aliases in Kelurahan.objects.values_list("name", "aliases"):
        names += [name, *(aliases or [])]
    return names


register_words("region", _region_names)
for _model in ("Kecamatan", "Kelurahan"):
    post_save.connect(clear_cache, sender=f"home.{_model}", dispatch_uid=f"search_intent_{_model}")
    post_delete.connect(
        clear_cache, sender=f"home.{_model}", dispatch_uid=f"search_intent_delete_{_model}"
    )
