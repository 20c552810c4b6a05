class ImplementationError(Exception):
    """A refusal of an implementation service, with a reason the user may be shown (Danish)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
