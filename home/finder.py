"""The officer finder's one rule: who serves a kelurahan, and which police unit covers it."""

from django.utils.translation import gettext as _

from home.models.regions import Kelurahan, Officer, PoliceUnit


def preferred_units(units):
    """Of the units covering an area, the Polsek that serve it; the Polres only where no Polsek does."""
    polsek = [unit for unit in units if unit.kind == PoliceUnit.Kind.POLSEK]
    return polsek or [unit for unit in units if unit.kind == PoliceUnit.Kind.POLRES]


def units_covering(kecamatan):
    """The Polsek covering a kecamatan, else the Polres (which covers the whole city)."""
    units = list(PoliceUnit.objects.filter(covered_kecamatan=kecamatan).order_by("name"))
    return preferred_units(units) or list(
        PoliceUnit.objects.filter(kind=PoliceUnit.Kind.POLRES).order_by("name")[:1]
    )


def find_officers(params, kecamatan_list):
    """Context for the finder from GET parameters `kecamatan` and `kelurahan` (Kemendagri codes)."""
    kecamatan_code = (params.get("kecamatan") or "").strip()
    kelurahan_code = (params.get("kelurahan") or "").strip()
    by_code = {k.code: k for k in kecamatan_list}
    context = {
        "kecamatan_list": kecamatan_list,
        "selected_kecamatan": None,
        "selected_kelurahan": None,
        "officers": [],
        "police_units": [],
        "finder_error": "",
    }
    kecamatan = by_code.get(kecamatan_code)
    if kecamatan_code and kecamatan is None:
        context["finder_error"] = _(
            "We do not know that kecamatan. Please choose one from the list."
        )
        return context
    context["selected_kecamatan"] = kecamatan
    if not kelurahan_code:
        return context
    kelurahan = Kelurahan.objects.select_related("kecamatan").filter(code=kelurahan_code).first()
    if kelurahan is None or (kecamatan and kelurahan.kecamatan_id != kecamatan.pk):
        context["finder_error"] = _(
            "We could not find that kelurahan. Please choose your kecamatan and kelurahan again."
        )
        return context
    context["selected_kecamatan"] = by_code.get(kelurahan.kecamatan.code, kelurahan.kecamatan)
    context["selected_kelurahan"] = kelurahan
    context["officers"] = list(Officer.objects.for_public().filter(kelurahan=kelurahan))
    context["police_units"] = units_covering(kelurahan.kecamatan)
    return context
