"""Line charts drawn on the server as SVG: readable without JavaScript, and beside a table
with the same numbers (templates/desk/_chart.html draws them; screen readers get the
chart's title and description, and the table).

Only geometry is computed here; colours come from CSS classes (no inline styles: CSP).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 32


@dataclass(frozen=True)
class Series:
    name: str  # its legend label
    css: str  # a class: chart__line--<css>
    points: str  # the polyline's "x,y x,y …"


@dataclass(frozen=True)
class Tick:
    value: str
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def _nice_top(value: float) -> float:
    """A round upper bound at or above `value` (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    step = 1.0
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def line_chart(
    labels: Sequence[str],
    lines: Sequence[tuple[str, str, Sequence[float]]],
    top: float | None = None,
) -> Chart | None:
    """A chart of `lines` (name, css class, one value per label); None without labels."""
    if not labels:
        return None
    highest = top if top is not None else _nice_top(max((max(v, default=0) for *_, v in lines),
                                                        default=0))  # fmt: skip
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    count = len(labels)

    def x(i: int) -> float:
        return LEFT + (span_x * i / (count - 1) if count > 1 else span_x / 2)

    def y(value: float) -> float:
        return TOP + span_y * (1 - value / highest)

    series = [
        Series(name, css, " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values)))
        for name, css, values in lines
    ]
    y_ticks = [Tick(_number(highest * k / 4), LEFT - 6, y(highest * k / 4)) for k in range(5)]
    every = max(1, (count + 5) // 6)
    x_ticks = [Tick(labels[i], x(i), HEIGHT - BOTTOM + 18) for i in range(0, count, every)]
    return Chart(WIDTH, HEIGHT, series, y_ticks, x_ticks)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
