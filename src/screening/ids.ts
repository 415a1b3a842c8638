/** Masked identity numbers (440305********123X, A12****(3)) compared where both sides show a character. */

/** Compares id numbers where neither side is masked; undefined when too little is visible. */
export function idAgreement(a: string, b: string): boolean | undefined {
  const x = a.replace(/[\s-]/g, '');
  const y = b.replace(/[\s-]/g, '');
  if (x.length !== y.length) return x.replace(/\*/g, '') === y.replace(/\*/g, '') ? true : false;
  let compared = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === '*' || y[i] === '*') continue;
    if (x[i] !== y[i]) return false;
    compared++;
  }
  return compared >= 4 ? true : undefined;
}
