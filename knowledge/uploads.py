"""Checks of members' uploads: extension allow-list, size limit and content sniffing.

The extension alone proves nothing, so each file's first bytes must match what
its extension promises: a renamed executable or an SVG with script is refused.
"""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from PIL import Image, UnidentifiedImageError

PDF = b"%PDF-"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt container
ZIP = b"PK\x03\x04"

# Office Open XML and OpenDocument files are ZIP archives; the member that
# names the format identifies it.
OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
ATTACHMENT_EXTENSIONS = [
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "odp",
    "doc",
    "xls",
    "csv",
    "txt",
]
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}


def _extension(uploaded: UploadedFile) -> str:
    return PurePath(uploaded.name or "").suffix.lower().lstrip(".")


def _check_size(uploaded: UploadedFile) -> None:
    limit = settings.KNOWLEDGE_UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("%(name)s är för stor. Filer får vara högst %(limit)s.")
            % {"name": uploaded.name, "limit": filesizeformat(limit)}
        )


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    lowered = text.lstrip().lower()
    return not lowered.startswith(("<", "mz", "#!"))


def _zip_matches(uploaded: UploadedFile, extension: str) -> bool:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if extension in OOXML_PARTS:
                return "[Content_Types].xml" in names and OOXML_PARTS[extension] in names
            return "mimetype" in names and archive.read("mimetype") == ODF_MIMETYPES[extension]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _content_matches(uploaded: UploadedFile, extension: str) -> bool:
    uploaded.seek(0)
    head = uploaded.read(4096)
    uploaded.seek(0)
    if extension == "pdf":
        return head.startswith(PDF)
    if extension in ("doc", "xls"):
        return head.startswith(OLE)
    if extension in ("csv", "txt"):
        return _is_text(head)
    matches = head.startswith(ZIP) and _zip_matches(uploaded, extension)
    uploaded.seek(0)
    return matches


def validate_attachment(uploaded: UploadedFile) -> None:
    """Refuse an attachment that is too large, of a type not allowed, or not what it claims."""
    extension = _extension(uploaded)
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("%(name)s har en filtyp som inte är tillåten. Tillåtna typer: %(types)s.")
            % {"name": uploaded.name, "types": ", ".join(ATTACHMENT_EXTENSIONS)}
        )
    _check_size(uploaded)
    if not _content_matches(uploaded, extension):
        raise ValidationError(
            _("%(name)s är inte en giltig %(type)s-fil.")
            % {"name": uploaded.name, "type": extension.upper()}
        )


def validate_image(uploaded: UploadedFile) -> None:
    """Refuse an image that is too large, not a raster format we allow, or not an image."""
    extension = _extension(uploaded)
    if extension not in IMAGE_FORMATS:
        raise ValidationError(
            _("Bilden måste vara JPEG, PNG, WebP eller GIF, inte %(type)s.")
            % {"type": extension.upper() or _("okänd typ")}
        )
    _check_size(uploaded)
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            detected = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("%(name)s är ingen giltig bild.") % {"name": uploaded.name}
        ) from exc
    finally:
        uploaded.seek(0)
    if detected != IMAGE_FORMATS[extension]:
        raise ValidationError(
            _("%(name)s är inte en %(type)s-bild.")
            % {"name": uploaded.name, "type": extension.upper()}
        )
