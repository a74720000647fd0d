"""The applicant's photo, R-W09 (rules.md "Process"): a recent 1-inch colour photo, JPEG or PNG,
width:height 5:7 within 5%, at least 295×413 pixels, at most 2 MB.

`check_photo` judges the uploaded bytes (the type is read from the content, never from the file
name); the registered R-W09 check refuses to submit a `new` case that has no photo.
"""

import datetime as dt
import io
import warnings

from PIL import Image, UnidentifiedImageError

from core.images import MAX_PIXELS  # security decision 19: refuse to decode anything larger
from rules.engine import Failure, fail, rule
from rules.facts import NewCaseFacts

MAX_BYTES = 2 * 1024 * 1024
MIN_WIDTH, MIN_HEIGHT = 295, 413
FORMATS = ("JPEG", "PNG")


def _photo_fail(zh: str, en: str) -> Failure:
    return fail("R-W09", zh, en, "file")


def check_photo(content: bytes) -> list[Failure]:
    """Every R-W09 failure of an uploaded photo; empty when it is acceptable."""
    if len(content) > MAX_BYTES:
        return [_photo_fail(f"照片文件为{len(content):,}字节，超过2 MB（{MAX_BYTES:,}字节）的上限",
                            f"The photo has {len(content):,} bytes, more than 2 MB ({MAX_BYTES:,} bytes)")]
    try:
        with warnings.catch_warnings():  # Pillow's bomb warning: MAX_PIXELS below is stricter
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
        with image:
            kind, (width, height) = image.format, image.size
            if kind in FORMATS and width * height <= MAX_PIXELS:
                image.load()  # a truncated or corrupt file fails here
    except UnidentifiedImageError:
        return [_photo_fail("上传的文件不是图片，照片须为JPEG或PNG格式",
                            "The file is not an image; the photo must be a JPEG or PNG")]
    except Image.DecompressionBombError:
        return [_photo_fail("图片像素尺寸过大，无法处理",
                            "The image has far too many pixels to be processed")]
    except (OSError, SyntaxError, ValueError):
        return [_photo_fail("图片文件已损坏或不完整，请重新上传",
                            "The image file is damaged or incomplete; upload it again")]
    if kind not in FORMATS:
        return [_photo_fail(f"照片格式为{kind}，只接受JPEG或PNG格式",
                            f"The photo is a {kind}; only JPEG or PNG is accepted")]
    if width * height > MAX_PIXELS:
        return [_photo_fail(f"图片像素尺寸过大（{width}×{height}像素）",
                            f"The image is far too large ({width}×{height} pixels)")]
    out: list[Failure] = []
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        out.append(_photo_fail(f"照片为{width}×{height}像素，至少需要{MIN_WIDTH}×{MIN_HEIGHT}像素",
                               f"The photo is {width}×{height} pixels; "
                               f"at least {MIN_WIDTH}×{MIN_HEIGHT} is needed"))
    ratio = width / height
    if 4 * abs(7 * width - 5 * height) > height:  # |w/h − 5/7| > 5% of 5/7, in exact integers
        out.append(_photo_fail(f"照片宽高比为{width}:{height}（{ratio:.3f}），须为5:7（0.714，允许误差5%）",
                               f"The photo's width:height is {width}:{height} ({ratio:.3f}); "
                               "it must be 5:7 (0.714) within 5%"))
    return out


@rule("R-W09", seed="篇2 新办 二.3", zh="新办须上传符合要求的一寸彩色照片",
      en="A new application needs an acceptable 1-inch colour photo")
def r_w09_has_photo(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    if facts.has_photo:
        return []
    return [fail("R-W09", "尚未上传申请人照片（一寸近期免冠彩色照片，JPEG或PNG，宽高比5:7，"
                          "至少295×413像素，不超过2 MB）",
                 "No applicant photo has been uploaded (a recent 1-inch colour photo: JPEG or PNG, 5:7, at "
                 "least 295×413 pixels, at most 2 MB)", "photo")]
