"""Demo content of search: editors' synonym groups for everyday spellings the shipped file lacks."""

from search.models import SynonymGroup

DEMO_SYNONYM_GROUPS = [
    ("hilang, ilang, raib", "Ejaan sehari-hari"),
    ("olshop, online shop, toko online, belanja online", "Belanja daring"),
    ("angkot, angkutan kota, angkutan umum", "Transportasi"),
]


def ensure_synonym_groups() -> int:
    created = 0
    for terms, note in DEMO_SYNONYM_GROUPS:
        _, was_created = SynonymGroup.objects.get_or_create(terms=terms, defaults={"note": note})
        created += was_created
    return created
