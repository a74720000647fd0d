from django.conf import settings
from django.db import models
from django.utils import timezone

# The types a copy may have (judged from its content by documents.uploads) and their extensions.
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class CaseDocument(models.Model):
    """An electronic copy of one checklist item of a case (a scan: PDF, JPEG or PNG). Stored under a
    server-made name through Django's storage API; served only through a view that checks the case is
    visible to the caller; its SHA-256 is kept and checked on every download (security decision 9)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    item_code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)  # the storage name, made by the server
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item_code", "pk"]

    def __str__(self) -> str:
        return f"{self.item_code} {self.original_name}"

    @property
    def served_name(self) -> str:
        """The file name the copy is served under, everywhere (API, employer portal, workbench): made
        by the server from the checklist item, the id and the type judged from the content — never
        the uploader's name or extension."""
        return f"{self.item_code}-{self.pk}.{EXTENSIONS[self.content_type]}"
