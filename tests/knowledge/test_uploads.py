"""Members' uploads: allowed types only, content must match the extension, size limited."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from knowledge.models import ArticlePage
from knowledge.uploads import validate_attachment, validate_image
from tests.factories.members import MembershipFactory

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"%PDF-1.7\n..."),
        ("data.csv", "län;antal\nJämtland;12\n".encode()),
        ("anteckningar.txt", b"Hej"),
        ("plan.docx", zipped({"[Content_Types].xml": b"x", "word/document.xml": b"x"})),
        ("budget.xlsx", zipped({"[Content_Types].xml": b"x", "xl/workbook.xml": b"x"})),
        ("plan.odt", zipped({"mimetype": b"application/vnd.oasis.opendocument.text"})),
        ("gammal.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32),
    ],
)
def test_valid_attachments_pass(name, content):
    validate_attachment(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", EXECUTABLE, "filtyp som inte är tillåten"),
        ("rapport.pdf", EXECUTABLE, "inte en giltig PDF-fil"),
        ("data.csv", EXECUTABLE, "inte en giltig CSV-fil"),
        ("plan.docx", zipped({"evil.exe": EXECUTABLE}), "inte en giltig DOCX-fil"),
        ("bild.svg", SVG_WITH_SCRIPT, "filtyp som inte är tillåten"),
        ("notes.txt", SVG_WITH_SCRIPT, "inte en giltig TXT-fil"),
        ("sida.html", b"<html></html>", "filtyp som inte är tillåten"),
        ("utan-typ", b"%PDF-1.7", "filtyp som inte är tillåten"),
    ],
)
def test_bad_attachments_are_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_attachment(upload(name, content))


def test_oversized_attachment_is_refused(settings):
    settings.KNOWLEDGE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="för stor"):
        validate_attachment(upload("stor.pdf", b"%PDF-" + b"x" * 200))


def test_valid_image_passes():
    validate_image(upload("bild.png", png()))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bild.svg", SVG_WITH_SCRIPT, "måste vara JPEG, PNG, WebP eller GIF"),
        ("bild.png", SVG_WITH_SCRIPT, "ingen giltig bild"),
        ("bild.jpg", EXECUTABLE, "ingen giltig bild"),
        ("bild.jpg", png(), "inte en JPG-bild"),
    ],
)
def test_bad_images_are_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_image(upload(name, content))


@pytest.mark.django_db
def test_form_refuses_renamed_executable_and_saves_nothing(client, library, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(MembershipFactory().user)
    response = client.post(
        "/kunskapsbank/skriv/",
        {
            "title": "Med bilaga",
            "summary": "Sammanfattning.",
            "body": "Text.",
            "image": upload("bild.png", SVG_WITH_SCRIPT),
            "image_alt": "En bild",
            "attachments": [upload("rapport.pdf", EXECUTABLE)],
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "rapport.pdf är inte en giltig PDF-fil." in errors["attachments"]
    assert "bild.png är ingen giltig bild." in errors["image"]
    assert not ArticlePage.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))
