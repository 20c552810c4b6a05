"""Children's case handling (barnets lov): queue, statutory clocks, screening, the risk gate,
journal, tasks, decisions, interventions, family and network, disclosure restrictions, sharing
and closing. Risk instruments, assessments, the gate rule and consultations are in
`beredskab.cases.risk`.

Operations:
- `manage.py send_deadline_reminders` every 15 minutes (cron or a timer): content-free e-mails
  about deadlines that are near (or `--enqueue` to run it on the task worker).
- `manage.py load_risk_instrument [file.yaml]`: load a risk instrument (the shipped neutral one,
  instruments/neutral-spj.yaml, is loaded on first use).
- `manage.py load_demo_cases`: synthetic demo cases for a demo installation.

Settings (optional): CASES_FEEDBACK_DUE_MONTHS (default 3; the time limit for feedback to a
professional reporter is not confirmed in law), RISK_DEFAULT_INSTRUMENT (path of the instrument
loaded on first use).
"""
