/** The gang finder's vocabulary: its options and defaults (each explained on `GangFinder` in gangs.ts), and what it reports. */

export interface GangOptions {
  minScore: number;
  burnInMs: number;
  maxDegree: number;
  maxSize: number;
  minSize: number;
  minMass: number;
  /**
   * Evidence mass from which two accounts alone are a ring (while `minSize` is at most 3): a
   * depositor who structured cash through cash desks (no members) and the account it paid on.
   * Measured: the demo bank's two structuring groups of three come in (34 → 36 of 40 groups), no
   * pair on AMLSim's dev sets reaches it (their figures unchanged). 6 rather than 8: with a model
   * (trained on the demo bank's seed 777, rings on seed 31337) a depositor's eight near-threshold
   * deposits, five of them alerted, and its alerted payment on come in (39 → 40 of 40 groups, no
   * other ring changed); rules only on three seeds and AMLSim unchanged (no other pair reaches 6).
   */
  pairMass: number;
  /** Evidence mass that is enough when the ring's evidence transfers within some `burstMs` of time are worth it (a burst). */
  burstMass: number;
  burstMs: number;
  /**
   * What a lone account's weak links into a ring must be worth together (in alerts) to attach it.
   * Measured on AMLSim (last 20 %): 1 against any single weak link — busy ring precision 0.800 →
   * 0.820, member precision 0.69 → 0.74; quiet 0.757 → 0.757 (another model file 0.750 → 0.761).
   */
  attachMass: number;
  /**
   * Pass-through: an alerted transfer that sends on `passRatio` to 100 % of the payer's last
   * incoming transfer, received at most `passMs` before, makes that incoming transfer a feeder
   * link: it joins its payer to the ring like an alert (a mule chain's sources) and adds nothing
   * to the ring's evidence mass. Two days rather than one (measured, rules only): the demo bank's
   * random walk, whose members pass money on a day and a few hours later, comes in (38 → 39 of
   * 40 groups); AMLSim unchanged but quiet with a model, ring precision 0.779 → 0.776 (one ring fewer).
   * The same ratio and time bound a split pass-through: a run of receipts passed on in parts (see `Feeders`).
   */
  passRatio: number;
  passMs: number;
  /**
   * Alerted transfers that must tie two rings of `mergeFrom` or more members each before they
   * merge (1: the first one does). Two established gangs that share a customer, a shop or one
   * stray alert stay apart; a small ring still grows at its first alerted link.
   */
  mergeLinks: number;
  mergeFrom: number;
  /**
   * Time of the log's first transfer, when the finder starts reading part-way through it (the
   * burn-in counts from the log's start, not from the first transfer read); NaN: the first read.
   */
  start: number;
}

export const DEFAULT_GANG_OPTIONS: Readonly<GangOptions> = Object.freeze({
  minScore: Infinity,
  burnInMs: 30 * 86_400_000,
  maxDegree: 25,
  maxSize: 60,
  minSize: 3,
  minMass: 5,
  burstMass: 3,
  burstMs: 86_400_000,
  pairMass: 6,
  attachMass: 1,
  passRatio: 0.9,
  passMs: 2 * 86_400_000,
  mergeLinks: 2,
  mergeFrom: 6,
  start: Number.NaN,
});

/** One evidence transfer of a ring. */
export interface GangEdge {
  id: string;
  from: string;
  to: string;
  time: number;
  amount: number;
  score: number;
  /** A feeder link's receipt (see `GangOptions.passRatio`): the route of money an alert passed on, itself no evidence. */
  feeder?: true;
}

/** A pattern an evidence transfer closed: its accounts in order, and that transfer's id. */
export interface GangMotif {
  kind: 'cycle';
  /** The alerted transfer that closed it. */
  via: string;
  accounts: string[];
  /** The transactions of its hops before `via`, in the order of `accounts` (absent when not known). */
  transactions?: string[];
}

/** A pattern an alerted transfer closed, as offered to the finder: its accounts (payee … payer) and hop transactions. */
export interface GangPattern {
  accounts: readonly string[];
  transactions?: readonly string[];
}

export interface Gang {
  ring: string;
  /** Member account names, sorted. */
  members: string[];
  /** Evidence transfers, in arrival order. */
  edges: GangEdge[];
  /** Patterns that tie members beyond the evidence transfers themselves, in arrival order. */
  motifs: GangMotif[];
  /** Σ evidence weights: alerts count 1, weak evidence its share of the review threshold. */
  mass: number;
  first: number;
  last: number;
}
