"""The bundled sample: about 1,000 orders from seven warehouses, deterministic and seeded.

Pure: it returns the files' texts and never writes them (``python -m halfmanaged._cli_sample``
does). The orders fall in weeks with the hard cases: the US and EU daylight-saving switches,
Easter, China's Golden Week and its make-up working days, and the days before Christmas; some
are placed minutes either side of the cutoff. Their records break every rule at least once, and
a few rows are broken on purpose. The report of the sample is fixed by the policy's ``as_of``.

``aliexpress_orders.json`` is every tenth of the same orders as AliExpress order-detail
responses (``aliexpress.trade.new.redefining.findorderbyid``, the shape
:func:`halfmanaged.aliexpress.read_orders` reads), times in US Pacific time as the platform
writes them; a few are split into two parcels, one is shipped by the platform's warehouse and
one has a broken time. A payload has no carrier pickup (docs/rules.md#reading-aliexpress-parcels).

>>> files = sample_files()
>>> sorted(files)
['aliexpress_orders.json', 'orders.csv', 'policy.toml']
>>> files["orders.csv"].splitlines()[0].split(",")[:3]
['order_id', 'warehouse', 'placed_at']
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import zoneinfo
from collections.abc import Iterator
from typing import Final

from halfmanaged.calendar import WorkingCalendar
from halfmanaged.shipping import Order, ShippingPolicy, TransitTime, compute_deadlines

__all__ = ["AS_OF", "COLUMNS", "WAREHOUSES", "aliexpress_responses", "sample_files", "sample_rows"]

SEED: Final = 20261223
AS_OF: Final = dt.datetime(2026, 12, 23, 8, 0, tzinfo=dt.UTC)
"""The sample's as-of time (09:00 in Berlin, two days before Christmas)."""

# key: (country, subdivision, time zone, postal carrier whose numbers are UPU S10)
WAREHOUSES: Final = {
    "CN-SZX": ("CN", None, "Asia/Shanghai", "Cainiao"),
    "DE-BER": ("DE", "BE", "Europe/Berlin", "Deutsche Post"),
    "ES-MAD": ("ES", "MD", "Europe/Madrid", "Correos"),
    "FR-PAR": ("FR", None, "Europe/Paris", "La Poste"),
    "GB-LON": ("GB", "ENG", "Europe/London", "Royal Mail"),
    "PL-WAW": ("PL", None, "Europe/Warsaw", "Poczta Polska"),
    "US-NJ": ("US", "NJ", "America/New_York", "Asendia"),
}
_SHIPS_FROM: Final = {
    "CN": "China",
    "DE": "Germany",
    "ES": "Spain",
    "FR": "France",
    "GB": "United Kingdom",
    "PL": "Poland",
    "US": "United States",
}
_CURRENCY: Final = {"CN": "CNY", "GB": "GBP", "PL": "PLN", "US": "USD"}
_DESTINATIONS: Final = ("DE", "FR", "ES", "PL", "GB", "IT", "NL", "US")
_ROUTE_BREAKER: Final = "Uncle Bob Courier"
_CLOSURE: Final = (dt.date(2026, 12, 21), "stocktaking")  # DE-BER closes for a day

# Weeks with the hard cases, as (first day, last day) of order dates.
_PERIODS: Final = (
    (dt.date(2026, 3, 5), dt.date(2026, 3, 11)),  # US DST starts 8 March
    (dt.date(2026, 3, 26), dt.date(2026, 4, 8)),  # EU DST 29 March; Easter 3-6 April
    (dt.date(2026, 9, 26), dt.date(2026, 10, 9)),  # Golden Week 1-7 October, make-up days
    (dt.date(2026, 10, 22), dt.date(2026, 11, 2)),  # EU DST ends 25 October, US 1 November
    (dt.date(2026, 12, 9), dt.date(2026, 12, 23)),  # up to the as-of time, before Christmas
)

COLUMNS: Final = (
    "order_id",
    "warehouse",
    "placed_at",
    "destination",
    "value",
    "currency",
    "carrier",
    "tracking_number",
    "picked_up_at",
    "self_delivered_at",
    "tracking_uploaded_at",
    "delivered_at",
    "mode",
    "shipped_from",
    "force_majeure",
)

# What happens to an order, with weights: each rule broken by some, most orders fine.
_SCENARIOS: Final = (
    ("on_time", 46),
    ("self_delivery", 8),
    ("late_pickup", 8),
    ("late_self_delivery", 4),
    ("not_shipped", 6),
    ("tracking_late", 5),
    ("invalid_tracking", 3),
    ("delivered_late", 5),
    ("in_transit", 6),
    ("consignment", 2),
    ("route", 2),
    ("shipped_from_cn", 2),
    ("before_order", 1),
    ("force_majeure", 2),
)

SAMPLE_POLICY: Final = ShippingPolicy(promise_days=2, transit=TransitTime(2, 5))


def _s10(rng: random.Random, country: str) -> str:
    digits = [rng.randrange(10) for _ in range(8)]
    total = sum(d * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    check = 0 if check == 10 else 5 if check == 11 else check
    prefix = rng.choice(("RB", "LX", "RR", "UA"))
    return f"{prefix}{''.join(map(str, digits))}{check}{country}"


def _calendar(key: str) -> WorkingCalendar:
    country, subdiv, zone, _ = WAREHOUSES[key]
    closures = dict([_CLOSURE]) if key == "DE-BER" else {}
    return WorkingCalendar.for_country(country, subdiv=subdiv, timezone=zone, closures=closures)


def _placed(rng: random.Random, cal: WorkingCalendar) -> dt.datetime:
    first, last = rng.choice(_PERIODS)
    day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
    if rng.random() < 0.15:  # near the cutoff: minutes either side of 15:00
        wall = dt.time(14, rng.randrange(50, 60)) if rng.random() < 0.5 else dt.time(15, 0)
        if wall.hour == 15:
            wall = dt.time(15, rng.randrange(0, 10))
    else:
        wall = dt.time(rng.randrange(0, 24), rng.randrange(60))
    return cal.at(day, wall)


def _iso(moment: dt.datetime | None, cal: WorkingCalendar) -> str:
    if moment is None:
        return ""
    # Whole minutes, as an ERP export writes them (rounded down: never after the as-of time).
    return moment.astimezone(cal.tzinfo).replace(second=0, microsecond=0).isoformat()


def _hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


def _record(  # noqa: PLR0912, PLR0915 - one branch per scenario, read as a table
    rng: random.Random, scenario: str, order: Order, key: str
) -> dict[str, str | dt.datetime | None]:
    d = compute_deadlines(order, SAMPLE_POLICY)
    carrier = WAREHOUSES[key][3]
    number = _s10(rng, WAREHOUSES[key][0])  # the postal operator's own country suffix
    handover: dt.datetime = d.ship_by - _hours(rng.uniform(1, 20))
    if handover < order.placed_at:
        handover = order.placed_at + _hours(rng.uniform(0.2, 2))
    out: dict[str, str | dt.datetime | None] = {
        "carrier": carrier,
        "tracking_number": number,
        "picked_up_at": handover,
        "tracking_uploaded_at": handover + _hours(rng.uniform(0.1, 0.9)),
    }
    delivered: dt.datetime | None = d.delivery_closes_at - _hours(rng.uniform(20, 60))
    if scenario == "self_delivery":
        out["picked_up_at"] = None
        out["self_delivered_at"] = d.self_delivery_by - _hours(rng.uniform(1, 20))
        out["tracking_uploaded_at"] = out["self_delivered_at"]
    elif scenario == "late_pickup":
        late = d.ship_by + _hours(rng.choice((0.5, 3, 26, 50, 75)))
        out["picked_up_at"] = late
        out["tracking_uploaded_at"] = late + _hours(0.2)
    elif scenario == "late_self_delivery":
        out["picked_up_at"] = None
        out["self_delivered_at"] = d.self_delivery_by + _hours(rng.choice((2, 30, 55)))
        out["tracking_uploaded_at"] = out["self_delivered_at"]
    elif scenario == "not_shipped":
        out.update(picked_up_at=None, tracking_uploaded_at=None, tracking_number=None)
        out["carrier"] = None
        delivered = None
    elif scenario == "tracking_late":
        out["tracking_uploaded_at"] = d.tracking_by + _hours(rng.choice((1, 20, 49)))
    elif scenario == "invalid_tracking":
        out["tracking_number"] = number[:-3] + "9" + number[-2:]  # a wrong check digit
    elif scenario == "delivered_late":
        delivered = d.delivery_closes_at + _hours(rng.choice((5, 30, 80)))
    elif scenario == "in_transit":
        delivered = None
    elif scenario == "consignment":
        out["mode"] = "consignment"
    elif scenario == "route":
        out["carrier"] = _ROUTE_BREAKER
    elif scenario == "shipped_from_cn":
        out["shipped_from"] = "CN"
    elif scenario == "before_order":
        out["picked_up_at"] = order.placed_at - _hours(rng.uniform(2, 30))
    elif scenario == "force_majeure":
        out["force_majeure"] = "true"
        out["picked_up_at"] = d.ship_by + _hours(30)
        out["tracking_uploaded_at"] = d.ship_by + _hours(31)
    out["delivered_at"] = delivered
    # Nothing is known after the as-of time: later events have not happened yet.
    for field in ("picked_up_at", "self_delivered_at", "tracking_uploaded_at", "delivered_at"):
        moment = out.get(field)
        if isinstance(moment, dt.datetime) and moment > AS_OF:
            out[field] = None
    if out.get("picked_up_at") is None and out.get("self_delivered_at") is None:
        out["delivered_at"] = None
    if out.get("tracking_uploaded_at") is None:
        out["delivered_at"] = out["delivered_at"] if out.get("picked_up_at") else None
    if isinstance(out["delivered_at"], dt.datetime):
        handed = out.get("picked_up_at") or out.get("self_delivered_at")
        if isinstance(handed, dt.datetime) and out["delivered_at"] <= handed:
            out["delivered_at"] = handed + _hours(30)
            if out["delivered_at"] > AS_OF:
                out["delivered_at"] = None
    return out


def sample_rows() -> Iterator[dict[str, str]]:
    """Yield the sample's orders as CSV rows (column name to text), bad rows included.

    >>> rows = list(sample_rows())
    >>> len(rows), rows[0]["order_id"]
    (1006, 'S0001')
    """
    rng = random.Random(SEED)
    keys = sorted(WAREHOUSES)
    names = [name for name, _ in _SCENARIOS]
    weights = [weight for _, weight in _SCENARIOS]
    calendars = {key: _calendar(key) for key in keys}
    for n in range(1, 1001):
        key = keys[(n * 5 + rng.randrange(3)) % len(keys)]
        cal = calendars[key]
        placed = _placed(rng, cal)
        if placed > AS_OF:
            placed = AS_OF - _hours(rng.uniform(1, 30))
        country = WAREHOUSES[key][0]
        destination = rng.choice(_DESTINATIONS)
        order = Order(f"S{n:04d}", placed, cal)
        scenario = rng.choices(names, weights)[0]
        record = _record(rng, scenario, order, key)
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            order_id=order.order_id,
            warehouse=key,
            placed_at=_iso(placed, cal),
            destination=destination,
            value=f"{rng.randrange(500, 25000) / 100:.2f}",
            currency=_CURRENCY.get(country, "EUR"),
        )
        for field, value in record.items():
            row[field] = _iso(value, cal) if isinstance(value, dt.datetime) else (value or "")
        yield row
    yield from _bad_rows()


def _bad_rows() -> Iterator[dict[str, str]]:
    """Rows an ERP export really contains: each is reported, none stops the others."""
    base = dict.fromkeys(COLUMNS, "")
    base.update(warehouse="DE-BER", destination="FR", value="19.90", currency="EUR")
    yield {**base, "order_id": "", "placed_at": "2026-12-22T10:00:00+01:00"}
    yield {**base, "order_id": "B0002", "placed_at": "2026-12-22 10:00"}  # no offset
    yield {**base, "order_id": "B0003", "placed_at": "22/12/2026"}
    yield {
        **base,
        "order_id": "B0004",
        "warehouse": "XX-NOWHERE",
        "placed_at": "2026-12-22T10:00:00+01:00",
    }
    yield {
        **base,
        "order_id": "B0005",
        "placed_at": "2026-12-21T10:00:00+01:00",
        "picked_up_at": "2026-12-21T16:00:00+01:00",
        "force_majeure": "yes",
    }
    yield {
        **base,
        "order_id": "B0006",
        "placed_at": "2026-12-14T10:00:00+01:00",
        "picked_up_at": "2026-12-16T10:00:00+01:00",
        "delivered_at": "2026-12-15T10:00:00+01:00",  # before the pickup
    }


def _policy_toml() -> str:
    lines = [
        "# The policy of the bundled sample; see docs/report.md for every key.",
        "promise_days = 2",
        'pickup_cutoff = "15:00"',
        "self_delivery_window_hours = 48",
        'home_country = "CN"',
        "",
        "[transit]",
        "min_days = 2",
        "max_days = 5",
        "",
        "# Fines: the article gives no figures; these tiers are an example, not the platform's.",
        "[[penalties.tiers]]",
        "from_working_days = 1",
        'percent = "2"',
        "",
        "[[penalties.tiers]]",
        "from_working_days = 3",
        'percent = "5"',
        "",
        "[report]",
        f"as_of = {AS_OF.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        'horizon = "24h"',
        "",
        "[thresholds]",
        "late_shipment = 0.05",
        "valid_tracking = 0.95",
        "on_time_delivery = 0.90",
        "",
        "[routes]",
        "# The carriers by name (orders.csv) and by service code (aliexpress_orders.json).",
        "carriers = ["
        + ", ".join(f'"{w[3]}"' for _, w in sorted(WAREHOUSES.items()))
        + ",\n            "
        + ", ".join(f'"{SERVICES[w[3]]}"' for _, w in sorted(WAREHOUSES.items()))
        + "]",
        "",
        "[destinations.US]",
        'timezone = "America/New_York"',
        "",
    ]
    for key, (country, subdiv, zone, _) in sorted(WAREHOUSES.items()):
        lines.append(f'[warehouses."{key}"]')
        lines.append(f'country = "{country}"')
        if subdiv is not None:
            lines.append(f'subdivision = "{subdiv}"')
        lines.append(f'timezone = "{zone}"')
        lines.append(f'ships_from = ["{_SHIPS_FROM[country]}"]')
        if key == "DE-BER":
            lines.append(f'closures = {{ {_CLOSURE[0].isoformat()} = "{_CLOSURE[1]}" }}')
        lines.append("")
    return "\n".join(lines)


# -- AliExpress-shaped responses --------------------------------------------------------------

#: The ``logistics_type_code`` each warehouse's carrier has in the sample (sample data, not a
#: list of the platform's codes); the sample policy allows them as routes.
SERVICES: Final = {
    "Cainiao": "CAINIAO",
    "Deutsche Post": "DEUTSCHE_POST",
    "Correos": "CORREOS",
    "La Poste": "LA_POSTE",
    "Royal Mail": "ROYAL_MAIL",
    "Poczta Polska": "POCZTA_POLSKA",
    "Asendia": "ASENDIA",
}
_PACIFIC: Final = "America/Los_Angeles"  # the zone of the platform's business times
_GMT8: Final = dt.timezone(dt.timedelta(hours=8))  # the envelope's time_stamp
_SPLIT_EVERY: Final = 7  # every 7th AliExpress order with a shipment ships in two parcels


def _pacific(text: str) -> str:
    if not text:
        return ""
    moment = dt.datetime.fromisoformat(text).astimezone(zoneinfo.ZoneInfo(_PACIFIC))
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _ae_response(row: dict[str, str], rng: random.Random, *, split: bool) -> dict[str, object]:
    """One CSV row as an order-detail response of the platform."""
    n = int(row["order_id"][1:])
    placed = dt.datetime.fromisoformat(row["placed_at"])
    paid = placed + dt.timedelta(seconds=rng.randrange(20, 180))
    cleared = paid + dt.timedelta(minutes=rng.randrange(5, 60))
    if cleared > AS_OF:
        cleared = paid
    uploaded, delivered = row["tracking_uploaded_at"], row["delivered_at"]
    status = (
        "WAIT_SELLER_SEND_GOODS"
        if not uploaded
        else ("FINISH" if delivered else "WAIT_BUYER_ACCEPT_GOODS")
    )
    country = WAREHOUSES[row["warehouse"]][0]
    service = SERVICES.get(row["carrier"], row["carrier"].upper().replace(" ", "_"))
    parcels: list[dict[str, object]] = []
    if uploaded and row["tracking_number"]:
        numbers = [row["tracking_number"]]
        if split:
            numbers.append(_s10(rng, country))
        for index, number in enumerate(numbers):
            declared = dt.datetime.fromisoformat(uploaded) + dt.timedelta(hours=3 * index)
            declared = min(declared, AS_OF)
            parcel: dict[str, object] = {
                "logistics_no": number,
                "logistics_type_code": service,
                "gmt_send": _pacific(declared.isoformat()),
                "receive_status": "received" if delivered else "not_received",
            }
            if delivered:
                parcel["gmt_received"] = _pacific(delivered)
            parcels.append(parcel)
    lines = []
    for index in range(1 + split):
        line_id = f"{8100000000000000 + n * 10 + index + 1}"
        lines.append(
            {
                "child_order_id": line_id,
                "order_status": status,
                "product_count": 1,
                "goods_prepare_time": 2,
                "logistics_type": service,
                "send_goods_operator": "SELLER_SEND_GOODS",
                "product_attributes": json.dumps(
                    {"sku": [{"pName": "Ships From", "pValue": _SHIPS_FROM[country]}]},
                    separators=(",", ":"),
                ),
            }
        )
    target: dict[str, object] = {
        "id": 8100000000000000 + n * 10,
        "order_status": status,
        "gmt_create": _pacific(row["placed_at"]),
        "gmt_pay_success": _pacific(paid.isoformat()),
        "gmt_modified": _pacific(cleared.isoformat()),
        "receipt_address": {"country": row["destination"]},
        "order_amount": {"amount": row["value"], "currency_code": row["currency"]},
        "opr_log_dto_list": {
            "aeop_tp_operation_log_dto": [
                {"action_type": "risk_control_pass", "gmt_create": _pacific(cleared.isoformat())}
            ]
        },
        "child_order_list": {"aeop_tp_child_order_dto": lines},
        "logistic_info_list": {"aeop_tp_logistic_info_dto": parcels} if parcels else {},
    }
    return {
        "aliexpress_trade_new_redefining_findorderbyid_response": {
            "time_stamp": AS_OF.astimezone(_GMT8).strftime("%Y-%m-%d %H:%M:%S"),
            "target": target,
        }
    }


def aliexpress_responses() -> list[dict[str, object]]:
    """Return every tenth sample order as an AliExpress order-detail response, and two odd ones.

    The orders are the CSV's (``S0010``, ``S0020``, ...), their ids ``81…`` followed by the
    sample number; every seventh one with a shipment ships in two parcels. Then one order the
    platform's warehouse ships (nothing for the seller) and one with a broken ``gmt_create``.

    >>> responses = aliexpress_responses()
    >>> len(responses), responses[0]["aliexpress_trade_new_redefining_findorderbyid_response"][
    ...     "target"]["id"]
    (102, 8100000000000100)
    """
    rng = random.Random(SEED + 1)  # its own stream: the CSV stays as it is
    rows = [row for row in sample_rows() if row["order_id"].startswith("S")]
    out = []
    shipped = 0
    for row in rows:
        if int(row["order_id"][1:]) % 10:
            continue
        with_parcel = bool(row["tracking_uploaded_at"] and row["tracking_number"])
        shipped += with_parcel
        out.append(_ae_response(row, rng, split=with_parcel and shipped % _SPLIT_EVERY == 0))
    platform = _ae_response(rows[0], rng, split=False)
    target = platform["aliexpress_trade_new_redefining_findorderbyid_response"]["target"]  # type: ignore[index]
    target["id"] = 8100000000009991
    for line in target["child_order_list"]["aeop_tp_child_order_dto"]:
        line["send_goods_operator"] = "WAREHOUSE_SEND_GOODS"
        line["logistics_warehouse_type"] = "cainiaoInternationalWarehouse"
    broken = _ae_response(rows[1], rng, split=False)
    target = broken["aliexpress_trade_new_redefining_findorderbyid_response"]["target"]  # type: ignore[index]
    target["id"] = 8100000000009992
    target["gmt_create"] = target["gmt_create"][:10]  # a date without its time
    return [*out, platform, broken]


def sample_files() -> dict[str, str]:
    """Return the sample's files, name to text, exactly as the wheel ships them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sample_rows())
    responses = aliexpress_responses()
    # One response per line: a folder of API responses gathered in one JSON array.
    ae = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in responses) + "\n]\n"
    return {
        "aliexpress_orders.json": ae,
        "orders.csv": out.getvalue(),
        "policy.toml": _policy_toml(),
    }
