"""The six units of Satbinmas as data (`openinfo/data/satbinmas_units.csv`) and which unit records
which activity type. Pure data and functions: no models here, so migrations and every sub-domain
(visits, tasks, plans) can read it."""

import csv
from functools import cache
from pathlib import Path

UNITS_CSV = Path(__file__).resolve().parent.parent / "data" / "satbinmas_units.csv"

URBIN_OPSNAL = "urbin_opsnal"
URMINTU = "urmintu"
BINPOLMAS = "binpolmas"
BINTIBSOS = "bintibsos"
BINKAMSA = "binkamsa"
BHABINKAMTIBMAS = "bhabinkamtibmas"

# activity type -> the unit that records it. The first six are the Bhabinkamtibmas visit types
# that existed before the other units joined (their reports migrate to the Bhabinkamtibmas unit).
ACTIVITY_UNIT = {
    "sambang": BHABINKAMTIBMAS,
    "dds": BHABINKAMTIBMAS,
    "patroli_dialogis": BHABINKAMTIBMAS,
    "penyuluhan": BHABINKAMTIBMAS,
    "problem_solving": BHABINKAMTIBMAS,
    "koordinasi_3pilar": BHABINKAMTIBMAS,
    "satpam_supervision": BINKAMSA,
    "siskamling_check": BINKAMSA,
    "fkpm_meeting": BINPOLMAS,
    "bintibsos_session": BINTIBSOS,
    "ops_planning": URBIN_OPSNAL,
    "administration": URMINTU,
}

# Activity types whose approved reports never get a public summary, page, API item or search
# document: Satpam findings and internal planning/administration.
INTERNAL_ACTIVITY_TYPES = frozenset({"satpam_supervision", "ops_planning", "administration"})


@cache
def unit_rows():
    """The units' rows from the package data, in their display order."""
    with UNITS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return sorted(rows, key=lambda row: int(row["order"]))


def unit_codes():
    return [row["code"] for row in unit_rows()]


def unit_for_activity(activity_type):
    return ACTIVITY_UNIT.get(activity_type)


def activity_types_of(unit_code):
    return [kind for kind, unit in ACTIVITY_UNIT.items() if unit == unit_code]


def is_public_activity(activity_type):
    return activity_type not in INTERNAL_ACTIVITY_TYPES
