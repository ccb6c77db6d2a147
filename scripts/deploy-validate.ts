/**
 * Schema validation of the deployment artefacts, offline (test/deploy.test.ts runs it inside `npm test`):
 *
 * - Kubernetes: each manifest that `kubectl kustomize` renders from an overlay (scripts/kubectl.ts) against the
 *   OpenAPI schema of its kind, with the ajv validators that the npm packages kubernetes-models (Kubernetes 1.36.0
 *   OpenAPI, enums included), @kubernetes-models/keda (KEDA's CRDs: ScaledObject, TriggerAuthentication) and
 *   @kubernetes-models/external-secrets (ExternalSecret) compile from them. A kind not listed in KINDS is an error,
 *   so a new kind gets a schema before it ships. Like the Kubernetes OpenAPI itself (and kubeconform without
 *   -strict), these schemas accept unknown fields: the typed checks of test/deploy.test.ts cover the fields that
 *   matter (probes, ports, security context, env).
 * - docker-compose.yml: against the compose-spec JSON schema (test/schemas/compose-spec.json, vendored; its origin
 *   is in test/schemas/README.md), after the `${VAR:-default}` interpolation Compose itself does first.
 *
 *   npm run deploy:validate        (renders k8s/overlays/minikube and k8s/overlays/eks, prints the problems)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { kustomize } from './kubectl.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
type Model = { new (data: Obj): { validate(): void } };

/** The kinds Paygraph deploys, by `apiVersion/kind`, each with the model whose validator holds its schema. */
export const KINDS: Record<string, Model> = {
  'v1/ConfigMap': ConfigMap as unknown as Model,
  'v1/Namespace': Namespace as unknown as Model,
  'v1/Secret': Secret as unknown as Model,
  'v1/Service': Service as unknown as Model,
  'v1/ServiceAccount': ServiceAccount as unknown as Model,
  'apps/v1/Deployment': Deployment as unknown as Model,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler as unknown as Model,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as unknown as Model,
  'networking.k8s.io/v1/Ingress': Ingress as unknown as Model,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy as unknown as Model,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject as unknown as Model,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication as unknown as Model,
  'external-secrets.io/v1/ExternalSecret': ExternalSecret as unknown as Model,
};

const root = path.resolve(import.meta.dirname, '..');

export function parseYamlDocuments(text: string, where: string): Obj[] {
  return parseAllDocuments(text, { merge: true }).map((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${where} (document ${i + 1}): ${doc.errors.map((e) => e.message).join('; ')}`);
    if (doc.warnings.length > 0) throw new Error(`${where} (document ${i + 1}): ${doc.warnings.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Obj;
  }).filter((d) => d !== null && d !== undefined);
}

/** The manifests of a kustomization (an overlay, the base), rendered by the project's kustomize. */
export function render(dir: string): Obj[] {
  return parseYamlDocuments(kustomize(dir), `kustomize ${path.relative(root, dir) || dir}`);
}

/** Schema problems of rendered manifests: `Kind/name: <path> <message>`, or the kind having no schema here. */
export function kubernetesProblems(docs: Obj[]): string[] {
  const problems: string[] = [];
  for (const doc of docs) {
    const id = `${doc.kind}/${doc.metadata?.name}`;
    const model = KINDS[`${doc.apiVersion}/${doc.kind}`];
    if (!model) {
      problems.push(`${id}: no schema for ${doc.apiVersion} ${doc.kind} (add it to KINDS in scripts/deploy-validate.ts)`);
      continue;
    }
    const data = structuredClone(doc);
    // kustomize wraps long base64 values at 70 columns; the API server's decoder (Go's base64) skips the newlines.
    for (const field of ['data', 'binaryData'] as const) {
      if (doc.kind === 'Secret' || field === 'binaryData') {
        for (const [k, v] of Object.entries((data[field] ?? {}) as Obj)) if (typeof v === 'string') data[field][k] = v.replace(/[\r\n]/g, '');
      }
    }
    try {
      new model(data).validate();
    } catch (err) {
      const errors = (err as { errors?: { instancePath: string; message?: string; params?: Obj }[] }).errors;
      if (!errors) throw err;
      for (const e of errors) problems.push(`${id}: ${e.instancePath || '/'} ${e.message}${e.params?.allowedValues ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
    }
  }
  return problems;
}

/**
 * Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `$$` for a `$`, with the
 * variables in `env` (unset ones take their defaults, as in a fresh shell).
 */
export function interpolate(text: string, env: Record<string, string | undefined> = {}): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name?: string, op?: string, arg?: string, bare?: string) => {
      if (match === '$$') return '$';
      if (bare) return env[bare] ?? '';
      const value = env[name!];
      const unset = op?.startsWith(':') ? !value : value === undefined;
      if (op?.endsWith('-')) return unset ? interpolate(arg ?? '', env) : value!;
      if (op?.endsWith('?')) {
        if (unset) throw new Error(`compose: ${name} is required: ${arg}`);
        return value!;
      }
      return value ?? '';
    });
}

let composeValidator: ReturnType<Ajv['compile']> | undefined;
/** Problems of a compose file against the compose-spec schema: `<path> <message>`. */
export function composeSchemaProblems(compose: Obj): string[] {
  if (!composeValidator) {
    const schema = JSON.parse(readFileSync(path.join(root, 'test', 'schemas', 'compose-spec.json'), 'utf8')) as Obj;
    delete schema.$schema; // draft-07, ajv's default; its https meta-schema URL is not registered under that name
    composeValidator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  if (composeValidator(compose)) return [];
  return (composeValidator.errors ?? []).map((e) =>
    `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

/** docker-compose.yml as Compose reads it: interpolated (no variables set), then parsed. */
export function loadCompose(file = path.join(root, 'docker-compose.yml')): Obj {
  return parseYamlDocuments(interpolate(readFileSync(file, 'utf8')), path.relative(root, file))[0]!;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const problems: string[] = [];
  for (const overlay of ['minikube', 'eks']) {
    const docs = render(path.join(root, 'k8s', 'overlays', overlay));
    problems.push(...kubernetesProblems(docs).map((p) => `k8s/overlays/${overlay}: ${p}`));
    console.log(`k8s/overlays/${overlay}: ${docs.length} manifests`);
  }
  problems.push(...composeSchemaProblems(loadCompose()).map((p) => `docker-compose.yml: ${p}`));
  for (const p of problems) console.error(p);
  console.log(problems.length === 0 ? 'deployment artefacts valid' : `${problems.length} problems`);
  process.exit(problems.length === 0 ? 0 : 1);
}
