"""Trainings in the Django admin: for administrators to look and mend, not the daily work.

A person's phone and e-mail are shown here (and to the coordinators' pages), nowhere public."""

from django.contrib import admin

from trainings.models import (
    Certificate,
    Participation,
    Person,
    Session,
    Tally,
    Trainer,
    Training,
    TrainingMaterial,
    TrainingStatusChange,
)


@admin.register(Trainer)
class TrainerAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "gender")
    list_filter = ("gender",)
    search_fields = ("name", "organisation")


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("day", "order", "title", "starts_at", "ends_at", "trainers")
    filter_horizontal = ("trainers",)


class TallyInline(admin.TabularInline):
    model = Tally
    extra = 0


class MaterialInline(admin.TabularInline):
    model = TrainingMaterial
    extra = 0
    fields = ("title", "file", "content_kind", "size")
    readonly_fields = ("content_kind", "size")


class StatusChangeInline(admin.TabularInline):
    model = TrainingStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "by", "at", "note")


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "format", "first_day", "last_day", "status")
    list_filter = ("status", "format", "project")
    search_fields = ("title", "organiser", "implementer", "venue_city")
    list_select_related = ("project",)
    date_hierarchy = "first_day"
    raw_id_fields = ("venue_district",)
    readonly_fields = ("status", "version", "created_by")
    inlines = [SessionInline, TallyInline, MaterialInline, StatusChangeInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "gender", "role", "municipality", "phone", "email")
    list_filter = ("role", "gender", "municipality__district__region")
    search_fields = ("full_name", "name_key", "phone", "email")
    list_select_related = ("municipality",)
    autocomplete_fields = ("municipality",)
    readonly_fields = ("name_key", "created_by", "created_at")


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("person", "training", "created_at")
    search_fields = ("person__full_name", "training__title")
    list_select_related = ("person", "training")
    raw_id_fields = ("person", "training")
    readonly_fields = ("registered_by",)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "participation", "hours", "issued_at")
    search_fields = ("number", "code", "participation__person__full_name")
    list_select_related = ("participation__person", "participation__training")
    raw_id_fields = ("participation",)
    readonly_fields = ("year", "serial", "number", "code", "issued_at", "issued_by")
