"""The territory of Kyrgyzstan and the donor projects that support its municipalities."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from municipalities.names import search_key
from municipalities.ordering import by_name

soate_validator = RegexValidator(r"^417\d{11}$", _("A SOATE code has 14 digits and starts with 417."))

LANGUAGES = ("ky", "ru", "en")


def in_language(obj, prefix: str) -> str:
    """`obj.<prefix>_<active language>`, else the first of Kyrgyz, Russian, English that is filled."""
    language = (get_language() or "ky")[:2]
    own = getattr(obj, f"{prefix}_{language}", "") if language in LANGUAGES else ""
    return own or next((v for v in (getattr(obj, f"{prefix}_{code}") for code in LANGUAGES) if v), "")


class NamedModel(models.Model):
    """A thing with a name in Kyrgyz, Russian and English; `name` follows the active language."""

    name_ky = models.CharField(_("name in Kyrgyz"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    search_key = models.CharField(max_length=700, editable=False, db_index=True, default="")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The key is derived from the names; keep it in step whatever code saved them.
        self.refresh_search_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name_ky", "name_ru", "name_en"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return in_language(self, "name")

    def refresh_search_key(self) -> None:
        keys = dict.fromkeys(search_key(n) for n in (self.name_ky, self.name_ru, self.name_en) if n)
        self.search_key = " ".join(keys)


class Region(NamedModel):
    """An oblast, or one of the two cities of republican significance (Bishkek, Osh)."""

    class Kind(models.TextChoices):
        OBLAST = "oblast", _("oblast")
        CITY = "city", _("city of republican significance")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OBLAST)
    soate = models.CharField(_("SOATE code"), max_length=14, unique=True, validators=[soate_validator])
    pcode = models.CharField(_("P-code"), max_length=13, blank=True)

    class Meta:
        verbose_name = _("oblast")
        verbose_name_plural = _("oblasts")
        ordering = ["kind", by_name()]


class District(NamedModel):
    """A rayon, or a city of oblast significance."""

    class Kind(models.TextChoices):
        RAYON = "rayon", _("rayon")
        CITY = "city", _("city of oblast significance")

    region = models.ForeignKey(
        Region, verbose_name=_("oblast"), on_delete=models.PROTECT, related_name="districts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RAYON)
    soate = models.CharField(_("SOATE code"), max_length=14, unique=True, validators=[soate_validator])
    pcode = models.CharField(_("P-code"), max_length=13, blank=True)
    population_2021 = models.PositiveIntegerField(_("population (2021)"), null=True, blank=True)
    poverty_rate = models.PositiveSmallIntegerField(
        _("poverty rate, %"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("rayon")
        verbose_name_plural = _("rayons")
        ordering = ["kind", by_name()]


class Municipality(NamedModel):
    """A local self-government unit: an aiyl aimak, a town or a city."""

    class Kind(models.TextChoices):
        AIYL_AIMAK = "aiyl_aimak", _("aiyl aimak")
        TOWN = "town", _("town")
        CITY = "city", _("city")

    district = models.ForeignKey(
        District, verbose_name=_("rayon"), on_delete=models.PROTECT, related_name="municipalities"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.AIYL_AIMAK)
    soate = models.CharField(_("SOATE code"), max_length=14, blank=True, validators=[soate_validator])
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    address = models.CharField(_("address of the aiyl okmotu"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # The 2024-2025 territorial reform merged aiyl aimaks; a merged one stays (with its plans)
    # and points to the one it became part of.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = [by_name()]
        constraints = [
            models.UniqueConstraint(
                fields=["soate"], condition=~models.Q(soate=""), name="municipality_unique_soate"
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")), name="municipality_not_merged_into_itself"
            ),
        ]

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class Village(NamedModel):
    """A village (айыл / село) of a municipality."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="villages"
    )
    is_centre = models.BooleanField(_("administrative centre"), default=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["-is_centre", by_name()]


class DonorProject(NamedModel):
    """A donor-funded project and the municipalities it targets. Its donor and implementing
    organisation have names in Kyrgyz, Russian and English, like the project itself; `donor`
    and `implementer` follow the active language."""

    donor_ky = models.CharField(_("donor, in Kyrgyz"), max_length=200, blank=True)
    donor_ru = models.CharField(_("donor, in Russian"), max_length=200, blank=True)
    donor_en = models.CharField(_("donor, in English"), max_length=200, blank=True)
    implementer_ky = models.CharField(_("implementing organisation, in Kyrgyz"), max_length=200, blank=True)
    implementer_ru = models.CharField(_("implementing organisation, in Russian"), max_length=200, blank=True)
    implementer_en = models.CharField(_("implementing organisation, in English"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("target municipalities"),
        related_name="donor_projects",
        blank=True,
    )

    class Meta:
        verbose_name = _("donor project")
        verbose_name_plural = _("donor projects")
        ordering = ["-start_year", by_name()]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="project_end_not_before_start",
            )
        ]

    @property
    def donor(self) -> str:
        return in_language(self, "donor")

    @property
    def implementer(self) -> str:
        return in_language(self, "implementer")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not (self.donor_ky or self.donor_ru or self.donor_en):
            errors["donor_ky"] = _("Name the donor in at least one language.")
        if not (self.implementer_ky or self.implementer_ru or self.implementer_en):
            errors["implementer_ky"] = _("Name the implementing organisation in at least one language.")
        if errors:
            raise ValidationError(errors)


class BaseService(NamedModel):
    """A municipal service of the base registry: the same list for every municipality.

    Reference data (codes, names in ky/ru/en, sector), loaded by `manage.py load_service_registry`
    from municipalities/data/service_registry.py and kept in the admin. A municipality's own
    services (municipal_services.MunicipalService) point here, or belong to its additional list.
    """

    class Sector(models.TextChoices):
        WATER = "water", _("drinking water and sanitation")
        IRRIGATION = "irrigation", _("irrigation")
        WASTE = "waste", _("waste and cleanliness")
        ROADS = "roads", _("roads, streets and lighting")
        PUBLIC_SPACES = "public_spaces", _("parks, greenery and public places")
        EDUCATION = "education", _("preschool education")
        CULTURE_SPORT = "culture_sport", _("culture, leisure and sport")
        SOCIAL = "social", _("social services")
        LAND = "land", _("land, pastures and livestock")
        ADMINISTRATIVE = "administrative", _("administrative services")

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(r"^[0-9]{1,3}(\.[0-9]{1,3})?$", _("A code is a number such as 7 or 7.2."))
        ],
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("service of the base registry")
        verbose_name_plural = _("base registry of municipal services")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"
