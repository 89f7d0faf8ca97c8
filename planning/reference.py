"""Reference lists of the planning app: sectors, funding sources and the standard indicators,
in three languages.

`python manage.py load_reference` creates or updates them by code; it is safe to run again and
never deletes a row that plans may use (an administrator can switch one off instead). The
standard indicators come from planning/data/standard_indicators.csv (docs/standard-indicators.md
says where each comes from); the loader leaves a row alone when the file says what it holds, so a
second run writes nothing, and an administrator's "in use" switch is never overwritten.
"""

import csv
from pathlib import Path

from django.db import transaction

from planning.models import FundingSource, Indicator, Sector, StandardIndicator

STANDARD_INDICATORS_FILE = Path(__file__).parent / "data" / "standard_indicators.csv"
_STANDARD_FIELDS = ("name_ky", "name_ru", "name_en", "unit_ky", "unit_ru", "unit_en", "direction")

# (code, ky, ru, en)
SECTORS = [
    ("population", "Калк жана демография", "Население и демография", "Population and demography"),
    ("economy", "Экономика жана ишкердик", "Экономика и предпринимательство", "Economy and business"),
    ("agriculture", "Айыл чарба", "Сельское хозяйство", "Agriculture"),
    ("drinking-water", "Ичүүчү суу", "Питьевая вода", "Drinking water"),
    ("irrigation", "Сугат суу", "Поливная вода", "Irrigation water"),
    ("roads", "Жолдор жана транспорт", "Дороги и транспорт", "Roads and transport"),
    ("waste", "Таштандыларды чыгаруу жана көрктөндүрүү", "Вывоз мусора и благоустройство", "Solid waste and public spaces"),
    ("education", "Билим берүү (мектепке чейинки билим берүүнү кошо)", "Образование (включая дошкольное)", "Education (including preschool)"),
    ("health", "Саламаттыкты сактоо", "Здравоохранение", "Health"),
    ("culture-sport", "Маданият жана спорт", "Культура и спорт", "Culture and sport"),
    ("social-protection", "Социалдык коргоо", "Социальная защита", "Social protection"),
    ("environment", "Айлана-чөйрө жана климаттын өзгөрүшү", "Окружающая среда и изменение климата", "Environment and climate change"),
    ("local-finance", "Жергиликтүү финансылар", "Местные финансы", "Local finances"),
]  # fmt: skip

FUNDING_SOURCES = [
    ("local-budget", "Жергиликтүү бюджет", "Местный бюджет", "Local budget"),
    ("republican-budget", "Республикалык бюджет", "Республиканский бюджет", "Republican budget"),
    ("municipal-enterprises", "Муниципалдык ишканалардын өз каражаттары", "Собственные средства муниципальных предприятий", "Municipal enterprises' own funds"),
    ("extra-budgetary", "Бюджеттен тышкаркы каражаттар", "Внебюджетные средства", "Extra-budgetary funds"),
    ("donors", "Донорлор (эл аралык уюмдар)", "Доноры (международные организации)", "Donors (international organisations)"),
    ("contributions", "Тургундардын жана ишканалардын ыктыярдуу салымдары", "Добровольные взносы жителей и предприятий", "Voluntary contributions of residents and businesses"),
    ("private-sector", "Жеке сектор", "Частный сектор", "Private sector"),
    ("other", "Мыйзам тыюу салбаган башка булактар", "Другие источники, не запрещённые законом", "Other lawful sources"),
]  # fmt: skip


@transaction.atomic
def load_reference() -> tuple[int, int, int]:
    """Create or update the sectors, funding sources and standard indicators; return how many
    of each there are."""
    for order, (code, ky, ru, en) in enumerate(SECTORS, start=1):
        Sector.objects.update_or_create(
            code=code, defaults={"name_ky": ky, "name_ru": ru, "name_en": en, "order": order}
        )
    for order, (code, ky, ru, en) in enumerate(FUNDING_SOURCES, start=1):
        FundingSource.objects.update_or_create(
            code=code, defaults={"name_ky": ky, "name_ru": ru, "name_en": en, "order": order}
        )
    load_standard_indicators()
    return Sector.objects.count(), FundingSource.objects.count(), StandardIndicator.objects.count()


def read_standard_indicators(path: Path = STANDARD_INDICATORS_FILE) -> list[dict[str, str]]:
    """The rows of the data file, checked: a known direction, a code and a Kyrgyz name each."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(file)]
    directions = set(Indicator.Direction.values)
    for number, row in enumerate(rows, start=2):
        if not row["code"] or not row["name_ky"] or not row["unit_ky"] or row["direction"] not in directions:
            raise ValueError(f"{path.name}, line {number}: a code, a Kyrgyz name and unit, and a direction")
    return rows


@transaction.atomic
def load_standard_indicators(path: Path = STANDARD_INDICATORS_FILE) -> tuple[int, int]:
    """Create the standard indicators the file adds and update those it changed, by code;
    return (created, updated). Rows the file no longer lists stay (plans may point to them)."""
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    existing = {row.code: row for row in StandardIndicator.objects.all()}
    created = updated = 0
    for row in read_standard_indicators(path):
        sector = sectors.get(row["sector"])
        if sector is None:
            raise ValueError(f"{path.name}: {row['code']} names an unknown sector {row['sector']!r}")
        values = {name: row[name] for name in _STANDARD_FIELDS}
        indicator = existing.get(row["code"])
        if indicator is None:
            StandardIndicator.objects.create(code=row["code"], sector=sector, **values)
            created += 1
            continue
        changed = [name for name, value in values.items() if getattr(indicator, name) != value]
        if indicator.sector_id != sector.pk:
            indicator.sector = sector
            changed.append("sector")
        if changed:
            for name in changed:
                if name != "sector":
                    setattr(indicator, name, values[name])
            indicator.save(update_fields=changed)
            updated += 1
    return created, updated
