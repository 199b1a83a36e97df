"""Which Satbinmas unit an officer works in, where they may file activities and which activity
types they file (one place, used by the report model, the admin form, the field API and the
permissions).

The area rule per unit (docs/satbinmas.md):
- Bhabinkamtibmas officers file only for the kelurahan they are assigned to (as before);
- members of the other five units (Urbin Opsnal, Urmintu, BinPolmas, Bintibsos, Binkamsa) work
  city-wide from the Polres: they may file for any kelurahan of the city (the `home.Kelurahan`
  table is the city's kelurahan);
- an officer without a unit membership is a Bhabinkamtibmas officer (the only unit that existed
  before; the 0007 migration made every existing officer one).

Every officer files only the activity types of their own unit (`units.ACTIVITY_UNIT`).
"""

from openinfo.satbinmas import units as unit_data


def membership_of(officer):
    if officer is None or officer.pk is None:
        return None
    try:
        return officer.satbinmas_membership
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        return None


def unit_code_of(officer):
    """The code of the officer's Satbinmas unit (Bhabinkamtibmas when they have no membership)."""
    membership = membership_of(officer)
    return membership.unit.code if membership is not None else unit_data.BHABINKAMTIBMAS


def works_citywide(officer):
    """Members of the Polres-level units file for any kelurahan of the city."""
    return unit_code_of(officer) != unit_data.BHABINKAMTIBMAS


def may_file_in(officer, kelurahan):
    if officer is None or kelurahan is None:
        return False
    if works_citywide(officer):
        return True
    return officer.kelurahan.filter(pk=kelurahan.pk).exists()


def filing_kelurahan(officer):
    """The kelurahan an officer may file for (a queryset)."""
    from home.models import Kelurahan

    if works_citywide(officer):
        return Kelurahan.objects.select_related("kecamatan").order_by("kecamatan__name", "name")
    return officer.kelurahan.select_related("kecamatan")


def activity_types_for(officer):
    return unit_data.activity_types_of(unit_code_of(officer))


def may_file_type(officer, activity_type):
    return unit_data.unit_for_activity(activity_type) == unit_code_of(officer)


def headed_unit_id(officer):
    """The pk of the Satbinmas unit this officer heads, or None. Heads of Bhabinkamtibmas are not
    counted: Bhabinkamtibmas reports keep the Polsek supervisors' rule."""
    membership = membership_of(officer)
    if (
        membership is None
        or membership.role != "head"
        or membership.unit.code == unit_data.BHABINKAMTIBMAS
    ):
        return None
    return membership.unit_id
