"""Images from outside (security decision 19): the pixel cap, judged from the header before anything
is decoded, and the fresh copy that is stored instead of the bytes that were sent.

A file can be a valid JPEG or PNG and something else at once — HTML in a JPEG comment, a PNG text
chunk or bytes after the image's end — and a browser that sniffs it may run the other thing.
Decoding the pixels and saving them afresh (no comment, text, EXIF, XMP or ICC chunk, nothing
after the end) keeps the picture and drops whatever else rode along.
"""

import io
import warnings

from PIL import Image, JpegImagePlugin

MAX_PIXELS = 40_000_000  # security decision 19: at most 40 megapixels (an A4 page at 600 dpi is 35)
FORMATS = ("JPEG", "PNG")


class TooManyPixels(ValueError):
    """The header announces more than MAX_PIXELS; nothing was decoded. `size` is None when the
    header was beyond even Pillow's own bomb limit, which refuses to say."""

    def __init__(self, size: tuple[int, int] | None) -> None:
        super().__init__(f"more than {MAX_PIXELS} pixels: {size}")
        self.size = size


def _open(content: bytes) -> Image.Image:
    """Open the header only (Pillow decodes nothing yet) and refuse more than MAX_PIXELS."""
    try:
        with warnings.catch_warnings():  # Pillow's own bomb warning: MAX_PIXELS is stricter
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
    except Image.DecompressionBombError as exc:  # over twice Pillow's limit: it gives no size
        raise TooManyPixels(None) from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise TooManyPixels((width, height))
    return image


def check_pixels(content: bytes) -> None:
    """TooManyPixels when the header announces more than the cap; other errors when it is not an
    image Pillow can read. Decodes nothing."""
    _open(content).close()


def reencoded(content: bytes) -> tuple[bytes, str]:
    """A fresh JPEG or PNG of the same pixels, and its format. The header is checked against the cap
    first; the structure is verified and every pixel decoded (a truncated or corrupt file raises
    here). A JPEG is saved with its own quantisation tables and subsampling, so a scan loses no more
    than a rounding; a PNG is lossless and keeps its transparency, which is part of the picture."""
    with _open(content) as image:
        kind = image.format
        if kind not in FORMATS:
            raise ValueError(f"not a JPEG or PNG: {kind}")
        image.verify()
    with _open(content) as image:  # verify() leaves the image unusable
        image.load()
        fresh = image.copy()
        fresh.info = {}  # Pillow would carry a JPEG comment and a PNG's ICC chunk over otherwise
        options: dict[str, object] = {}
        if isinstance(image, JpegImagePlugin.JpegImageFile):
            options = {"qtables": image.quantization, "subsampling": JpegImagePlugin.get_sampling(image)}
            if options["subsampling"] == -1:  # not one Pillow can name (a CMYK or greyscale scan)
                del options["subsampling"]
        elif "transparency" in image.info:
            options = {"transparency": image.info["transparency"]}
    out = io.BytesIO()
    fresh.save(out, kind, **options)
    return out.getvalue(), kind
