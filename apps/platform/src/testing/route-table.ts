import type { NestExpressApplication } from '@nestjs/platform-express';

/** `METHOD /path` of every route registered on the Express instance (Nest controllers and anything else). */
export function routeTable(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const routes = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const [method, enabled] of Object.entries(layer.route.methods)) {
      if (enabled && method !== '_all') routes.add(`${method.toUpperCase()} ${layer.route.path}`);
    }
  }
  return [...routes].sort();
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}
