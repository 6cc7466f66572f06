"""Crafted uploads of a few kilobytes that promise far more than they hold.

Images whose headers declare tens of millions of pixels, animations of many frames,
and zip archives whose entries inflate to gigabytes: what an upload check must
refuse without decoding or inflating them.
"""

import io
import struct
import zipfile
import zlib

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, *, complete: bool = True, data: bytes | None = None) -> bytes:
    """A black greyscale PNG of ``width`` × ``height`` pixels.

    ``complete=False`` stores only the first row, so the file stays a few hundred
    bytes whatever its size; ``data`` replaces the image data altogether (broken data).
    """
    if data is None:
        row = b"\x00" * (width + 1)  # filter byte, then one byte a pixel
        compressor = zlib.compressobj(9)
        rows = height if complete else 1
        data = b"".join(compressor.compress(row) for _ in range(rows)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def animated_gif(width: int, height: int, frames: int) -> bytes:
    """A GIF of ``frames`` black frames of ``width`` × ``height``, each a pixel apart.

    Pillow stores each frame after the first as the one pixel that changed, so a
    hundred frames of a million pixels take about 4 kB.
    """
    images = []
    for number in range(frames):
        image = Image.new("P", (width, height), 0)
        image.putpixel((number % width, 0), 1)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100)
    return buffer.getvalue()


def deflated_zeros(size: int) -> bytes:
    """A raw deflate stream that inflates to ``size`` zero bytes (about size / 1000 bytes)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\x00" * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(compressor.compress(b"\x00" * (size % len(chunk))))
    return b"".join(parts) + compressor.flush()


def zip_with_deflated_entry(name: str, stream: bytes, *, declared_size: int) -> bytes:
    """A zip of one deflated entry whose headers declare ``declared_size`` bytes inflated.

    The sizes go into ZIP64 extra fields, so the declaration may exceed 4 GB.
    """
    encoded = name.encode()
    zip64 = struct.pack("<HHQQ", 1, 16, declared_size, len(stream))
    common = struct.pack(
        "<HHHHHLLLHH",
        45,  # version needed: ZIP64
        0,
        zipfile.ZIP_DEFLATED,
        0,
        0x21,  # 1980-01-01
        0,  # CRC: never reached, the entry is not read to its end
        0xFFFFFFFF,
        0xFFFFFFFF,
        len(encoded),
        len(zip64),
    )
    local = b"PK\x03\x04" + common + encoded + zip64
    central = (
        b"PK\x01\x02"
        + struct.pack("<H", 45)
        + common
        + struct.pack("<HHHLL", 0, 0, 0, 0, 0)
        + encoded
        + zip64
    )
    offset = len(local) + len(stream)
    end = b"PK\x05\x06" + struct.pack("<HHHHLLH", 0, 0, 1, 1, len(central), offset, 0)
    return local + stream + central + end


def zip_of_entries(entries: dict[str, bytes], *, empty_entries: int = 0) -> bytes:
    """A plain zip of ``entries``, followed by ``empty_entries`` empty files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for number in range(empty_entries):
            archive.writestr(f"x/{number}", b"")
    return buffer.getvalue()
