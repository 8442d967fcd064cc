/**
 * The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that a log like ours
 * touches, written out as checks: required properties, enums, bounds, and the closed property sets
 * of the objects we emit. No network: the schema is not fetched.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Property sets from the 2.1.0 schema (the subset an object of that type may carry; additionalProperties is false there).
const ALLOWED: Record<string, string[]> = {
  sarifLog: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties'],
  tool: ['driver', 'extensions', 'properties'],
  toolComponent: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'],
  reportingDescriptor: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'],
  reportingConfiguration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  result: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'],
  logicalLocation: ['name', 'index', 'fullyQualifiedName', 'decoratedName', 'parentIndex', 'kind', 'properties'],
};

export function checkSarif(log: unknown): string[] {
  const errors: string[] = [];
  const closed = (type: string, v: Obj, path: string) => {
    for (const k of Object.keys(v)) if (!ALLOWED[type]!.includes(k)) errors.push(`${path}: property ${k} not allowed on ${type}`);
  };
  const message = (m: unknown, path: string) => {
    if (!isObj(m)) return errors.push(`${path}: message must be an object`);
    closed('message', m, path);
    if (typeof m.text !== 'string' && typeof m.id !== 'string') errors.push(`${path}: message needs text or id`);
  };
  if (!isObj(log)) return ['log is not an object'];
  closed('sarifLog', log, '$');
  if (log.version !== '2.1.0') errors.push('$.version must be "2.1.0"');
  if (!Array.isArray(log.runs)) return [...errors, '$.runs must be an array'];
  log.runs.forEach((run: unknown, ri) => {
    const rp = `$.runs[${ri}]`;
    if (!isObj(run)) return errors.push(`${rp}: not an object`);
    closed('run', run, rp);
    if (run.columnKind !== undefined && run.columnKind !== 'utf16CodeUnits' && run.columnKind !== 'unicodeCodePoints') errors.push(`${rp}.columnKind invalid`);
    const tool = run.tool;
    if (!isObj(tool) || !isObj(tool.driver)) return errors.push(`${rp}.tool.driver required`);
    closed('tool', tool, `${rp}.tool`);
    const driver = tool.driver;
    closed('toolComponent', driver, `${rp}.tool.driver`);
    if (typeof driver.name !== 'string') errors.push(`${rp}.tool.driver.name required`);
    const rules = (driver.rules ?? []) as unknown[];
    if (!Array.isArray(rules)) errors.push(`${rp}.tool.driver.rules must be an array`);
    const ids = new Set<string>();
    rules.forEach((r, i) => {
      const p = `${rp}.tool.driver.rules[${i}]`;
      if (!isObj(r)) return errors.push(`${p}: not an object`);
      closed('reportingDescriptor', r, p);
      if (typeof r.id !== 'string') errors.push(`${p}.id required`);
      else if (ids.has(r.id)) errors.push(`${p}.id duplicate ${r.id}`);
      else ids.add(r.id);
      if (r.shortDescription !== undefined) message(r.shortDescription, `${p}.shortDescription`);
      if (r.defaultConfiguration !== undefined) {
        if (!isObj(r.defaultConfiguration)) errors.push(`${p}.defaultConfiguration not an object`);
        else {
          closed('reportingConfiguration', r.defaultConfiguration, `${p}.defaultConfiguration`);
          const l = r.defaultConfiguration.level;
          if (l !== undefined && !['none', 'note', 'warning', 'error'].includes(l as string)) errors.push(`${p}.defaultConfiguration.level invalid`);
        }
      }
    });
    if (run.results === undefined) return;
    if (!Array.isArray(run.results)) return errors.push(`${rp}.results must be an array`);
    run.results.forEach((res: unknown, i) => {
      const p = `${rp}.results[${i}]`;
      if (!isObj(res)) return errors.push(`${p}: not an object`);
      closed('result', res, p);
      message(res.message, `${p}.message`);
      if (res.level !== undefined && !['none', 'note', 'warning', 'error'].includes(res.level as string)) errors.push(`${p}.level invalid`);
      if (res.ruleIndex !== undefined) {
        if (!Number.isInteger(res.ruleIndex) || (res.ruleIndex as number) < -1) errors.push(`${p}.ruleIndex invalid`);
        else if ((rules[res.ruleIndex as number] as Obj | undefined)?.id !== res.ruleId) errors.push(`${p}.ruleIndex does not point at ruleId ${String(res.ruleId)}`);
      }
      if (res.partialFingerprints !== undefined && (!isObj(res.partialFingerprints) || Object.values(res.partialFingerprints).some((v) => typeof v !== 'string'))) {
        errors.push(`${p}.partialFingerprints must map to strings`);
      }
      const locs = (res.locations ?? []) as unknown[];
      if (!Array.isArray(locs)) return errors.push(`${p}.locations must be an array`);
      locs.forEach((l, li) => {
        const lp = `${p}.locations[${li}]`;
        if (!isObj(l)) return errors.push(`${lp}: not an object`);
        closed('location', l, lp);
        if (l.physicalLocation !== undefined) {
          const pl = l.physicalLocation;
          if (!isObj(pl)) return errors.push(`${lp}.physicalLocation not an object`);
          closed('physicalLocation', pl, `${lp}.physicalLocation`);
          if (!isObj(pl.artifactLocation)) errors.push(`${lp}.physicalLocation.artifactLocation required here`);
          else {
            closed('artifactLocation', pl.artifactLocation, `${lp}.physicalLocation.artifactLocation`);
            const uri = pl.artifactLocation.uri;
            if (typeof uri !== 'string' || /[\s\\]/.test(uri)) errors.push(`${lp}.physicalLocation.artifactLocation.uri must be a URI reference`);
          }
          if (pl.region !== undefined) {
            if (!isObj(pl.region)) errors.push(`${lp}.physicalLocation.region not an object`);
            else {
              closed('region', pl.region, `${lp}.physicalLocation.region`);
              if (!Number.isInteger(pl.region.startLine) || (pl.region.startLine as number) < 1) errors.push(`${lp}.physicalLocation.region.startLine must be an integer >= 1`);
            }
          }
        }
        ((l.logicalLocations ?? []) as unknown[]).forEach((ll, lli) => {
          if (!isObj(ll)) errors.push(`${lp}.logicalLocations[${lli}] not an object`);
          else closed('logicalLocation', ll, `${lp}.logicalLocations[${lli}]`);
        });
      });
    });
  });
  return errors;
}
