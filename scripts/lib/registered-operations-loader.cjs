// graphql-codegen document loader: the registered operations (schema/operations/*.graphql) minus those listed in
// pending.json, whose fields do not exist yet. Tests get typed operations for exactly the contract that runs today.
// CommonJS because graphql-codegen requires custom loaders.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { parse, Kind } = require('graphql');

module.exports = function loadRegisteredOperations(docPath) {
  const pending = JSON.parse(readFileSync(path.join(path.dirname(docPath), 'pending.json'), 'utf8'));
  const document = parse(readFileSync(docPath, 'utf8'));
  const definitions = document.definitions.filter(
    (d) => d.kind !== Kind.OPERATION_DEFINITION || !(d.name && Object.hasOwn(pending, d.name.value)),
  );
  return { ...document, definitions };
};
