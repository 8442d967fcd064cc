import jsYaml from 'js-yaml';

/**
 * Kubernetes reads YAML through sigs.k8s.io/yaml (go-yaml): JSON-compatible scalars, merge keys,
 * no timestamps or binary types. The YAML 1.2 core schema plus merge keys is the closest js-yaml
 * schema. Unlike go-yaml's YAML 1.1 resolver it keeps `yes`/`on`/`no`/`off` as strings; the
 * normalizer reports unquoted ones where Kubernetes expects a string (annotations), because kubectl
 * would read them as booleans and the API server would reject the object.
 */
const MERGE_TYPE = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge;
export const K8S_SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [MERGE_TYPE] });
