from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, ProjectCoordinator, SignInFailure, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["municipality"]


class ProjectCoordinatorInline(admin.TabularInline):
    model = ProjectCoordinator
    extra = 0
    autocomplete_fields = ["project"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Notifications"), {"fields": ("language",)}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_superuser")
    inlines = [MembershipInline, ProjectCoordinatorInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "municipality", "role", "position")
    list_filter = ("role", "municipality__district__region")
    search_fields = ("user__username", "user__last_name", "municipality__name_ky", "municipality__name_ru")
    autocomplete_fields = ["user", "municipality"]


@admin.register(ProjectCoordinator)
class ProjectCoordinatorAdmin(admin.ModelAdmin):
    list_display = ("user", "project")
    list_filter = ("project",)
    autocomplete_fields = ["user", "project"]


@admin.register(SignInFailure)
class SignInFailureAdmin(admin.ModelAdmin):
    """The failures that count toward the limit per user name (accounts/lockout.py). Deleting a
    user name's rows lifts its pause; axes' own "access attempts" hold the per-address ones."""

    list_display = ("username", "ip_address", "attempted_at")
    search_fields = ("username", "ip_address")
    date_hierarchy = "attempted_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
