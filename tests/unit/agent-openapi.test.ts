import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import openapi from '../../main/core/agent/openapi.json' with { type: 'json' };
import { agentRoutes } from '../../main/core/agent/routes';

type Operations = Record<string, Record<string, unknown>>;
const paths = openapi.paths as unknown as Operations;
const METHODS = ['get', 'post', 'delete', 'put', 'patch'];

/** A concrete path for a documented template, so the server's route patterns can be tried on it. */
function sample(template: string): string {
  return template
    .replace(/\/v1\/pairing\/\{id\}/, '/v1/pairing/0b9c2f46-6a3e-4f7e-9d55-0f4d1d3f8a10')
    .replace('{id}', 'mdx3k2-0a1b2c3d')
    .replace('{seq}', '7');
}

const documented = Object.entries(paths).flatMap(([template, item]) =>
  Object.keys(item)
    .filter((key) => METHODS.includes(key))
    .map((method) => ({ template, method: method.toUpperCase(), path: sample(template) })),
);

describe('the agent OpenAPI document (main/core/agent/openapi.json)', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openapi));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The same check rejects a broken copy: it is not a rubber stamp.
    const broken = structuredClone(openapi) as unknown as { paths: Record<string, unknown> };
    broken.paths['/v1/broken'] = { get: { responses: 'none' } };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('documents every route the server answers', () => {
    for (const route of agentRoutes) {
      const found = documented.filter((operation) => operation.method === route.method && route.path.test(operation.path));
      expect(found, `${route.method} ${route.path}`).toHaveLength(1);
    }
  });

  it('documents no operation the server lacks', () => {
    for (const operation of documented) {
      const routes = agentRoutes.filter((route) => route.method === operation.method && route.path.test(operation.path));
      expect(routes, `${operation.method} ${operation.template}`).toHaveLength(1);
    }
  });

  it('gives every operation an id, a summary and coded error answers', () => {
    for (const operation of documented) {
      const spec = paths[operation.template]![operation.method.toLowerCase()] as { operationId?: string; summary?: string; responses: Record<string, unknown> };
      expect(spec.operationId, operation.template).toBeTruthy();
      expect(spec.summary, operation.template).toBeTruthy();
      if (spec.operationId !== 'getOpenApi') expect(Object.keys(spec.responses).some((status) => Number(status) >= 400), operation.template).toBe(true);
    }
  });
});
