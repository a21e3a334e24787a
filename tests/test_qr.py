"""The join link as a QR code: drawn in text, it must scan back to the same link."""

from __future__ import annotations

import pytest
from qr_camera import decoded, read_back

from sessie_tui.room.qr import QUIET_ZONE, Drawing, best_drawing, draw, qr_matrix
from sessie_tui.room.state import Share

SHARE = Share(secret="ABCDEFGHIJKLMNOPQRSTUVWXYZ", code="ABC234", code_expires=0, started_at="")
LINKS = (
    SHARE.join_url("http://192.168.100.123:54321"),
    SHARE.join_url("http://[fe80::1234:5678:9abc:def0]:54321"),
)


@pytest.mark.parametrize("link", LINKS)
@pytest.mark.parametrize("drawing", [Drawing(1), Drawing(2), Drawing(0)])
def test_a_drawn_code_scans_back_to_its_link(link: str, drawing: Drawing) -> None:
    matrix = qr_matrix(link)
    lines = draw(matrix, drawing)
    columns, rows = drawing.size(len(matrix))
    assert len(lines) == rows and {len(line) for line in lines} == {columns}
    assert decoded(lines) == [link]
    assert read_back(lines, drawing)[: len(matrix)] == matrix


def test_the_code_has_its_quiet_zone() -> None:
    matrix = qr_matrix(LINKS[0])
    assert not any(matrix[0]) and not any(matrix[QUIET_ZONE - 1])
    assert not any(row[QUIET_ZONE - 1] for row in matrix)
    assert any(matrix[QUIET_ZONE])  # the finder pattern begins right after it


def test_an_upper_case_link_stays_small() -> None:
    # Alphanumeric mode: a LAN link with its secret fits version 3 (29 modules).
    assert len(qr_matrix(LINKS[0])) == 29 + 2 * QUIET_ZONE


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (96, 43, Drawing(1)),  # a 160x45 projector: two columns and one row per module
        (160, 80, Drawing(2)),
        (44, 22, Drawing(0)),  # 80x24: half blocks
        (30, 22, None),
    ],
)
def test_the_largest_drawing_that_fits(width: int, height: int, expected: Drawing | None) -> None:
    assert best_drawing(37, width, height) == expected
