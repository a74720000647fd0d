"""R-W09: the applicant's photo, judged from its bytes."""

import datetime as dt
import io

import pytest
from PIL import Image

from rules.photo import MAX_BYTES, check_photo
from rules.tests.builders import failures_of, new_facts

TODAY = dt.date(2026, 6, 15)


def image_bytes(size: tuple[int, int], kind: str = "JPEG", mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white" if mode == "RGB" else 0).save(out, kind)
    return out.getvalue()


def only_rule(failures: list) -> set[str]:
    return {f.rule for f in failures}


def test_r_w09_good_jpeg_295x413_passes() -> None:
    assert check_photo(image_bytes((295, 413))) == []


def test_r_w09_good_png_passes() -> None:
    assert check_photo(image_bytes((500, 700), "PNG")) == []


@pytest.mark.parametrize("size", [(330, 440), (304, 448)])  # w:h 0.75 and 0.6786: exactly 5% off 5:7
def test_r_w09_ratio_at_the_5_percent_boundary_passes(size: tuple[int, int]) -> None:
    assert check_photo(image_bytes(size)) == []


@pytest.mark.parametrize("size", [(331, 440), (303, 448)])
def test_r_w09_ratio_just_past_5_percent_fails(size: tuple[int, int]) -> None:
    [failure] = check_photo(image_bytes(size))
    assert "5:7" in failure.message_zh and f"{size[0]}:{size[1]}" in failure.message_en


def test_r_w09_gif_fails_and_says_so() -> None:
    [failure] = check_photo(image_bytes((295, 413), "GIF", mode="P"))
    assert (failure.rule, failure.field) == ("R-W09", "file")
    assert "GIF" in failure.message_zh and "JPEG or PNG" in failure.message_en


def test_r_w09_text_file_renamed_jpg_fails() -> None:
    [failure] = check_photo("这不是照片 / not a photo".encode())
    assert failure.rule == "R-W09" and "not an image" in failure.message_en


def test_r_w09_square_photo_fails() -> None:
    [failure] = check_photo(image_bytes((413, 413)))
    assert "413:413" in failure.message_zh and "1.000" in failure.message_en


def test_r_w09_too_small_fails_with_measured_size() -> None:
    [failure] = check_photo(image_bytes((200, 280)))
    assert "200×280" in failure.message_zh and "295×413" in failure.message_en


def test_r_w09_over_2_mb_fails() -> None:
    content = image_bytes((295, 413))
    content += b"\0" * (MAX_BYTES + 1 - len(content))
    [failure] = check_photo(content)
    assert failure.rule == "R-W09" and "2 MB" in failure.message_zh
    assert check_photo(content[:-1]) == []  # exactly 2 MB is still allowed


def test_r_w09_truncated_jpeg_fails() -> None:
    content = io.BytesIO()
    Image.effect_noise((295, 413), 50).convert("RGB").save(content, "JPEG")
    [failure] = check_photo(content.getvalue()[:2000])
    assert failure.rule == "R-W09" and "damaged" in failure.message_en


# 5:7 just over decision 19's 40 megapixels; far over it; over Pillow's own limit too
@pytest.mark.parametrize("size", [(5400, 7560), (7000, 9800), (12000, 16800)])
def test_r_w09_decompression_bomb_is_refused_without_decoding(size: tuple[int, int]) -> None:
    [failure] = check_photo(image_bytes(size, "PNG", mode="1"))
    assert failure.rule == "R-W09" and "far too" in failure.message_en


def test_r_w09_new_case_without_photo_fails() -> None:
    [failure] = failures_of("R-W09", new_facts(TODAY, has_photo=False), TODAY)
    assert (failure.rule, failure.field) == ("R-W09", "photo")
    assert failures_of("R-W09", new_facts(TODAY), TODAY) == []
