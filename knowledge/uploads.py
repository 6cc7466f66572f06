"""Checks of members' uploads: extension allow-list, size limit and content sniffing.

The extension alone proves nothing, so each file's first bytes must match what
its extension promises: a renamed executable or an SVG with script is refused.
Nothing is inflated or decoded beyond what the check needs: an archive is read
only for its list of parts and a few bytes of one, an image's pixels are counted
from its header (core.images) before it is decoded.
"""

import zipfile
import zlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.images import IMAGE_FORMATS, check_image

PDF = b"%PDF-"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt container
ZIP = b"PK\x03\x04"
# Each entry of a zip's central directory starts with this signature, so the count
# of its occurrences bounds the entries zipfile would list (about 0.6 kB of memory
# each). Office files have tens of parts, a large presentation a few thousand.
ZIP_CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"
MAX_ARCHIVE_ENTRIES = 5000

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


def _archive_entries_at_most(uploaded: UploadedFile) -> int:
    """An upper bound of the archive's entries, found without parsing it."""
    count, carry = 0, b""
    for chunk in uploaded.chunks():
        block = carry + chunk
        count += block.count(ZIP_CENTRAL_DIRECTORY_ENTRY)
        carry = block[-(len(ZIP_CENTRAL_DIRECTORY_ENTRY) - 1) :]
    return count


def _odf_mimetype_matches(archive: zipfile.ZipFile, expected: bytes) -> bool:
    """Whether the ``mimetype`` entry is ``expected``, inflating at most one byte more."""
    info = archive.getinfo("mimetype")
    if info.file_size != len(expected):
        return False
    with archive.open(info) as entry:
        return entry.read(len(expected) + 1) == expected


def _zip_matches(uploaded: UploadedFile, extension: str) -> bool:
    if _archive_entries_at_most(uploaded) > MAX_ARCHIVE_ENTRIES:
        raise ValidationError(
            _(
                "%(name)s består av fler än %(limit)s delar och kan inte tas emot. "
                "Spara den som PDF eller dela upp den."
            )
            % {
                "name": uploaded.name,
                "limit": number_format(MAX_ARCHIVE_ENTRIES, force_grouping=True),
            }
        )
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if extension in OOXML_PARTS:
                return "[Content_Types].xml" in names and OOXML_PARTS[extension] in names
            return _odf_mimetype_matches(archive, ODF_MIMETYPES[extension])
    # NotImplementedError: a compression method zipfile lacks; RuntimeError: encrypted.
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        EOFError,
        zlib.error,
        NotImplementedError,
        RuntimeError,
    ):
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
    detected = check_image(uploaded, uploaded.name, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
    if detected != IMAGE_FORMATS[extension]:
        raise ValidationError(
            _("%(name)s är inte en %(type)s-bild.")
            % {"name": uploaded.name, "type": extension.upper()}
        )
