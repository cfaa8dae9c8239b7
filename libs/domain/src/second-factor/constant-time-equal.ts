/**
 * Compares two digests without stopping at the first difference, so the time taken does not tell how much of a
 * guess was right. Pure (the domain imports no node:crypto): XOR of the char codes, the lengths folded in.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    // Past the end of the shorter string charCodeAt is NaN: `|| 0` keeps the loop the same length for both.
    difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  }
  return difference === 0;
}
