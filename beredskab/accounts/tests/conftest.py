# The case fixtures (a case worker, a colleague, an open case) are shared with the cases app:
# the idle-timeout tests post a journal note and a risk assessment after the login has ended.
from beredskab.cases.tests.conftest import case, plan, worker, worker2  # noqa: F401
