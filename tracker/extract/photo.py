"""A page photographed on a desk, taken out of its photo and flattened before OCR.

A phone photo of a printed page shows the desk around the paper, and the paper as a quadrilateral:
narrower at the top when the phone was held tilted, turned a little. Left as it is, the desk reads
as dark fills around the text, its edge as ink that tells the page's skew, and the keystone makes
the same heading style measure larger at the foot of the page than at its head, so one level of
headings splits into two. :func:`flattened` finds the paper's four corners and maps the paper onto
the whole image, as a scanner would have given it.

It acts only on a picture whose four sides are all desk (darker than the paper by half or more)
and in which the paper is one clean quadrilateral with nothing light outside it: a band or sidebar
printed to the paper's edge is as dark as a desk, and one with text on it is the page's; such a
photo is left as it is (a band without text, cut off with the desk, takes nothing with it).
"""

from __future__ import annotations

import numpy as np

STEP = 4
"""The paper is found on every fourth pixel each way (75 dpi at the OCR resolution)."""
FRAME = 0.01
"""The outermost share of the picture on each side, where a photo shows only desk."""
DESK_SHARE = 0.6
"""Each side's frame is desk when its median grey is at most this share of the paper's."""
MIN_AREA = 0.55
"""The paper fills at least this share of the picture."""
SHAPE_FIT = 0.93
"""The paper is one quadrilateral: this share of what its corners enclose is paper (on each row,
from the first light pixel to the last), and as large a share of the paper lies inside it."""
LIGHT_OUTSIDE = 0.002
"""Outside the paper, a desk shows no light pixels (at most this share): light ones there are text on
a dark band or panel printed to the paper's edge, which is the page's and not the desk's."""
CORNERS_AT_EDGE = 0.005
"""Corners within this share of the picture's own corners: the picture is the page already."""


def flattened(gray: np.ndarray) -> np.ndarray:
    """``gray`` with a photographed page mapped flat onto the whole image; unchanged when the
    picture is no photo of a page on a desk (module docstring)."""
    quad = paper_corners(gray)
    if quad is None:
        return gray
    from PIL import Image

    h, w = gray.shape
    target = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    coeffs = perspective_coefficients(target, quad)
    img = Image.fromarray(gray).transform((w, h), Image.Transform.PERSPECTIVE, coeffs,
                                          Image.Resampling.BICUBIC)
    return np.asarray(img)


def paper_corners(gray: np.ndarray) -> list[tuple[float, float]] | None:
    """The paper's corners in the picture (top left, top right, bottom right, bottom left, pixels),
    or None when the picture is no photo of a page on a desk."""
    small = gray[::STEP, ::STEP].astype(np.float64)
    h, w = small.shape
    fy, fx = max(2, round(FRAME * h)), max(2, round(FRAME * w))
    if h < 40 or w < 40:
        return None
    centre = small[h // 4: 3 * h // 4, w // 4: 3 * w // 4]
    paper = float(np.percentile(centre, 90))
    sides = [small[:fy], small[-fy:], small[:, :fx], small[:, -fx:]]
    desk = max(float(np.median(s)) for s in sides)
    if desk > DESK_SHARE * paper:
        return None
    light = small > (desk + paper) / 2
    # the paper, text and all: on each row, from its first light pixel to its last
    cols = np.arange(w)
    any_light = light.any(axis=1)
    first = np.where(any_light, np.argmax(light, axis=1), w)
    last = np.where(any_light, w - 1 - np.argmax(light[:, ::-1], axis=1), -1)
    filled = (cols >= first[:, None]) & (cols <= last[:, None])
    ys, xs = np.nonzero(filled)
    if len(ys) < MIN_AREA * h * w:
        return None
    s, d = xs + ys, xs - ys
    picks = [np.argmin(s), np.argmax(d), np.argmax(s), np.argmin(d)]  # TL, TR, BR, BL
    quad = [(float(xs[k]), float(ys[k])) for k in picks]
    inside = _inside(quad, h, w)
    area = int(inside.sum())
    if area < MIN_AREA * h * w:
        return None
    if (filled & inside).sum() < SHAPE_FIT * area or (filled & inside).sum() < SHAPE_FIT * len(ys):
        return None
    if all(abs(x - cx) <= CORNERS_AT_EDGE * w and abs(y - cy) <= CORNERS_AT_EDGE * h
           for (x, y), (cx, cy) in zip(quad, [(0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)], strict=True)):
        return None
    beyond = ~_inside(_grown(quad, 3.0), h, w)  # (past the paper's edge and its blurred fringe)
    if (light & beyond).sum() > LIGHT_OUTSIDE * beyond.sum():
        return None  # (light text on a dark band printed to the paper's edge: the band is the page's)
    return [((x + 0.5) * STEP, (y + 0.5) * STEP) for x, y in quad]


def _grown(quad: list[tuple[float, float]], by: float) -> list[tuple[float, float]]:
    """``quad`` with each corner moved ``by`` pixels further from its centre."""
    cx, cy = sum(x for x, _ in quad) / 4, sum(y for _, y in quad) / 4
    out = []
    for x, y in quad:
        d = max(float(np.hypot(x - cx, y - cy)), 1.0)
        out.append((x + (x - cx) * by / d, y + (y - cy) * by / d))
    return out


def _inside(quad: list[tuple[float, float]], h: int, w: int) -> np.ndarray:
    """The pixels inside a convex quadrilateral given clockwise (in image coordinates)."""
    yy, xx = np.mgrid[0:h, 0:w]
    mask = np.ones((h, w), dtype=bool)
    for (x0, y0), (x1, y1) in zip(quad, quad[1:] + quad[:1], strict=True):
        mask &= (x1 - x0) * (yy - y0) - (y1 - y0) * (xx - x0) >= 0
    return mask


def perspective_coefficients(target: list[tuple[float, float]], source: list[tuple[float, float]]) -> list[float]:
    """PIL's PERSPECTIVE coefficients: for each point of the output (``target``), where to read the
    input (``source``)."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return [float(c) for c in np.linalg.solve(np.array(rows), np.array(rhs))]
