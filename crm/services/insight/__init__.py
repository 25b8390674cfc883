"""Management insight: the figures team leads and managers steer on, aggregated in SQL.

Every figure is computed for a :class:`Selection` (one department or the whole municipality,
and a range of local dates in Europe/Amsterdam) and returned as a small dataclass with an
``as_dict()`` for JSON. These functions only read; they never commit.

- :func:`contacts_per_channel` and :func:`channel_shift`: inbound contacts per channel per
  period, as counts and as shares.
- :func:`first_contact_resolution`: inbound contacts after which the citizen did not come
  back and no callback was needed within N days.
- :func:`callback_lead_time`: callback requests from creation to completion, in working
  hours, against the norm (``TASK_NORM_WORKING_HOURS``).
- :func:`open_cases`: open cases by age band and owner (unowned included).
- :func:`overdue_work`: open cases and tasks that are overdue, unowned, or both.
"""

from crm.services.insight.contacts import (
    ChannelMix,
    FirstContactResolution,
    channel_shift,
    contacts_per_channel,
    first_contact_resolution,
)
from crm.services.insight.periods import Period, PeriodUnit, periods
from crm.services.insight.selection import Selection, default_selection, make_selection
from crm.services.insight.work import (
    AGE_BANDS,
    CallbackLeadTime,
    OpenCases,
    OverdueWork,
    callback_lead_time,
    open_cases,
    overdue_work,
)

__all__ = [
    "AGE_BANDS",
    "CallbackLeadTime",
    "ChannelMix",
    "FirstContactResolution",
    "OpenCases",
    "OverdueWork",
    "Period",
    "PeriodUnit",
    "Selection",
    "callback_lead_time",
    "channel_shift",
    "contacts_per_channel",
    "default_selection",
    "first_contact_resolution",
    "make_selection",
    "open_cases",
    "overdue_work",
    "periods",
]
