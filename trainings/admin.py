from django.contrib import admin

from core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from trainings.models import Training, TrainingEdit


class TrainingEditInline(ReadOnlyInline):
    model = TrainingEdit


@admin.register(Training)
class TrainingAdmin(ReadOnlyAdmin):
    """Trainings are written on the pages and the API, where roles are checked and edits kept."""

    list_display = ["name", "organiser", "unit", "start_date", "country", "women", "men"]
    list_filter = ["unit", "country"]
    search_fields = ["name", "organiser", "place"]
    date_hierarchy = "start_date"
    inlines = [TrainingEditInline]


@admin.register(TrainingEdit)
class TrainingEditAdmin(ReadOnlyAdmin):
    list_display = ["training", "actor", "at"]
