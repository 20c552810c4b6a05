class TaskforceError(Exception):
    """A roster or assignment rule refused the action; `reason` is Danish and may be shown."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = str(reason)
