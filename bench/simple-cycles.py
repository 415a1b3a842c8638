#!/usr/bin/python3
"""Measures simple cycles (loops whose transfers need not follow each other in time) on an AMLSim
set, as a candidate feature: for each transfer s -> r in time order, a bounded depth-first walk
r -> ... -> s over earlier transfers within the window finds the shortest such loop (3..L
transfers, the closing one counted). Prints, per typology of the set's alert_transactions.csv
(`bg` for the rest), how many eligible transfers close one, and the lengths found.

  /usr/bin/python3 bench/simple-cycles.py SETDIR [--file transactions.csv] [--days 30] [--max-len 10]
      [--visits 200] [--first-links | --quiet N]

--first-links: only first-time payer -> payee links are walked and eligible (the default);
--quiet N: every transfer, but only accounts with at most N distinct counterparties in the window.
Reads labels only to report by typology; this is an offline measurement, not a detector.
"""
import argparse, csv, gzip
from collections import defaultdict
from datetime import datetime

ap = argparse.ArgumentParser()
ap.add_argument('setdir'); ap.add_argument('--file'); ap.add_argument('--days', type=float, default=30)
ap.add_argument('--max-len', type=int, default=10); ap.add_argument('--visits', type=int, default=200)
ap.add_argument('--quiet', type=int)
a = ap.parse_args()
W = a.days * 86400
path = a.file or a.setdir + '/transactions.csv'
op = gzip.open if path.endswith('.gz') else open
kind = {r['tran_id']: r['alert_type'] for r in csv.DictReader(open(a.setdir + '/alert_transactions.csv'))}
rows = []
for r in csv.DictReader(op(path, 'rt')):
    t = datetime.fromisoformat(r['tran_timestamp'].replace('Z', '+00:00')).timestamp()
    rows.append((t, r['tran_id'], r['orig_acct'], r['bene_acct']))
rows.sort(key=lambda x: x[0])
outs, ins, pairs = defaultdict(list), defaultdict(list), set()

def degree(x, t):
    seen = set()
    for lst in (outs[x], ins[x]):
        for v, tv in reversed(lst):
            if tv <= t - W: break
            seen.add(v)
    return len(seen)

def shortest(s, r, t):
    """Shortest loop r -> ... -> s (transfers counted with s -> r), or 0; and whether the budget cut the walk."""
    state = {'visits': 0, 'best': 0}
    on_path = {r, s}
    def walk(u, d):
        done = set()
        for v, tv in reversed(outs[u]):
            if tv <= t - W: break
            if v in done: continue
            done.add(v)
            state['visits'] += 1
            if state['visits'] > a.visits: return True
            if v == s:
                if state['best'] == 0 or d + 2 < state['best']: state['best'] = d + 2
                continue
            if d + 3 > a.max_len or v in on_path: continue
            if a.quiet is not None and degree(v, t) > a.quiet: continue
            on_path.add(v)
            cut = walk(v, d + 1)
            on_path.discard(v)
            if cut: return True
        return False
    cut = walk(r, 0)
    return state['best'], cut

count, hits, lengths, cuts = defaultdict(int), defaultdict(int), defaultdict(int), 0
for t, tid, s, r in rows:
    k = kind.get(tid, 'bg')
    first = (s, r) not in pairs
    pairs.add((s, r))
    eligible = s != r and (first if a.quiet is None else degree(s, t) <= a.quiet and degree(r, t) <= a.quiet)
    if eligible:
        best, cut = shortest(s, r, t)
        cuts += cut
        count[k] += 1
        if best >= 3:
            hits[k] += 1
            lengths[(k, best)] += 1
    if a.quiet is not None or first:
        outs[s].append((r, t)); ins[r].append((s, t))
for k in sorted(count): print(f'{k}: {hits[k]} of {count[k]} eligible transfers close a simple loop of 3+')
print('walks cut by the budget:', cuts)
print('lengths:', ' '.join(f'{k}:{n}={c}' for (k, n), c in sorted(lengths.items())))
