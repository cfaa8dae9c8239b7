/** Compile-time exhaustiveness: a switch that forgets a case no longer type-checks. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
