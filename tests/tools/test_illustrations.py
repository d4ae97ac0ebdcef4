"""The sample illustrations: drawn the same way every time, and credited as illustrations."""

from __future__ import annotations

import yaml

from pipeline.config import REPOSITORY
from tools.illustrations import ILLUSTRATIONS, draw_illustration


def test_the_same_illustration_is_drawn_pixel_for_pixel_again():
    image_id, style, palette = ILLUSTRATIONS[-1]
    assert draw_illustration(image_id, style, palette).tobytes() == \
        draw_illustration(image_id, style, palette).tobytes()


def test_every_drawn_image_is_credited_as_an_illustration():
    for image_id, _, _ in ILLUSTRATIONS:
        record = yaml.safe_load((REPOSITORY / f"sources/editions/2017/images/{image_id}.yaml").read_text())
        assert "llustration" in record["credit"]["en"], image_id
