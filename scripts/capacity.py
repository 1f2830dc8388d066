#!/usr/bin/env python3
"""Sizes a NumShield deployment from the CPU each operation costs each tier (docs/capacity.md).

The per-operation costs are the figures measured on the 2-core bench machine (docs/benchmarks.md,
make bench of 2026-11-30, bench/audit-ingest.sh, call events by make bench's phase 3b); releases were
not measured on their own and are taken as stated in docs/capacity.md. Every figure can be overridden:

    scripts/capacity.py                                   # 350 million orders a day, 5x peak
    scripts/capacity.py --orders-per-day 1e9 --calls-per-order 4 --node-cores 32
"""
import argparse
import math

# CPU microseconds per operation, by tier (upper ends of the measured ranges).
COST_US = {
    # tier: {operation: us}
    "gateway": {"bind": 175, "release": 175},
    "binding-service": {"bind": 147, "release": 100},
    "call-routing-service": {"route": 93, "call_event": 98},
    "redis": {"bind": 73, "release": 73, "route": 64, "call_event": 79},
    "compliance-audit-service": {"audit_event": 60},
    "postgresql": {"audit_event": 55},
}

# What one ledger chain can take: the rows of a round are appended by one database backend while
# the chain's advisory lock is held, at ~51-59 us of PostgreSQL CPU per row (bench/audit-ingest.sh).
CHAIN_EVENTS_PER_S = 1e6 / 55


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--orders-per-day", type=float, default=350e6)
    p.add_argument("--peak", type=float, default=5.0, help="peak rate as a multiple of the daily mean")
    p.add_argument("--calls-per-order", type=float, default=2.0, help="call set-ups (routes) per order")
    p.add_argument("--events-per-call", type=float, default=3.0, help="carrier call events per call (RINGING, ANSWERED, HANGUP)")
    p.add_argument("--utilisation", type=float, default=0.6, help="the share of a core planned to be busy at peak")
    p.add_argument("--node-cores", type=int, default=16)
    a = p.parse_args()

    orders = a.orders_per_day / 86400 * a.peak
    rates = {
        "bind": orders,
        "release": orders,
        "route": orders * a.calls_per_order,
        "call_event": orders * a.calls_per_order * a.events_per_call,
    }
    # Every bind, release, route and call event leaves one ledger entry.
    rates["audit_event"] = sum(rates.values())

    print(f"peak: {orders:,.0f} orders/s (mean {orders / a.peak:,.0f}/s)")
    for op, r in rates.items():
        print(f"  {op:12s} {r:12,.0f} /s")
    print(f"\n{'tier':26s} {'cores busy':>10s} {'cores @' + str(int(a.utilisation * 100)) + '%':>10s}")
    total = 0.0
    for tier, costs in COST_US.items():
        busy = sum(rates[op] * us for op, us in costs.items()) / 1e6
        planned = busy / a.utilisation
        total += planned
        print(f"{tier:26s} {busy:10.1f} {planned:10.1f}")
    print(f"{'all tiers':26s} {'':10s} {total:10.1f}  = {math.ceil(total / a.node_cores)} nodes of {a.node_cores} cores")
    chains = rates["audit_event"] / CHAIN_EVENTS_PER_S
    print(f"\nledger: {rates['audit_event']:,.0f} entries/s at peak; one hash chain takes ~{CHAIN_EVENTS_PER_S:,.0f}/s"
          f" -> {'fits' if chains <= 1 else f'{chains:.1f}x what one chain can take: fails first'}")


if __name__ == "__main__":
    main()
