#!/usr/bin/env python3
"""Re-runs a published evaluation draw (algorithm stratified-v1) from its roster, seed and public entropy.

Usage: verify_draw.py DRAW.json   (the draw as published: supervision.evaluation.v1.PublicDraws/GetDraw, JSON names)
Checks that the roster hashes to roster_hash, that the seed hashes to the commitment published before the draw, and
that the draw, re-run here, selects the same members and substitutes. Python 3 standard library only; independent of
the service's code. Exit status 0 when everything matches, 1 otherwise.
"""
import hashlib
import json
import math
import struct
import sys


class SeededRandom:
    """Value i: first 8 bytes (big-endian) of SHA-256(key || i as 8 big-endian bytes)."""

    def __init__(self, key):
        self.key = key
        self.counter = 0

    def next_uint64(self):
        block = hashlib.sha256(self.key + struct.pack(">Q", self.counter)).digest()
        self.counter += 1
        return struct.unpack(">Q", block[:8])[0]

    def below(self, n):
        top = 2**64 - 1
        limit = top - top % n
        while True:
            value = self.next_uint64()
            if value < limit:
                return value % n


def shuffle_prefix(numbers, count, rng):
    pool = list(numbers)
    for i in range(count):
        j = i + rng.below(len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:count]


def select_within_group(group, seats, rng, selected):
    if not group:
        return []
    counties = {}
    for number, county in group:
        counties.setdefault(county, []).append(number)
    names = sorted(counties)  # ordinal order of the county codes
    members = [sorted(counties[c]) for c in names]
    size = len(group)
    county_seats = [seats * len(m) // size for m in members]
    remainders = [seats * len(m) % size for m in members]
    left = seats - sum(county_seats)
    start = rng.below(size)
    end, point = 0, 0
    for h, remainder in enumerate(remainders):
        begin, end = end, end + remainder
        while point < left and begin <= start + point * size < end:
            county_seats[h] += 1
            point += 1
    rest = []
    for h, numbers in enumerate(members):
        drawn = shuffle_prefix(numbers, county_seats[h], rng)
        selected.extend(drawn)
        rest.extend(n for n in numbers if n not in drawn)
    return sorted(rest)


def run(roster, seats, substitutes, minimum_share, rng):
    grassroots = sorted((n, c) for n, g, c in roster if g)
    others = sorted((n, c) for n, g, c in roster if not g)
    total = len(roster)
    share = seats * len(grassroots)
    g_seats = share // total + (1 if rng.below(total) < share % total else 0)
    floor = math.ceil(minimum_share * seats - 1e-9)
    g_seats = min(min(max(g_seats, floor), len(grassroots)), seats)
    g_seats = max(g_seats, seats - len(others))
    selected = []
    rest_g = select_within_group(grassroots, g_seats, rng, selected)
    rest_o = select_within_group(others, seats - g_seats, rng, selected)
    g_subs = min((2 * substitutes * g_seats + seats) // (2 * seats), len(rest_g))
    o_subs = min(substitutes - g_subs, len(rest_o))
    return sorted(selected), shuffle_prefix(rest_g, g_subs, rng), shuffle_prefix(rest_o, o_subs, rng)


def parse_roster(lines):
    roster = []
    for line in lines:
        number, group, county = line.split(",")
        roster.append((int(number), group == "g", county))
    return roster


def main(path):
    with open(path, encoding="utf-8") as f:
        draw = json.load(f)
    if draw["algorithm"] != "stratified-v1":
        print("unknown algorithm", draw["algorithm"])
        return 1
    roster = parse_roster(draw["roster"])  # grpcurl leaves out empty and zero fields: read them with defaults
    canonical = "".join(f"{n},{'g' if g else 'o'},{c}\n" for n, g, c in sorted(roster))
    roster_hash = hashlib.sha256(canonical.encode("utf-8")).digest()
    seed = bytes.fromhex(draw["seed"])
    checks = {
        "roster hash": roster_hash.hex() == draw["rosterHash"],
        "commitment": hashlib.sha256(seed).hexdigest() == draw["commitment"],
    }
    key = hashlib.sha256(seed + roster_hash + draw.get("publicEntropy", "").encode("utf-8")).digest()
    selected, subs_g, subs_o = run(roster, draw["seats"], draw.get("substitutes", 0), draw.get("grassrootsShareMinimum", 0.0), SeededRandom(key))
    checks["selected"] = selected == [int(n) for n in draw.get("selected", [])]
    checks["substitutes"] = (subs_g == [int(n) for n in draw.get("grassrootsSubstitutes", [])]
                             and subs_o == [int(n) for n in draw.get("otherSubstitutes", [])])
    for name, ok in checks.items():
        print(f"{'ok' if ok else 'MISMATCH'}  {name}")
    print("selected:", " ".join(map(str, selected)))
    print("substitutes:", " ".join(map(str, subs_g)), "|", " ".join(map(str, subs_o)))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
