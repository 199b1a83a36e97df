"""Loading the reference data for regions and police units, idempotently, from files shipped in home/data."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from home.models import Kecamatan, Kelurahan, PoliceUnit

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_FILE = DATA_DIR / "kota_tangerang_regions.csv"
ALIASES_FILE = DATA_DIR / "region_aliases.csv"
POLICE_UNITS_FILE = DATA_DIR / "polsek.csv"
POLRES_FILE = DATA_DIR / "polres.csv"


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0

    def lines(self):
        yield f"created: {len(self.created)}, updated: {len(self.updated)}, unchanged: {self.unchanged}"
        for item in self.created:
            yield f"  + {item}"
        for item in self.updated:
            yield f"  ~ {item}"


def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _add_alias(kelurahan, alias):
    alias = alias.strip()
    if alias and alias != kelurahan.name and alias not in kelurahan.aliases:
        kelurahan.aliases = [*kelurahan.aliases, alias]
        return True
    return False


@transaction.atomic
def load_regions(regions_file=REGIONS_FILE, aliases_file=ALIASES_FILE):
    report = LoadReport()
    kecamatan_by_code = {k.code: k for k in Kecamatan.objects.all()}
    kelurahan_by_code = {k.code: k for k in Kelurahan.objects.all()}
    for row in _read_csv(regions_file):
        kec_code, kec_name = row["kecamatan_code"].strip(), row["kecamatan"].strip()
        kecamatan = kecamatan_by_code.get(kec_code)
        if kecamatan is None:
            kecamatan = Kecamatan.objects.create(
                code=kec_code, name=kec_name, slug=slugify(kec_name)
            )
            kecamatan_by_code[kec_code] = kecamatan
            report.created.append(f"kecamatan {kec_code} {kec_name}")
        elif kecamatan.name != kec_name:
            report.updated.append(f"kecamatan {kec_code}: {kecamatan.name} -> {kec_name}")
            kecamatan.name = kec_name
            kecamatan.save(update_fields=["name"])
        else:
            report.unchanged += 1

        kel_code, kel_name = row["kelurahan_code"].strip(), row["kelurahan"].strip()
        kelurahan = kelurahan_by_code.get(kel_code)
        if kelurahan is None:
            kelurahan = Kelurahan.objects.create(
                code=kel_code, name=kel_name, slug=slugify(kel_name), kecamatan=kecamatan
            )
            kelurahan_by_code[kel_code] = kelurahan
            report.created.append(f"kelurahan {kel_code} {kel_name}")
        elif kelurahan.name != kel_name or kelurahan.kecamatan_id != kecamatan.pk:
            old_name = kelurahan.name
            kelurahan.name, kelurahan.kecamatan = kel_name, kecamatan
            _add_alias(kelurahan, old_name)
            kelurahan.slug = slugify(kel_name)
            kelurahan.save()
            report.updated.append(f"kelurahan {kel_code}: {old_name} -> {kel_name}")
        else:
            report.unchanged += 1

    if Path(aliases_file).exists():
        for row in _read_csv(aliases_file):
            kelurahan = kelurahan_by_code.get(row["kelurahan_code"].strip())
            if kelurahan and _add_alias(kelurahan, row["alias"]):
                kelurahan.save(update_fields=["aliases"])
                report.updated.append(f"kelurahan {kelurahan.code}: alias {row['alias'].strip()}")
    return report


@transaction.atomic
def load_police_units(polres_file=POLRES_FILE, polsek_file=POLICE_UNITS_FILE):
    """Seeds units once; coverage that admins have edited since is left alone."""
    report = LoadReport()
    kecamatan_by_code = {k.code: k for k in Kecamatan.objects.all()}
    polres = None
    for row in _read_csv(polres_file):
        polres, created = PoliceUnit.objects.get_or_create(
            name=row["name"].strip(),
            defaults={
                "slug": slugify(row["name"]),
                "kind": PoliceUnit.Kind.POLRES,
                "phone": row.get("phone", "").strip(),
                "address": row.get("address", "").strip(),
                "coverage_note": row.get("note", "").strip(),
            },
        )
        if created:
            polres.covered_kecamatan.set(kecamatan_by_code.values())
            report.created.append(f"unit {polres.name}")
        else:
            report.unchanged += 1
    for row in _read_csv(polsek_file):
        name = row["polsek"].strip()
        codes = [code.strip().split(" ")[0] for code in row["kecamatan_codes"].split(";")]
        unit, created = PoliceUnit.objects.get_or_create(
            name=name,
            defaults={
                "slug": slugify(name),
                "kind": PoliceUnit.Kind.POLSEK,
                "parent": polres,
                "coverage_note": "; ".join(
                    part
                    for part in (row["kecamatan_covered"], row["confidence"], row["note"])
                    if part
                ),
                "source_url": row["source_url"].strip(),
            },
        )
        if created:
            unit.covered_kecamatan.set(
                [kecamatan_by_code[c] for c in codes if c in kecamatan_by_code]
            )
            report.created.append(f"unit {name}")
        else:
            report.unchanged += 1
    return report
