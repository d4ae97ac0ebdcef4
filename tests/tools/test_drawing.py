"""The drawing primitives of the sample illustrations: colours blend linearly, edges are anti-aliased."""

from __future__ import annotations

from tools.drawing import coverage, mix, row_image, to_mask


def test_mix_blends_two_colours_half_way():
    assert mix((0, 100, 200), (100, 200, 0), 0.5) == (50, 150, 100)
    assert mix("#000000", "#204060", 0.5) == (16, 32, 48)


def test_an_edge_between_pixel_centres_gets_one_soft_pixel_in_proportion_to_its_coverage():
    # A vertical edge at x = 20.3 (positive distances inside, to its left): pixel 20 is 30 % covered.
    distance = row_image([20.3 - (x + 0.5) for x in range(40)], (40, 3))
    row = list(to_mask(coverage(distance)).tobytes())[:40]
    assert row[:20] == [255] * 20
    assert row[21:] == [0] * 19
    assert abs(row[20] - 0.3 * 255) <= 1
