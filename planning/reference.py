"""Reference lists of the planning app: sectors and funding sources, in three languages.

`python manage.py load_reference` creates or updates them by code; it is safe to run again and
never deletes a row that plans may use (an administrator can switch one off instead).
"""

from django.db import transaction

from planning.models import FundingSource, Sector

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
def load_reference() -> tuple[int, int]:
    """Create or update the sectors and funding sources; return how many of each there are."""
    for order, (code, ky, ru, en) in enumerate(SECTORS, start=1):
        Sector.objects.update_or_create(
            code=code, defaults={"name_ky": ky, "name_ru": ru, "name_en": en, "order": order}
        )
    for order, (code, ky, ru, en) in enumerate(FUNDING_SOURCES, start=1):
        FundingSource.objects.update_or_create(
            code=code, defaults={"name_ky": ky, "name_ru": ru, "name_en": en, "order": order}
        )
    return Sector.objects.count(), FundingSource.objects.count()
