"""A progress bar for long management commands, written to a stream (stderr: the command's
output on stdout stays clean for scripts). Counts only, never a value of the rows."""

import time


def progress_bar(stream, what: str = "rows"):
    """A callback `show(done, total)` that redraws `[####....] done/total what, rate/s` on one
    line, and ends the line when done reaches total."""
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        width = 40
        filled = width * done // max(total, 1)
        rate = done / max(time.monotonic() - started, 1e-6)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what}, {rate:.0f}/s")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
