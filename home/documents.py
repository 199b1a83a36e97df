"""What home contributes to search: the names of the kecamatan facet. Imported by
HomeConfig.ready()."""

from home.models import Kecamatan
from search.documents import register_vocabulary


def _kecamatan_labels(codes):
    return dict(Kecamatan.objects.filter(code__in=codes).values_list("code", "name"))


register_vocabulary("kecamatan", _kecamatan_labels)
