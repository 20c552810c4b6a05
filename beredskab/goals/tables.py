"""The dashboard's tables and the rule for small counts.

A count below `SMALL` (5) could point to a person, so it is shown as "< 5" to everyone without
access to the cases behind it, and in every export, always. A share or a median resting on a
count below 5 is suppressed with it. Tables hold labels (the system's own words: months, units,
kinds, the plan's warning signs) and counts, never a name, a CPR number or free text.

Suppression cell by cell cannot stop differencing: two periods a day apart (7 and 6 reports,
both shown) or all units minus the others give a hidden count away. So wherever counts are
suppressed (`suppress`: a viewer without access to the cases behind them, and every export),
each count shown is also rounded to the nearest 5 (`rounded`: 1-4 are "< 5" first, 0 stays 0),
every total rounded by itself from the unrounded counts, and the period is whole calendar months
(`beredskab.goals.scope.whole_months`). A viewer with access to every case behind a figure sees
exact counts for the exact days asked. `protect` is this rule for a column of counts (the API's
statistics); `Table.shown` and `show_count` apply it to the dashboard and its files.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

SMALL = 5
SUPPRESSED = "< 5"
FEW_MISSED = _("< 5 ikke overholdt")
ROUND_TO = 5
ROUNDED_NOTE = _("afrundet til nærmeste 5")
ROUNDED_HELP = _(
    "Tallene er afrundet til nærmeste 5, og tal under 5 vises som “< 5”, fordi de kan pege på en person. "
    "Summer er afrundet for sig, så de kan afvige fra summen af de afrundede tal. Perioden er hele "
    "kalendermåneder."
)


def small(count: int | None) -> bool:
    return count is not None and count < SMALL


def hidden_cells(counts: list[int], *, zeros_shown: bool = False, hidden: set[int] | None = None) -> set[int]:
    """The positions of `counts` (counts of one column, whose total may be shown elsewhere) to
    suppress: every count below 5 (of 1-4 when `zeros_shown`), and, while those add up to less
    than 5, the next smallest too. Otherwise the total minus the counts shown gives the sum of
    the hidden ones away (one hidden 3, or two hidden 1s). The one rule for every path: the
    dashboard's tables and the API's statistics. `hidden`: positions already hidden (by a
    group's own subtotal, `Table.groups`)."""

    def is_small(count: int) -> bool:
        return 0 < count < SMALL if zeros_shown else small(count)

    hidden = set(hidden or ()) | {i for i, count in enumerate(counts) if is_small(count)}
    if not hidden:
        return hidden
    rest = sorted((count, i) for i, count in enumerate(counts) if i not in hidden and not (zeros_shown and not count))
    hidden_sum = sum(counts[i] for i in hidden)
    while small(hidden_sum) and rest:
        count, i = rest.pop(0)
        hidden.add(i)
        hidden_sum += count
    return hidden


def rounded(count: int) -> int:
    """`count` to the nearest multiple of 5 (no ties: 5 is odd): 7 -> 5, 8 -> 10, 0 -> 0."""
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


def protect(counts: list[int], *, zeros_shown: bool = False) -> list[int | None]:
    """A column of counts as someone without access to the cases behind them may see it: None
    for each count `hidden_cells` hides, every other count rounded to the nearest 5."""
    hidden = hidden_cells(counts, zeros_shown=zeros_shown)
    return [None if i in hidden else rounded(count) for i, count in enumerate(counts)]


def protect_total(count: int, *, zeros_shown: bool = True) -> int | None:
    """A total (or a lone count) by the same rule: None for 1-4 (for 0-4 unless `zeros_shown`),
    otherwise rounded by itself, from the unrounded data."""
    if small(count) and (count or not zeros_shown):
        return None
    return rounded(count)


def show_count(count: int | None, *, suppress: bool) -> str:
    """The count as text; when `suppress`: "< 5" for 0-4, otherwise rounded to the nearest 5."""
    if count is None:
        return "–"
    if not suppress:
        return str(count)
    return SUPPRESSED if small(count) else str(rounded(count))


def show_share(part: int | None, whole: int | None, *, suppress: bool) -> str:
    """ "87 %" or "–" (nothing owed) or "< 5" (resting on a small count). When `suppress`, the
    share of the rounded counts shown, never of the exact ones: 70 % beside "5 of 10" could only
    be 7 of 10, and the exact counts of two periods differenced give a small count away."""
    if part is None or not whole:
        return "–"
    if suppress and (small(part) or small(whole)):
        return SUPPRESSED
    if suppress:
        part, whole = rounded(part), rounded(whole)
    return f"{round(100 * part / whole)} %"


def few_missed(part: int | None, whole: int | None) -> bool:
    """A duty owed `whole` times and kept `part` times was missed a few (1-4) times: shown beside
    the whole, the count kept or its share would give that small count away ("8 of 10")."""
    return part is not None and bool(whole) and small(whole - part) and whole - part > 0


def show_kept(part: int | None, whole: int | None, *, suppress: bool) -> str:
    """The count of a duty kept: as `show_count`, but "< 5 ikke overholdt" when it was missed 1-4
    times and `suppress` (its complement is a small count)."""
    if suppress and few_missed(part, whole) and not small(part) and not small(whole):
        return str(FEW_MISSED)
    return show_count(part, suppress=suppress)


def show_kept_share(part: int | None, whole: int | None, *, suppress: bool) -> str:
    """The share of a duty kept: as `show_share`, with its complement guarded as `show_kept`."""
    if suppress and few_missed(part, whole) and not small(part) and not small(whole):
        return str(FEW_MISSED)
    return show_share(part, whole, suppress=suppress)


@dataclass(frozen=True)
class Share:
    """A cell of a table that is a share of two counts: shown by `show_share` with the table's
    own `suppress` (of the rounded counts where they are rounded, of the exact ones otherwise)."""

    part: int | None
    whole: int | None


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
    # One key per row, or empty: rows with the same key have a subtotal shown elsewhere (by
    # unit: the track, whose total is in the totals table), so each group is guarded by itself too.
    groups: list = field(default_factory=list)

    def shown(self, *, suppress: bool) -> list[list[str]]:
        """The rows as text; when `suppress`, counts below 5 suppressed, each column by
        `hidden_cells` (a total shown elsewhere, the totals or another table of the same reports,
        minus the rows shown must not give a hidden count away), and every other count rounded
        to the nearest 5."""
        hidden = self._hidden() if suppress else set()
        return [
            [
                str(row[0]),
                *(
                    SUPPRESSED
                    if (r, c) in hidden
                    else show_count(cell, suppress=suppress)
                    if isinstance(cell, int)
                    else show_share(cell.part, cell.whole, suppress=suppress)
                    if isinstance(cell, Share)
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
            counts = [count for count, _r in cells]
            within = set()
            for group in dict.fromkeys(self.groups[r] for _count, r in cells) if self.groups else ():
                members = [i for i, (_count, r) in enumerate(cells) if self.groups[r] == group]
                within |= {members[j] for j in hidden_cells([counts[i] for i in members])}
            hidden |= {(cells[i][1], c) for i in hidden_cells(counts, hidden=within)}
        return hidden

    def bars(self, *, suppress: bool) -> list[dict]:
        """For the chart: each row's label, its text, and its bar's width in percent of the
        largest (no bar for a suppressed count: its length would tell it; when `suppress`, the
        bars are drawn from the rounded counts, as the text says)."""
        shown = self.shown(suppress=suppress)
        lengths = [
            None if not isinstance(row[1], int) or text[1] == SUPPRESSED else rounded(row[1]) if suppress else row[1]
            for row, text in zip(self.rows, shown, strict=True)
        ]
        largest = max((n for n in lengths if n is not None), default=0) or 1
        return [
            {"label": text[0], "text": text[1], "width": 0 if n is None else round(100 * n / largest)}
            for n, text in zip(lengths, shown, strict=True)
        ]

    def summary(self, *, suppress: bool) -> str:
        """The chart's text alternative: its largest rows in words."""
        shown = self.shown(suppress=suppress)
        parts = [f"{row[0]}: {row[1]}" for row in shown[:6]]
        if not parts:
            return str(_("Ingen tal i perioden."))
        more = len(shown) - len(parts)
        text = "; ".join(parts)
        return f"{text}; " + str(_("og %(n)s rækker mere i tabellen.") % {"n": more}) if more > 0 else f"{text}."
