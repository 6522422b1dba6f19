"""A page photographed on a desk: found in the photo and flattened before OCR (tracker.extract.photo)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from tracker.extract import photo

W, H = 1240, 1754  # A4 at 150 dpi
QUAD = [(150, 110), (1090, 125), (1180, 1690), (60, 1670)]  # the paper: narrower at the top, turned a little


def _page(text_rows: int = 30) -> Image.Image:
    """A page as printed: paper, lines of "text" (dark bars broken into words), a dark mark at its
    top left corner's inside."""
    img = Image.new("L", (W, H), 240)
    d = ImageDraw.Draw(img)
    for k in range(text_rows):
        y = 200 + 45 * k
        x = 130
        while x < W - 160:
            d.rectangle([x, y, x + 70, y + 14], fill=30)
            x += 95
    d.rectangle([40, 40, 90, 90], fill=0)  # the mark
    return img


def _photo(page: Image.Image, desk: int = 70) -> np.ndarray:
    """``page`` photographed: mapped onto QUAD of a picture of the desk."""
    coeffs = photo.perspective_coefficients(QUAD, [(0, 0), (W, 0), (W, H), (0, H)])
    warped = page.transform((W, H), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    mask = Image.new("L", (W, H), 255).transform((W, H), Image.Transform.PERSPECTIVE, coeffs)
    return np.asarray(Image.composite(warped, Image.new("L", (W, H), desk), mask))


def test_a_page_photographed_on_a_desk_is_found_and_flattened() -> None:
    picture = _photo(_page())
    corners = photo.paper_corners(picture)
    assert corners is not None
    assert all(abs(x - qx) <= 12 and abs(y - qy) <= 12 for (x, y), (qx, qy) in zip(corners, QUAD, strict=True))
    flat = photo.flattened(picture)
    assert flat.shape == picture.shape
    # no desk left along the sides, and the mark is back at the page's top left corner
    assert min(flat[5, W // 2], flat[H - 6, W // 2], flat[H // 2, 5], flat[H // 2, W - 6]) > 200
    ys, xs = np.nonzero(flat[:150, :150] < 60)
    assert abs(xs.mean() - 65) <= 8 and abs(ys.mean() - 65) <= 8


def test_a_scan_to_the_paper_edge_is_left_as_it_is() -> None:
    scan = np.asarray(_page())
    assert photo.paper_corners(scan) is None
    assert photo.flattened(scan) is scan


def test_a_photo_whose_paper_has_a_titled_dark_band_at_its_edge_is_left_as_it_is() -> None:
    """A band printed to the paper's top edge is as dark as the desk: the paper found would end
    under it, and the band, with the title on it, would be cut off with the desk."""
    page = _page()
    d = ImageDraw.Draw(page)
    d.rectangle([0, 0, W, 150], fill=60)
    d.rectangle([200, 60, 700, 95], fill=250)  # the title, white on the band
    assert photo.paper_corners(_photo(page)) is None
