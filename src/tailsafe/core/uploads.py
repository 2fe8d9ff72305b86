"""Uploaded documents: checked by content type (magic bytes, not the file name) and size."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Magic numbers of the formats a scanned letter may come in.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "tiff": (b"II*\x00", b"MM\x00*"),
}
LETTER_KINDS = ("pdf", "png", "jpeg", "tiff")
EXTENSIONS = {
    "pdf": {".pdf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "tiff": {".tif", ".tiff"},
}


def sniff(upload: UploadedFile[bytes]) -> str | None:
    """The kind of file by its first bytes, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            return kind
    return None


def validate_document(upload: UploadedFile[bytes], kinds: tuple[str, ...] = LETTER_KINDS) -> str:
    """Raise ValidationError unless the upload is one of `kinds` and within the size limit."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    kind = sniff(upload)
    name = (upload.name or "").lower()
    if kind not in kinds or not any(name.endswith(ext) for ext in EXTENSIONS[kind]):
        raise ValidationError(
            _("Only these file types are accepted: %(kinds)s.")
            % {"kinds": ", ".join(k.upper() for k in kinds)},
            code="bad_type",
        )
    return kind


def attachment(field: FieldFile) -> FileResponse:
    """Serve an uploaded file always as a download (never rendered inline by the browser);
    404 when the record has no file or the file is gone from storage."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=(field.name or "file").rsplit("/", 1)[-1]
    )
