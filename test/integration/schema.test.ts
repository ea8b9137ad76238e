import fs from 'node:fs';
import path from 'node:path';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isSpecifiedScalarType } from 'graphql';
import { emitSdl } from '../../src/graphql/sdl';
import { buildStrataSchema } from '../../src/graphql/schema';

test('schema/schema.graphql is the SDL the code emits (run `npm run schema` after changing the API)', async () => {
  const committed = fs.readFileSync(path.resolve('schema/schema.graphql'), 'utf8');
  expect(committed).toBe(await emitSdl());
});

test('every type, field, argument and enum value has a description', async () => {
  const schema = await buildStrataSchema();
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
  }
  expect(missing).toEqual([]);
});
