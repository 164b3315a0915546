"""Closed vocabularies shared by the classifier and the workflow.

They live apart from both so that neither module imports the other; the public modules
re-export them (:mod:`halfmanaged.classify` re-exports :class:`Cause`, :mod:`halfmanaged.workflow`
re-exports :class:`Stage`, :class:`Party` and :class:`EvidenceKind`).
"""

from __future__ import annotations

import enum


class Cause(enum.StrEnum):
    """Whose fault a receiving exception (收货异常) is.

    The seed names three (物流公司 / 卖家 / 平台 操作失误); real tracking feeds need four more:
    refused or unclaimed parcels, customs holds and storms are nobody's fault among the three.

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

    >>> Party.CARRIER.value
    'carrier'
    """

    HANDLER = "handler"
    CARRIER = "carrier"
    SELLER = "seller"
    PLATFORM = "platform"
    BUYER = "buyer"


class Stage(enum.StrEnum):
    """Stages of the resolution path (DESIGN.md, "The resolution path as stages").

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
    """Kinds of proof (证明 / 证据) the seed asks for, plus what platforms and carriers issue.

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
