"""Checks of uploaded images: pixels counted from the header before anything decodes them.

Decoding costs memory in proportion to the pixels (up to four bytes each), so a file
of a few kilobytes whose header declares 20,000 × 20,000 pixels must be refused from
the header alone. Editors' uploads in the admin go through ``ImageForm`` (the
``WAGTAILIMAGES_IMAGE_FORM_BASE``), members' through ``knowledge.uploads``.
"""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image

# The raster formats the site takes (WAGTAILIMAGES_EXTENSIONS), as Pillow names them.
# Pillow opens only these: its other decoders (EPS through Ghostscript, among them)
# never see an upload.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
PILLOW_FORMATS = tuple(sorted(set(IMAGE_FORMATS.values())))
# Errors Pillow raises for data it cannot read.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError)


def _too_many_pixels(name: str, limit: int) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s har för hög upplösning. En bild får ha högst %(limit)s pixlar; "
            "i en animerad bild räknas alla bildrutor."
        )
        % {"name": name, "limit": number_format(limit, force_grouping=True)},
        code="file_too_many_pixels",
    )


def _unreadable(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s är ingen giltig bild.") % {"name": name}, code="invalid_image"
    )


def check_image(file: File, name: str, max_pixels: int | None) -> str:
    """Refuse an image of too many pixels or of broken data; return its Pillow format.

    The pixels (width × height × frames) come from the header. Only an image within
    ``max_pixels`` is then decoded, its first frame as a rendition would, so broken
    data is refused here instead of failing on every page that shows the image.
    """
    file.seek(0)
    try:
        with Image.open(file, formats=PILLOW_FORMATS) as image:
            width, height = image.size
            frames = getattr(image, "n_frames", 1)  # GIF, PNG and WebP animations
            if max_pixels is not None and width * height * frames > max_pixels:
                raise _too_many_pixels(name, max_pixels)
            image.load()
            return image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow refuses by itself beyond twice its MAX_IMAGE_PIXELS (179 million).
        raise _too_many_pixels(name, max_pixels or 2 * Image.MAX_IMAGE_PIXELS) from exc
    except UNREADABLE as exc:
        raise _unreadable(name) from exc
    finally:
        file.seek(0)


class PixelLimitedImageField(WagtailImageField):
    """Wagtail's image field, with the pixels counted before any decoding.

    Wagtail 8 asks Willow for the size, which decodes the whole image first, counts
    one frame for any animation, and lets a decoding error through as a server error.
    """

    def check_image_pixel_size(self, f):
        check_image(f, f.name, self.max_image_pixels)


class ImageForm(BaseImageForm):
    """The admin's image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``), file checked as above.

    Wagtail builds the file field itself, so it is replaced here; a declared field
    would also appear in the forms that leave the file out (the multiple uploader's).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if wagtail_field := self.fields.get("file"):
            self.fields["file"] = PixelLimitedImageField(
                label=wagtail_field.label,
                required=wagtail_field.required,
                widget=wagtail_field.widget,
                max_length=wagtail_field.max_length,
            )
