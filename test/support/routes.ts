import type { FastifyInstance } from 'fastify';

/**
 * Every (method, path) the server routes, from Fastify's own `printRoutes` tree (each line's path continues its
 * parent's), so a suite over "every route" checks routes added later without anyone listing them.
 */
export const routesOf = (server: FastifyInstance): Array<{ method: string; path: string }> => {
  const stack: string[] = [];
  const routes: Array<{ method: string; path: string }> = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const parent = stack[depth - 1] ?? '';
    const path = parent.endsWith('/') || match[2]!.startsWith('/') ? `${parent}${match[2]}` : `${parent}/${match[2]}`;
    stack.push(path);
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) routes.push({ method, path });
  }
  return routes;
};
