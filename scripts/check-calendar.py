#!/usr/bin/env python3
"""Checks `redress calendar` against an independent computation of England and Wales working
days: the `holidays` package from PyPI (its own rules and one-off table), not our code.

    pip install holidays
    python3 scripts/check-calendar.py target/release/redress [CASES]

Draws CASES random cases (default 20000) over 1995-2035 from a fixed seed, answers each
with a day-by-day reference, asks `redress calendar add` and `between` the same in one
process each, and prints how many agreed. Exits 1 on any disagreement.
"""
import datetime as dt
import random
import subprocess
import sys

import holidays

FIRST, LAST = dt.date(1995, 1, 1), dt.date(2035, 12, 31)
BANK = holidays.UK(subdiv="ENG", years=range(1995, 2037))


def working(day):
    return day.weekday() < 5 and day not in BANK


def add(start, n):
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        counted += working(day)
    return day


def between(a, b):
    lo, hi, sign = (a, b, 1) if a <= b else (b, a, -1)
    days = (hi - lo).days
    return sign * sum(working(lo + dt.timedelta(days=i)) for i in range(1, days + 1))


def ask(binary, command, lines):
    run = subprocess.run([binary, "calendar", command], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True)
    return run.stdout.split()


def main():
    binary = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    rng = random.Random(2026)
    span = (LAST - FIRST).days - 120
    starts = [FIRST + dt.timedelta(days=rng.randrange(span)) for _ in range(count)]
    ns = [rng.randrange(0, 60) for _ in range(count)]
    others = [s + dt.timedelta(days=rng.randrange(-90, 91)) for s in starts]
    others = [max(o, FIRST) for o in others]

    got_add = ask(binary, "add", [f"{s} {n}" for s, n in zip(starts, ns)])
    want_add = [str(add(s, n)) for s, n in zip(starts, ns)]
    got_between = ask(binary, "between", [f"{s} {o}" for s, o in zip(starts, others)])
    want_between = [str(between(s, o)) for s, o in zip(starts, others)]

    bad = [(f"add {s} {n}", g, w) for s, n, g, w in zip(starts, ns, got_add, want_add) if g != w]
    bad += [(f"between {s} {o}", g, w) for s, o, g, w in zip(starts, others, got_between, want_between) if g != w]
    for case, got, want in bad[:20]:
        print(f"disagree: {case}: redress {got}, reference {want}")
    total = 2 * count
    print(f"calendar: {total - len(bad)} passed, {len(bad)} failed")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
