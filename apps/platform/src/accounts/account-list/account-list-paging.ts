/** Paging maths of « Gestion des comptes »: which page to show and which page links to offer. */

export const pageSizes = [20, 50, 100] as const;
export type PageSize = (typeof pageSizes)[number];

export function pageSizeOf(requested: unknown): PageSize {
  const n = Number.parseInt(String(requested ?? ''), 10);
  return (pageSizes as readonly number[]).includes(n) ? (n as PageSize) : 20;
}

export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(Math.max(0, total) / pageSize));
}

/** A page past the last shows the last one, so that « Page 99 sur 11 » never reads beside an empty list. */
export function clampPage(requested: number, total: number, pageSize: number): number {
  return Math.min(Math.max(1, requested), pageCountOf(total, pageSize));
}

export type PageLink = { kind: 'page'; page: number; current: boolean } | { kind: 'gap' };

/** The numbered window: the first and last pages, and `radius` pages either side of the current one. */
export function pageWindow(current: number, pageCount: number, radius = 2): PageLink[] {
  const shown = new Set<number>([1, pageCount]);
  for (let p = current - radius; p <= current + radius; p++) if (p >= 1 && p <= pageCount) shown.add(p);
  const pages = [...shown].sort((a, b) => a - b);
  const links: PageLink[] = [];
  pages.forEach((page, i) => {
    if (i > 0 && page - pages[i - 1] > 1) links.push({ kind: 'gap' });
    links.push({ kind: 'page', page, current: page === current });
  });
  return links;
}
