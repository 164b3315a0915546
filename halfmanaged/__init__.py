"""halfmanaged: AliExpress semi-managed (半托管) fulfilment as pure, typed code.

Shipping deadlines on real working-day calendars, checks of order information, whose fault a
receiving exception is, and the resolution path, with time always passed in by the caller.

>>> import halfmanaged as hm
>>> hm.WorkingCalendar.for_country("DE", timezone="Europe/Berlin").country
'DE'
"""

from halfmanaged.calendar import WorkingCalendar
from halfmanaged.errors import HalfManagedError
from halfmanaged.messages import Locale
from halfmanaged.shipping import (
    Assessment,
    Deadline,
    DeadlineKind,
    Deadlines,
    FulfilmentMode,
    FulfilmentStep,
    Money,
    Order,
    PenaltySchedule,
    PenaltyTier,
    Progress,
    RouteRule,
    RuleCode,
    ShipmentRecord,
    ShippingPolicy,
    Status,
    TransitTime,
    Violation,
    compute_deadlines,
    evaluate,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "Assessment",
    "Deadline",
    "DeadlineKind",
    "Deadlines",
    "FulfilmentMode",
    "FulfilmentStep",
    "HalfManagedError",
    "Locale",
    "Money",
    "Order",
    "PenaltySchedule",
    "PenaltyTier",
    "Progress",
    "RouteRule",
    "RuleCode",
    "ShipmentRecord",
    "ShippingPolicy",
    "Status",
    "TransitTime",
    "Violation",
    "WorkingCalendar",
    "__version__",
    "compute_deadlines",
    "evaluate",
]
