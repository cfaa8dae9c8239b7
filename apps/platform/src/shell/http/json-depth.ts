import type { NextFunction, Request, Response } from 'express';

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
 * Refuses an over-nested JSON body with the usual validation answer before class-transformer walks it recursively
 * (which would overflow the stack and answer 500: found by test/fuzz).
 */
export function jsonDepthGuard(request: Request, response: Response, next: NextFunction): void {
  if (request.body && typeof request.body === 'object' && jsonDepthExceeds(request.body, MAX_JSON_DEPTH)) {
    response.status(400).json({
      statusCode: 400,
      code: 'validation.failed',
      message: 'Certains champs sont invalides.',
      errors: [{ field: '', message: `Le contenu JSON est trop imbriqué (${MAX_JSON_DEPTH} niveaux au plus).` }],
    });
    return;
  }
  next();
}
