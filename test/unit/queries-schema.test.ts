import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it, beforeAll } from 'vitest';
import { allDocuments } from '../../src/api/queries';

const schemaPath = join(__dirname, '../../schema/wandb.graphql');
const queriesDir = join(__dirname, '../../src/api/queries');

let schema: GraphQLSchema;
beforeAll(() => {
  schema = buildSchema(readFileSync(schemaPath, 'utf8'));
});

describe('every GraphQL document validates against the W&B schema', () => {
  it('covers every document module in src/api/queries', async () => {
    // Import each module directly, so a file left out of index.ts still gets its documents validated.
    // generated.ts holds the types generated from these documents, no documents of its own.
    const modules = readdirSync(queriesDir).filter((f) => f.endsWith('.ts') && !['index.ts', 'document.ts', 'generated.ts'].includes(f));
    for (const m of modules) await import(join(queriesDir, m));
    const indexText = readFileSync(join(queriesDir, 'index.ts'), 'utf8');
    for (const m of modules) expect(indexText, `${m} is not exported from queries/index.ts`).toContain(`'./${m.replace(/\.ts$/, '')}'`);
    // Documents written outside queries/ would escape this test: there must be none.
    const stray = findStrayDocuments(join(__dirname, '../../src'));
    expect(stray, 'GraphQL documents outside src/api/queries').toEqual([]);
    expect(allDocuments().length).toBeGreaterThanOrEqual(15);
  });

  it('has unique operation names', () => {
    const names = allDocuments().map((d) => d.operationName);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(allDocuments().map((d) => [d.operationName, d] as const))('%s', (_name, doc) => {
    const errors = validate(schema, parse(doc.text));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('has the hand-added Organization.orgEntity as the SDK reads it: a nullable Entity with a name', () => {
    // wandb/sdk/artifacts/_generated/fragments.py OrgInfoFragment (`org_entity: ... | None`, its
    // `name: str`), fetch_organization.py (`__typename` "Entity"); see schema/README.md.
    const org = schema.getType('Organization') as GraphQLObjectType;
    expect(org.getFields().orgEntity?.type.toString()).toBe('Entity');
    expect((schema.getType('Entity') as GraphQLObjectType).getFields().name?.type.toString()).toBe('String!');
  });

  it('catches a field the schema lacks (the test can fail)', () => {
    const errors = validate(schema, parse('query X { serverInfo { features { name } } }'));
    expect(errors[0]?.message).toBe('Cannot query field "features" on type "ServerInfo".');
  });
});

function findStrayDocuments(dir: string): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (p.endsWith(join('api', 'queries'))) continue;
      hits.push(...findStrayDocuments(p));
    } else if (entry.name.endsWith('.ts')) {
      const text = readFileSync(p, 'utf8');
      if (/`\s*(query|mutation)\s+[A-Z]\w*\s*[({]/.test(text) || /defineDocument\s*</.test(text)) hits.push(p);
    }
  }
  return hits;
}
