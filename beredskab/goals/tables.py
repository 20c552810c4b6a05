"""The dashboard's tables and the rule for small counts.

A count below `SMALL` (5) could point to a person, so it is shown as "< 5" to everyone without
access to the cases behind it, and in every export, always. A share or a median resting on a
count below 5 is suppressed with it. Tables hold labels (the system's own words: months, units,
kinds, the plan's warning signs) and counts, never a name, a CPR number or free text.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

SMALL = 5
SUPPRESSED = "< 5"


def small(count: int | None) -> bool:
    return count is not None and count < SMALL


def show_count(count: int | None, *, suppress: bool) -> str:
    if count is None:
        return "–"
    return SUPPRESSED if suppress and small(count) else str(count)


def show_share(part: int | None, whole: int | None, *, suppress: bool) -> str:
    """ "87 %" or "–" (nothing owed) or "< 5" (resting on a small count)."""
    if part is None or not whole:
        return "–"
    if suppress and (small(part) or small(whole)):
        return SUPPRESSED
    return f"{round(100 * part / whole)} %"


@dataclass
class Table:
    """One table of the dashboard: `rows` are (label, count, ...) with counts as ints; `chart`
    says whether the page draws its bars."""

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    chart: bool = True

    def shown(self, *, suppress: bool) -> list[list[str]]:
        """The rows as text, counts below 5 suppressed when `suppress`. When a column has exactly
        one suppressed count, its next smallest is suppressed too, so the hidden one cannot be
        worked out from a total shown elsewhere (the totals, last year's figure)."""
        hidden = self._hidden() if suppress else set()
        return [
            [
                str(row[0]),
                *(
                    SUPPRESSED
                    if (r, c) in hidden
                    else show_count(cell, suppress=False)
                    if isinstance(cell, int)
                    else str(cell)
                    for c, cell in enumerate(row[1:], start=1)
                ),
            ]
            for r, row in enumerate(self.rows)
        ]

    def _hidden(self) -> set[tuple[int, int]]:
        hidden = set()
        width = max((len(row) for row in self.rows), default=0)
        for c in range(1, width):
            cells = [(row[c], r) for r, row in enumerate(self.rows) if c < len(row) and isinstance(row[c], int)]
            small_cells = {(r, c) for count, r in cells if small(count)}
            if len(small_cells) == 1 and len(cells) > 1:
                rest = sorted((count, r) for count, r in cells if (r, c) not in small_cells)
                small_cells.add((rest[0][1], c))
            hidden |= small_cells
        return hidden

    def bars(self, *, suppress: bool) -> list[dict]:
        """For the chart: each row's label, its text, and its bar's width in percent of the
        largest (no bar for a suppressed count: its length would tell it)."""
        shown = self.shown(suppress=suppress)
        visible = [
            row[1]
            for row, text in zip(self.rows, shown, strict=True)
            if isinstance(row[1], int) and text[1] != SUPPRESSED
        ]
        largest = max(visible, default=0) or 1
        out = []
        for row, text in zip(self.rows, shown, strict=True):
            hidden = not isinstance(row[1], int) or text[1] == SUPPRESSED
            out.append({"label": text[0], "text": text[1], "width": 0 if hidden else round(100 * row[1] / largest)})
        return out

    def summary(self, *, suppress: bool) -> str:
        """The chart's text alternative: its largest rows in words."""
        shown = self.shown(suppress=suppress)
        parts = [f"{row[0]}: {row[1]}" for row in shown[:6]]
        if not parts:
            return str(_("Ingen tal i perioden."))
        more = len(shown) - len(parts)
        text = "; ".join(parts)
        return f"{text}; " + str(_("og %(n)s rækker mere i tabellen.") % {"n": more}) if more > 0 else f"{text}."
