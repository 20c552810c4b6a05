"""The duty to report: what each audience (professionals, citizens, the person concerned)
must or may do about a target group, and where it gets sparring."""

from ..models import Audience, Duty
from .reader import Reader, join, show


def duty_to_report(r: Reader, place: str, m: dict) -> list[dict]:
    """One entry per audience (an audience listed twice is an error); professionals can never
    report anonymously (barnets lov § 133)."""
    duties, audiences = [], set()
    for d_place, item in r.items(m, "duty_to_report", place):
        keys = ("audience", "duty", "text", "legal_reference", "anonymous_allowed", "sparring")
        d = r.mapping(item, d_place, keys, ("audience", "duty", "text"))
        if d is None:
            continue
        duty = {
            "audience": r.choice(d, "audience", d_place, Audience.values),
            "duty": r.choice(d, "duty", d_place, Duty.values),
            "text": r.text(d, "text", d_place),
            "anonymous_allowed": r.boolean(d, "anonymous_allowed", d_place, default=False),
            "sparring": r.code(d, "sparring", d_place, required=False),
            "_place": d_place,
        }
        duty["legal_reference"], note = r.fact(
            d, "legal_reference", d_place, lambda m, k, p: r.text(m, k, p, max_length=200)
        )
        duty["unconfirmed"] = {"legal_reference": note} if note else {}
        if duty["audience"] in audiences:
            r.error(join(d_place, "audience"), f"{show(duty['audience'])} is listed twice")
        audiences.add(duty["audience"])
        if duty["audience"] == Audience.PROFESSIONAL and duty["anonymous_allowed"]:
            r.error(join(d_place, "anonymous_allowed"), "professionals cannot report anonymously (barnets lov § 133)")
        duties.append(duty)
    return duties
