"""Case pages, by topic (`beredskab.cases.urls` names each view by its module). Thin: selectors
read (through CasePolicy) and audit what they read, services write, the risk gate and the other
case rules answer in the services and the pages show their Danish reasons.

A case the user may not see is "not found" (404); an action the user may not take on a case
they can see is refused (403) with the reason.

- `lists`: the queue, my cases, the unit's cases, deadlines
- `queue`: a report in the queue, taken into a new case or added to one
- `case_page`: the case page
- `status`: owner, status, closing and reopening
- `reports`: the 24-hour assessment, receipts (and the letter) and feedback to reporters
- `gate`: screening, the NSK/ÆRK flag, the leaders' oversight of the gate
- `network`: the child, family and network, the steps that involve them, file access
- `journal`: journal entries and tasks
- `decisions`: decisions and interventions
- `sharing`: sharing with another unit, disclosure restrictions
- `access`: protected cases and break-glass

Shared helpers (loading the case, form pages, the outbound check) are in
`beredskab.cases.view_helpers`; the risk pages are in `beredskab.cases.risk.views`.
"""
