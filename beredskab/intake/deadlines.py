"""The statutory deadline a report starts for its reporter, as the receipt promises it.

`beredskab.cases.clocks` computes the receipt clock from this number, and every text that
states the deadline (the reporter's receipt, the case page, the receipt form) takes it from
here, so the law's number is written once.
"""

RECEIPT_WORKING_DAYS = 6  # barnets lov § 137: a receipt to a named reporter within 6 working days
