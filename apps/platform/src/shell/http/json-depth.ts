/** Deeper than any body the API accepts (the deepest DTO has 3 levels), far below what overflows the stack. */
export const MAX_JSON_DEPTH = 32;

/** Depth of a parsed JSON value, measured without recursion (a 2 MB body can nest ~1,000,000 levels). */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * An over-nested JSON body, refused by the JSON parser with the usual field error before class-transformer walks it
 * recursively (which would overflow the stack and answer 500: found by test/fuzz).
 */
export class JsonTooDeepError extends Error {
  readonly field = '';
  constructor() {
    super(`Le contenu JSON est trop imbriqué (${MAX_JSON_DEPTH} niveaux au plus).`);
    this.name = 'JsonTooDeepError';
  }
}
