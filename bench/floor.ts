/**
 * The floor the converter is measured against: a bare Node process that does only the unavoidable
 * work with js-yaml: parse the same input (all documents) and print the same output documents.
 * The output objects are the converter's own, computed once beforehand and handed over as JSON
 * (JSON.parse of them is part of the floor's time: it makes the floor slightly slower, never faster).
 *
 * Usage: node dist/bench/floor.js INPUT.yaml|DIR OUTPUT-OBJECTS.json > /dev/null
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';

const [input, objectsFile] = process.argv.slice(2);
if (!input || !objectsFile) {
  process.stderr.write('usage: floor INPUT OUTPUT-OBJECTS.json\n');
  process.exit(2);
}
const files = statSync(input).isDirectory() ? readdirSync(input).sort().map((f) => join(input, f)) : [input];
let documents = 0;
for (const f of files) {
  const docs = jsYaml.loadAll(readFileSync(f, 'utf8'));
  documents += docs.length;
}
const objects = JSON.parse(readFileSync(objectsFile, 'utf8')) as unknown[];
let out = '';
for (const o of objects) {
  out += '---\n';
  out += jsYaml.dump(o, { noRefs: true, lineWidth: -1, quotingType: '"', sortKeys: false });
}
process.stdout.write(out);
if (process.env.FLOOR_VERBOSE) process.stderr.write(`floor: ${documents} input documents, ${objects.length} output documents, ${out.length} characters\n`);
