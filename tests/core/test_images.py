"""Editors' image uploads in the Wagtail admin: too many pixels are refused before decoding."""

import ctypes
import json
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.images.models import Rendition
from wagtail.models import Collection

import pytest

from tests.factories import files
from tests.factories.members import sign_in_with_mfa

TOO_MANY_PIXELS = [
    ("karta.png", files.png(8000, 8000)),  # 64 million pixels: PIL decodes it unwarned
    ("karta.png", files.png(20000, 20000, complete=False)),  # beyond PIL's bomb limit
    ("animation.gif", files.animated_gif(1000, 1000, 100)),  # 100 frames of a million
]
IDS = ["8000x8000", "20000x20000", "100 frames"]


@pytest.fixture
def editor_client(client, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sign_in_with_mfa(client, admin_user)
    return client


def image_form_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), TOO_MANY_PIXELS, ids=IDS)
def test_admin_refuses_an_image_of_too_many_pixels(editor_client, tmp_path, name, content):
    response = editor_client.post(
        "/admin/images/add/",
        {
            "title": "Karta",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    [error] = image_form_errors(response)
    limit = "50\xa0000\xa0000"  # grouped the Swedish way
    assert error.startswith(f"{name} har för hög upplösning. En bild får ha högst {limit} ")
    assert not get_image_model().objects.exists()
    assert not Rendition.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), TOO_MANY_PIXELS, ids=IDS)
def test_admin_multiple_upload_refuses_an_image_of_too_many_pixels(editor_client, name, content):
    response = editor_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert answer["error_message"].startswith(f"{name} har för hög upplösning.")
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_admin_refuses_an_image_of_broken_data_with_a_form_error(editor_client):
    broken = files.png(100, 100, data=b"not deflate" * 10)
    response = editor_client.post(
        "/admin/images/add/",
        {
            "title": "Trasig",
            "file": SimpleUploadedFile("trasig.png", broken),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    [error] = image_form_errors(response)
    assert "trasig.png är ingen giltig bild" in error
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_admin_still_takes_an_ordinary_image(editor_client):
    response = editor_client.post(
        "/admin/images/add/",
        {
            "title": "Liten",
            "file": SimpleUploadedFile("liten.png", files.png(40, 30)),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (40, 30)


@pytest.mark.django_db
def test_admin_edits_an_image_and_replaces_its_file(editor_client):
    root = Collection.get_first_root_node().pk
    editor_client.post(
        "/admin/images/add/",
        {
            "title": "Liten",
            "file": SimpleUploadedFile("liten.png", files.png(40, 30)),
            "collection": root,
        },
    )
    image = get_image_model().objects.get()
    edit_url = f"/admin/images/{image.pk}/"
    form_page = editor_client.get(edit_url)
    assert 'data-w-sync-target-value="#id_title"' in form_page.content.decode()

    response = editor_client.post(edit_url, {"title": "Ny titel", "collection": root})
    assert response.status_code == 302
    response = editor_client.post(
        edit_url,
        {
            "title": "Stor",
            "file": SimpleUploadedFile("stor.png", files.png(8000, 8000)),
            "collection": root,
        },
    )
    assert response.status_code == 200
    assert image_form_errors(response)[0].startswith("stor.png har för hög upplösning.")
    image.refresh_from_db()
    assert (image.title, image.width) == ("Ny titel", 40)


def resident_kilobytes(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB$", status, re.MULTILINE).group(1))


def peak_resident_growth(function) -> int:
    """How far this process's resident memory rose above its start while ``function`` ran, in kB.

    Pillow allocates pixels outside Python's allocator, where tracemalloc cannot see
    them, so this asks Linux: writing 5 to clear_refs resets the peak (VmHWM).
    """
    ctypes.CDLL(None).malloc_trim(0)
    Path("/proc/self/clear_refs").write_text("5")
    start = resident_kilobytes("VmRSS")
    function()
    return resident_kilobytes("VmHWM") - start


@pytest.mark.django_db
def test_admin_refusal_decodes_no_pixels(editor_client, settings):
    """64 million greyscale pixels take 64 MB decoded; the refusal reads the header only."""
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000  # Wagtail alone decodes, then refuses
    root = Collection.get_first_root_node().pk

    def upload(name: str, content: bytes):
        data = {"title": name, "file": SimpleUploadedFile(name, content), "collection": root}
        return editor_client.post("/admin/images/add/", data)

    upload("liten.png", files.png(40, 30))  # imports and templates, outside the measurement
    huge = files.png(8000, 8000)
    responses = []
    grown = peak_resident_growth(lambda: responses.append(upload("karta.png", huge)))
    assert grown < 16 * 1024, f"resident memory rose by {grown} kB"
    assert "har för hög upplösning" in image_form_errors(responses[0])[0]
