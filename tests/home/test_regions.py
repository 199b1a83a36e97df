from io import StringIO

import pytest
from django.core.management import call_command

from home.models import Kecamatan, Kelurahan, PoliceUnit


@pytest.mark.django_db
def test_load_regions_twice_gives_13_kecamatan_104_kelurahan_and_no_duplicates():
    first, second = StringIO(), StringIO()
    call_command("load_regions", stdout=first)
    call_command("load_regions", stdout=second)
    assert Kecamatan.objects.count() == 13
    assert Kelurahan.objects.count() == 104
    assert "created: 0, updated: 0" in second.getvalue()


@pytest.mark.django_db
def test_load_regions_reports_a_renamed_kelurahan_and_keeps_the_old_spelling_as_alias():
    kel = Kelurahan.objects.get(code="36.71.11.1003")
    kel.name = "Nerog Tog Lama"
    kel.save()
    out = StringIO()
    call_command("load_regions", stdout=out)
    kel.refresh_from_db()
    assert kel.name == "Neroktog"
    assert "Nerog Tog Lama" in kel.aliases
    assert "Nerogtog" in kel.aliases
    assert "36.71.11.1003: Nerog Tog Lama -> Neroktog" in out.getvalue()


@pytest.mark.django_db
def test_spelling_variants_from_the_alias_file_are_recorded():
    assert "Batujaya" in Kelurahan.objects.get(code="36.71.03.1002").aliases


@pytest.mark.django_db
def test_police_units_are_seeded_with_coverage_and_kept_as_edited():
    polsek = PoliceUnit.objects.get(name="Polsek Jatiuwung")
    assert set(polsek.covered_kecamatan.values_list("code", flat=True)) == {
        "36.71.02",
        "36.71.09",
        "36.71.08",
    }
    polsek.covered_kecamatan.clear()
    call_command("load_police_units", stdout=StringIO())
    assert polsek.covered_kecamatan.count() == 0  # an admin's edit survives a re-seed
    assert PoliceUnit.objects.filter(kind="polres").count() == 1
    # Units outside the city keep their coverage as a note, not as made-up kecamatan.
    teluknaga = PoliceUnit.objects.get(name="Polsek Teluknaga")
    assert teluknaga.covered_kecamatan.count() == 0
    assert "Kab. Tangerang" in teluknaga.coverage_note
