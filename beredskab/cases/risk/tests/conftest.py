# The case fixtures (worker, leader, flagged case ...) are shared with the cases app.
from beredskab.cases.tests.conftest import (  # noqa: F401
    case,
    flagged,
    leader,
    other_leader,
    other_worker,
    plan,
    worker,
    worker2,
)
