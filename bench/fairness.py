"""`python -m bench.fairness`: the fairness replay over many seeds, per ordering policy.

Each seed replays the reference meeting through the pure core (tests/record/replay.py:
40 participants across six unequal regions, 40% of them remote). For every policy it
prints the remote side's share of turns against its share of hands raised: in how many
seeds the gap is within 5 points, the mean and the worst gap; and how evenly speaking
time went to regions for their hands (the largest region's time share over hand share).
"""

from __future__ import annotations

import argparse
import statistics
import time

from floor.domain.model import Policy
from floor.record import stats as stats_mod
from tests.record.replay import Replay


def figures(policy: Policy, seeds: int) -> dict[str, float]:
    gaps: list[float] = []
    region_spread: list[float] = []
    for seed in range(seeds):
        meeting = Replay(policy, seed).run().meeting
        stats = stats_mod.fold(meeting)
        remote = stats.by_side.group("remote")
        gaps.append(remote.turn_share - remote.hand_share)
        ratios = [
            g.time_share / g.hand_share for g in stats.by_region.groups if g.hand_share > 0
        ]
        region_spread.append(max(ratios) - min(ratios))
    within = sum(abs(g) <= 0.05 for g in gaps)
    return {
        "within_5_points": within / seeds,
        "mean_gap": statistics.mean(gaps),
        "worst_gap": max(gaps, key=abs),
        "region_time_spread": statistics.mean(region_spread),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--policy", choices=[p.value for p in Policy], action="append")
    args = parser.parse_args()
    policies = [Policy(p) for p in args.policy] if args.policy else list(Policy)
    print(f"{'policy':<18} {'seeds':>5} {'within 5 pts':>12} {'mean gap':>9} "
          f"{'worst gap':>9} {'region spread':>13} {'seconds':>8}")
    for policy in policies:
        began = time.perf_counter()
        f = figures(policy, args.seeds)
        took = time.perf_counter() - began
        print(f"{policy.value:<18} {args.seeds:>5} {f['within_5_points']:>12.1%} "
              f"{f['mean_gap']:>+9.3f} {f['worst_gap']:>+9.3f} "
              f"{f['region_time_spread']:>13.2f} {took:>8.1f}")


if __name__ == "__main__":
    main()
