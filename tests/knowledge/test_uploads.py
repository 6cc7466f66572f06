"""Members' uploads: allowed types only, content must match the extension, size limited."""

import io
import tracemalloc
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.images.models import Rendition

import pytest
from PIL import Image

from knowledge.models import ArticlePage
from knowledge.uploads import validate_attachment, validate_image
from tests.factories import files
from tests.factories.members import MembershipFactory

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def zipped(entries: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
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
        (
            "plan.odt",
            zipped({"mimetype": b"application/vnd.oasis.opendocument.text"}, zipfile.ZIP_DEFLATED),
        ),
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


def traced_peak(function, *args) -> int:
    """The most memory Python held while ``function(*args)`` ran, in bytes."""
    tracemalloc.start()
    try:
        function(*args)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


ODT = b"application/vnd.oasis.opendocument.text"
MEGABYTE = 1 << 20


@pytest.mark.parametrize(
    "declared_size",
    [10 << 30, len(ODT)],
    ids=["declares 10 GB", "declares the right size"],
)
def test_odf_whose_mimetype_entry_inflates_far_is_refused_without_inflating(declared_size):
    # 20 kB of deflate that inflates to 20 MB of zeros.
    bomb = files.zip_with_deflated_entry(
        "mimetype", files.deflated_zeros(20 * MEGABYTE), declared_size=declared_size
    )
    assert len(bomb) < 25_000

    def check():
        with pytest.raises(ValidationError, match="plan.odt är inte en giltig ODT-fil"):
            validate_attachment(upload("plan.odt", bomb))

    assert traced_peak(check) < MEGABYTE


def test_office_file_of_too_many_parts_is_refused_without_reading_them():
    parts = {"[Content_Types].xml": b"x", "word/document.xml": b"x"}
    crowded = upload("plan.docx", files.zip_of_entries(parts, empty_entries=6000))

    def check():
        with pytest.raises(ValidationError) as refusal:
            validate_attachment(crowded)
        assert refusal.value.messages == [
            "plan.docx består av fler än 5\xa0000 delar och kan inte tas emot. "
            "Spara den som PDF eller dela upp den."
        ]

    assert traced_peak(check) < MEGABYTE


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("karta.png", files.png(8000, 8000)),  # 64 million pixels: PIL decodes it unwarned
        ("karta.png", files.png(20000, 20000, complete=False)),  # PIL's bomb error
        ("animation.gif", files.animated_gif(1000, 1000, 100)),  # 100 frames of a million
    ],
    ids=["8000x8000", "20000x20000", "100 frames"],
)
def test_image_of_too_many_pixels_is_refused(settings, name, content):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
    assert len(content) < 70_000
    with pytest.raises(ValidationError, match=rf"{name} har för hög upplösning\. En bild får ha"):
        validate_image(upload(name, content))


def test_image_of_broken_data_is_refused():
    with pytest.raises(ValidationError, match="bild.png är ingen giltig bild"):
        validate_image(upload("bild.png", files.png(100, 100, data=b"not deflate" * 10)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [files.png(8000, 8000), files.png(20000, 20000, complete=False)],
    ids=["8000x8000", "20000x20000"],
)
def test_form_refuses_huge_image_before_any_rendition(
    client, library, settings, tmp_path, content
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(MembershipFactory().user)
    response = client.post(
        "/kunskapsbank/skriv/",
        {
            "title": "Med stor bild",
            "summary": "Sammanfattning.",
            "body": "Text.",
            "image": upload("karta.png", content),
            "image_alt": "En karta",
        },
    )
    assert response.status_code == 400
    [error] = response.context["form"].errors["image"]
    assert error.startswith("karta.png har för hög upplösning. En bild får ha högst 50")
    assert not ArticlePage.objects.exists()
    assert not get_image_model().objects.exists()
    assert not Rendition.objects.exists()
    assert not list(tmp_path.rglob("*.png"))


@pytest.mark.django_db
def test_form_refuses_image_of_broken_data(client, library, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(MembershipFactory().user)
    broken = files.png(100, 100, data=b"not deflate" * 10)
    response = client.post(
        "/kunskapsbank/skriv/",
        {
            "title": "Med trasig bild",
            "summary": "Sammanfattning.",
            "body": "Text.",
            "image": upload("trasig.png", broken),
            "image_alt": "En bild",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["image"] == ["trasig.png är ingen giltig bild."]
    assert not ArticlePage.objects.exists()
