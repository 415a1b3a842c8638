/** Helpers over a membership array (community id per node). */

/**
 * Renumbers `membership` in place to 0..c-1 in order of first appearance (node 0's community
 * becomes 0, …) and returns c. Negative entries are left alone. Makes outputs canonical, so
 * two runs that find the same partition return identical arrays.
 */
export function renumber(membership: Int32Array, maxId = maxOf(membership)): number {
  const map = new Int32Array(maxId + 1).fill(-1);
  let next = 0;
  for (let i = 0; i < membership.length; i++) {
    const c = membership[i];
    if (c < 0) continue;
    if (map[c] === -1) map[c] = next++;
    membership[i] = map[c];
  }
  return next;
}

/** The largest entry (−1 for an empty array). */
export function maxOf(a: Int32Array): number {
  let m = -1;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/** Members grouped by community: community c's members are `members[start[c] .. start[c+1])`, ascending. */
export interface Grouping {
  readonly communityCount: number;
  readonly start: Int32Array;
  readonly members: Int32Array;
}

/** Groups nodes by community id (ids 0..c-1; negative ids are left out). */
export function groupMembers(membership: Int32Array, communityCount = maxOf(membership) + 1): Grouping {
  const start = new Int32Array(communityCount + 1);
  for (let i = 0; i < membership.length; i++) if (membership[i] >= 0) start[membership[i] + 1]++;
  for (let c = 0; c < communityCount; c++) start[c + 1] += start[c];
  const fill = start.slice(0, communityCount);
  const members = new Int32Array(start[communityCount]);
  for (let i = 0; i < membership.length; i++) if (membership[i] >= 0) members[fill[membership[i]]++] = i;
  return { communityCount, start, members };
}

/** Whether two memberships describe the same partition (ids may differ). */
export function samePartition(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  const ra = Int32Array.from(a);
  const rb = Int32Array.from(b);
  renumber(ra);
  renumber(rb);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return false;
  return true;
}
