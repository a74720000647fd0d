from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from reference.models import District, Quota, ShortageCatalogueEntry, WindowDayOverride


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "phone", "address", "office", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("code", "name", "name_en", "address")


class ShortageCatalogueEntryForm(forms.ModelForm):
    class Meta:
        model = ShortageCatalogueEntry
        fields = ["code", "name", "name_en", "category", "active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        others = ShortageCatalogueEntry.objects.filter(active=True).exclude(pk=self.instance.pk)
        if not data.get("active") and not others.exists():
            raise forms.ValidationError("急需专业或岗位目录不能为空：至少保留一个启用的条目。")
        return data


@admin.register(ShortageCatalogueEntry)
class ShortageCatalogueEntryAdmin(admin.ModelAdmin):
    """R-P10: admins keep the catalogue. Entries are switched off, never deleted (cases name their
    codes), and the last active entry cannot be switched off: the catalogue is never empty."""

    form = ShortageCatalogueEntryForm

    list_display = ("code", "name", "name_en", "category", "active")
    list_filter = ("active", "category")
    search_fields = ("code", "name", "name_en", "category")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WindowDayOverride)
class WindowDayOverrideAdmin(admin.ModelAdmin):
    """R-W08: holidays and adjusted working days the chinese-calendar package does not know."""

    list_display = ("date", "kind", "note")
    list_filter = ("kind",)
    search_fields = ("note",)
    date_hierarchy = "date"


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    """R-Q01: the yearly quota of new permits, for the city (no district) or one district. No row,
    no limit. The city approval of a `new` case is refused once a quota of its year is reached."""

    list_display = ("year", "district", "limit")
    list_filter = ("year", "district")
    ordering = ("-year", "district")
