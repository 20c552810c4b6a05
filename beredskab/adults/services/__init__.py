"""The adult track's services (writes): each locks the case, asks the policy, passes the risk
gate where the family or network can be involved, and writes its audit event in the same
transaction."""

from .action_plans import action_plan_agree, action_plan_save, action_plan_start, missing_for_agreement
from .counselling import counselling_record
from .referrals import referral_record, referral_status_set

__all__ = [
    "action_plan_agree",
    "action_plan_save",
    "action_plan_start",
    "counselling_record",
    "missing_for_agreement",
    "referral_record",
    "referral_status_set",
]
