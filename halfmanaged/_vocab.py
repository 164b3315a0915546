"""Closed vocabularies shared by the classifier and the workflow, and where a case starts.

They live apart from both so that neither module imports the other; the public modules
re-export them (:mod:`halfmanaged.classify` re-exports :class:`Cause`, :mod:`halfmanaged.workflow`
re-exports :class:`Stage`, :class:`Party` and :class:`EvidenceKind`). :data:`START_STAGE` is the
one table of where a resolution case starts for each cause: the classifier's default routes
and the workflow's :func:`~halfmanaged.workflow.start_stage_for` both read it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final


class Cause(enum.StrEnum):
    """Whose fault a receiving exception (收货异常) is.

    The article names three (物流公司 / 卖家 / 平台 操作失误: docs/rules.md#causes-carrier,
    docs/rules.md#causes-seller, docs/rules.md#causes-platform); real tracking feeds need four
    more: refused or unclaimed parcels, customs holds and storms are nobody's fault among the
    three.

    >>> from halfmanaged.workflow import Cause
    >>> Cause("carrier") is Cause.CARRIER
    True
    """

    CARRIER = "carrier"
    SELLER = "seller"
    PLATFORM = "platform"
    BUYER = "buyer"
    CUSTOMS = "customs"
    FORCE_MAJEURE = "force_majeure"
    UNDETERMINED = "undetermined"


class Party(enum.StrEnum):
    """Who is asked to move: the case's handler or one of the outside parties.

    The handler is the seller's own team or the third-party warehouse that runs the case.

    >>> from halfmanaged.workflow import Party
    >>> Party.CARRIER.value
    'carrier'
    """

    HANDLER = "handler"
    CARRIER = "carrier"
    SELLER = "seller"
    PLATFORM = "platform"
    BUYER = "buyer"


class Stage(enum.StrEnum):
    """Stages of the resolution path: the article's five steps, then the four ways a case closes.

    The steps are docs/rules.md#resolution-1 (order check) to docs/rules.md#resolution-5
    (appeal); a case closes resolved, rejected, withdrawn or expired.

    >>> from halfmanaged.workflow import Stage
    >>> [s.value for s in Stage][:5]
    ['order_check', 'carrier_contacted', 'seller_contacted', 'platform_support', 'appeal']
    """

    ORDER_CHECK = "order_check"
    CARRIER_CONTACTED = "carrier_contacted"
    SELLER_CONTACTED = "seller_contacted"
    PLATFORM_SUPPORT = "platform_support"
    APPEAL = "appeal"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class EvidenceKind(enum.StrEnum):
    """Kinds of proof (证明 / 证据) the article asks for, plus what platforms and carriers issue.

    >>> from halfmanaged.workflow import EvidenceKind
    >>> EvidenceKind("waybill_number") is EvidenceKind.WAYBILL_NUMBER
    True
    """

    PARCEL_PHOTOS = "parcel_photos"
    WAYBILL_NUMBER = "waybill_number"
    ORDER_SCREENSHOTS = "order_screenshots"
    LOGISTICS_INFO = "logistics_info"
    CHAT_LOGS = "chat_logs"
    SCREENSHOTS = "screenshots"
    PLATFORM_TICKET_ID = "platform_ticket_id"
    TRACKING_HISTORY = "tracking_history"


START_STAGE: Final[Mapping[Cause, Stage]] = MappingProxyType(
    {
        # docs/rules.md#resolution-2: a suspected carrier error goes to the carrier.
        Cause.CARRIER: Stage.CARRIER_CONTACTED,
        # docs/rules.md#resolution-3: a suspected seller error goes to the seller.
        Cause.SELLER: Stage.SELLER_CONTACTED,
        # docs/rules.md#resolution-4: the platform's own fault is for platform support.
        Cause.PLATFORM: Stage.PLATFORM_SUPPORT,
        # docs/rules.md#resolution-1: a refused or unclaimed parcel puts the address and contact
        # details in question, which the order check verifies (with the buyer); platform
        # support comes only when that does not solve it (docs/rules.md#resolution-4).
        Cause.BUYER: Stage.ORDER_CHECK,
        # Customs holds and storms are news from the carrier first: it holds the proof.
        Cause.CUSTOMS: Stage.CARRIER_CONTACTED,
        Cause.FORCE_MAJEURE: Stage.CARRIER_CONTACTED,
        # docs/rules.md#reading-undetermined: check the order information before blaming anyone.
        Cause.UNDETERMINED: Stage.ORDER_CHECK,
    }
)
"""Where a resolution case starts for each cause (the classifier's routes and the workflow)."""
