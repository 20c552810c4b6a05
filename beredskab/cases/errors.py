class CaseError(Exception):
    """A case rule refused the action; `reason` is Danish and may be shown to the user."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = str(reason)
