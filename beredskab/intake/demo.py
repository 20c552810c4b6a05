"""Synthetic demo reports, so the unit lists are not empty in a demo. No real persons: names
say "(demo)", and no CPR numbers are used (a made-up number could belong to someone)."""

import datetime
import uuid

from .models import Report
from .services import ReportInput, report_submit

# A fixed namespace keeps the tokens stable, so loading twice creates nothing new.
_NAMESPACE = uuid.UUID("6f1c2a34-7c55-4b4e-9a55-2d1f0e5a9b01")

DEMO_REPORTS = [
    ReportInput(
        reporter_kind="professional",
        reporter_name="Lærer Lis (demo)",
        reporter_organisation="Demoskolen",
        reporter_role="Lærer",
        reporter_email="lis@demo.example",
        subject_name="Amira Demo (syntetisk)",
        subject_birth_date=datetime.date(2011, 6, 15),
        subject_institution="Demoskolen, 8.b",
        narrative="Eleven har meget fravær og fortæller, at hun ikke må deltage i lejrskolen. Hun bliver hentet "
        "af sin bror hver dag. (Syntetisk demotekst.)",
        family_knows="no",
    ),
    ReportInput(
        reporter_kind="private",
        reporter_anonymous=True,
        subject_name="Sara Demo (syntetisk)",
        subject_approximate_age=24,
        narrative="Min nabo bliver fulgt til og fra arbejde af sin svigerfamilie og må ikke have sin egen "
        "telefon. (Syntetisk demotekst.)",
    ),
    ReportInput(
        reporter_kind="authority",
        reporter_name="Sundhedsplejerske (demo)",
        reporter_organisation="Demokommunens sundhedspleje",
        reporter_phone="00000000",
        subject_name="Yusuf Demo (syntetisk)",
        subject_approximate_age=16,
        narrative="Den unge fortæller om trusler fra familien efter et forhold til en klassekammerat. "
        "(Syntetisk demotekst.)",
        is_acute=True,
    ),
]


def load() -> int:
    """Create the demo reports that are missing; returns how many were created."""
    created = 0
    for index, data in enumerate(DEMO_REPORTS):
        token = uuid.uuid5(_NAMESPACE, str(index))
        if not Report.objects.filter(submission_token=token).exists():
            report_submit(actor=None, token=token, data=data)
            created += 1
    return created
