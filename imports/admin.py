from django.contrib import admin

from core.admin_readonly import ReadOnlyAdmin
from imports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "register", "state", "uploaded_by", "uploaded_at", "imported_at"]
    list_filter = ["register", "state"]
    exclude = ["content"]
