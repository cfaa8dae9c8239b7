/** One stream holds every published version (the platform has a single set of terms of use). */
export interface TermsOfUseState {
  versions: Readonly<Record<string, { publishedAt: string }>>;
  /** Publication order, oldest first. */
  order: readonly string[];
}

export const initialTermsOfUseState: TermsOfUseState = { versions: {}, order: [] };

export function publishedVersions(state: TermsOfUseState): readonly string[] {
  return state.order;
}

export function latestVersion(state: TermsOfUseState): string | undefined {
  return state.order[state.order.length - 1];
}
