"""Load the oblasts, rayons and cities of Kyrgyzstan from the files in municipalities/data/.

Source and known problems: municipalities/data/SOURCE.md. Loading is idempotent: each unit is
found by its SOATE code and updated in place, so running it twice gives the same rows.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from municipalities.models import District, Region
from municipalities.names import clean_kyrgyz

DATA_DIR = Path(__file__).resolve().parent / "data"

# Cities of republican significance: not in the source files (SOURCE.md, "Missing").
REPUBLICAN_CITIES = [
    {"soate": "41711000000000", "name_ky": "Бишкек шаары", "name_ru": "г. Бишкек", "name_en": "Bishkek city"},
    {"soate": "41721000000000", "name_ky": "Ош шаары", "name_ru": "г. Ош", "name_en": "Osh city"},
]  # fmt: skip

_ENGLISH_TYPOS = {"Ak-Bashy": "At-Bashy", "Kochokor": "Kochkor"}
_KYRGYZ_SPELLING = {"Жалалабат": "Жалал-Абад"}


@dataclass
class LoadReport:
    regions_created: int = 0
    regions_updated: int = 0
    districts_created: int = 0
    districts_updated: int = 0

    def __str__(self) -> str:
        return (
            f"oblasts and republican cities: {self.regions_created} created, "
            f"{self.regions_updated} updated; rayons and cities: {self.districts_created} created, "
            f"{self.districts_updated} updated"
        )


def soate_from_pcode(pcode: str) -> str:
    """KG02205000000 → 41702205000000 (SOURCE.md)."""
    return "417" + pcode.removeprefix("KG")


def oblast_names(row: dict) -> dict:
    ky = _KYRGYZ_SPELLING.get(clean_kyrgyz(row["ADM1_KY"]), clean_kyrgyz(row["ADM1_KY"]))
    return {
        "name_ky": f"{ky} облусу",
        "name_ru": f"{clean_kyrgyz(row['ADM1_RU'])} область",
        "name_en": f"{_ENGLISH_TYPOS.get(row['ADM1_EN'], row['ADM1_EN'])} oblast",
    }


def district_names(row: dict) -> dict:
    ky = clean_kyrgyz(row["ADM2_KY"])
    ru = clean_kyrgyz(row["ADM2_RU"])
    en = clean_kyrgyz(row["ADM2_EN"])
    en = _ENGLISH_TYPOS.get(en, en)
    if row["ADM2TYP_EN"].strip() == "independent city":
        base_ky = ky.removesuffix(" ш.").removesuffix("ш.").strip()
        base_ru = ru.removeprefix("г.").strip()
        base_en = en.removesuffix("(city)").strip()
        return {
            "name_ky": f"{base_ky} шаары",
            "name_ru": f"г. {base_ru}",
            "name_en": f"{base_en} city",
        }
    return {"name_ky": f"{ky} району", "name_ru": f"{ru} район", "name_en": f"{en} rayon"}


def _read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _rayon_figures() -> dict[str, dict]:
    with open(DATA_DIR / "kyr-admin-level-datasets.json", encoding="utf-8") as handle:
        rows = json.load(handle)["DataList"]
    return {row["Adm2_Code"]: row for row in rows}


@transaction.atomic
def load_territory() -> LoadReport:
    """Create or update every oblast, republican city, rayon and city of oblast significance."""
    report = LoadReport()
    regions_by_pcode: dict[str, Region] = {}

    for row in _read_csv("cod_ab_adm1_from_adm2.csv"):
        region, created = Region.objects.update_or_create(
            soate=row["soate"].strip(),
            defaults={"kind": Region.Kind.OBLAST, "pcode": row["ADM1_PCODE"].strip(), **oblast_names(row)},
        )
        regions_by_pcode[region.pcode] = region
        report.regions_created += created
        report.regions_updated += not created

    for city in REPUBLICAN_CITIES:
        _, created = Region.objects.update_or_create(
            soate=city["soate"],
            defaults={
                "kind": Region.Kind.CITY,
                "pcode": "",
                **{k: v for k, v in city.items() if k != "soate"},
            },
        )
        report.regions_created += created
        report.regions_updated += not created

    figures = _rayon_figures()
    for row in _read_csv("cod_ab_adm2_attributes.csv"):
        soate = row["soate_derived"].strip() or soate_from_pcode(row["ADM2_PCODE"].strip())
        is_city = row["ADM2TYP_EN"].strip() == "independent city"
        extra = figures.get(soate[:8], {}) if not is_city else {}
        _, created = District.objects.update_or_create(
            soate=soate,
            defaults={
                "region": regions_by_pcode[row["ADM1_PCODE"].strip()],
                "kind": District.Kind.CITY if is_city else District.Kind.RAYON,
                "pcode": row["ADM2_PCODE"].strip(),
                "population_2021": extra.get("Population_2021"),
                "poverty_rate": extra.get("poverty"),
                **district_names(row),
            },
        )
        report.districts_created += created
        report.districts_updated += not created
    return report
