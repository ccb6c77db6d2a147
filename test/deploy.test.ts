/**
 * Static checks of the deployment artefacts (Dockerfile, docker-compose.yml, k8s/): no Docker engine or cluster is
 * needed. k8s/ is rendered with the project's own kustomize (scripts/kubectl.ts: kubectl 1.33 from the npm registry,
 * installed on first use) and every rendered manifest is validated against its kind's OpenAPI / CRD schema
 * (scripts/deploy-validate.ts); docker-compose.yml against the compose-spec schema. On top of the schemas, the
 * checks hold the artefacts to the code: the subgraphs and their ports come from the composed supergraph, variables,
 * defaults and internal reads (<NAME>_URL) from the services' own config schemas and .env.example, event consumers
 * from packages/events/src/routing.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { routing } from '@paygraph/events';
import { composeSchemaProblems, interpolate, kubernetesProblems, loadCompose, parseYamlDocuments, render } from '../scripts/deploy-validate.js';
import type { z } from 'zod';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const root = path.resolve(import.meta.dirname, '..');
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');

interface ServiceSpec {
  name: string;
  role: 'gateway' | 'subgraph';
  entry: string;
  portVar: string;
  port: number;
}

/**
 * Every deployable service: the gateway, and each subgraph of the composed supergraph at the port its URL names there
 * (entry subgraphs/<name>/src/index.ts, port variable <NAME>_PORT). Composing a subgraph in makes the checks below
 * ask for everything it needs (docs/deploy.md, "Adding a service").
 */
const supergraphGraphs = [...readFileSync(path.join(root, 'schema/supergraph.graphql'), 'utf8')
  .matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map((m) => ({ name: m[1]!, url: m[2]! }));
const SERVICES: ServiceSpec[] = [
  { name: 'gateway', role: 'gateway', entry: 'gateway/src/index.ts', portVar: 'GATEWAY_PORT', port: 4000 },
  ...supergraphGraphs.map(({ name, url }): ServiceSpec => ({
    name,
    role: 'subgraph',
    entry: `subgraphs/${name}/src/index.ts`,
    portVar: `${name.toUpperCase()}_PORT`,
    port: Number(new URL(url).port),
  })),
];
const SUBGRAPHS = SERVICES.filter((s) => s.role === 'subgraph');
const byName = (name: string) => SERVICES.find((s) => s.name === name)!;

/** Each service's zod config schema (the `*ConfigSchema` export of the config.ts beside its entry). */
const configSchemas = new Map<string, z.ZodObject>(await Promise.all(SERVICES.map(async (svc) => {
  const file = path.join(root, path.dirname(svc.entry), 'config.ts');
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const schemas = Object.entries(mod).filter(([name]) => name.endsWith('ConfigSchema')).map(([, v]) => v as z.ZodObject);
  if (schemas.length !== 1 || !schemas[0]!.shape) throw new Error(`${file}: expected one exported *ConfigSchema object`);
  return [svc.name, schemas[0]!] as const;
})));
const configKeys = (svc: ServiceSpec) => Object.keys(configSchemas.get(svc.name)!.shape);
/** The variables a service cannot start without (no default): what parsing an empty environment complains about. */
function configRequired(svc: ServiceSpec): string[] {
  const result = configSchemas.get(svc.name)!.safeParse({});
  return result.success ? [] : [...new Set(result.error.issues.map((i) => String(i.path[0])))].sort();
}
/** The configuration a service gets from `env` plus dummy values for its required variables. */
function parseConfigOf(svc: ServiceSpec, env: Record<string, string>): Obj {
  const filled = Object.fromEntries(configRequired(svc).map((name) => [name, 'x'.repeat(64)]));
  return configSchemas.get(svc.name)!.parse({ ...filled, ...env }) as Obj;
}

interface InternalRead { from: string; to: string; variable: string }
/**
 * Subgraph-to-subgraph calls: a `<NAME>_URL` setting naming another subgraph (payments' USERS_URL, ...). Its default
 * must point at that subgraph's port; compose, Kubernetes and the NetworkPolicies must all follow these.
 */
const INTERNAL_READS: InternalRead[] = SUBGRAPHS.flatMap((svc) =>
  configKeys(svc)
    .map((variable) => ({ variable, to: /^([A-Z]+)_URL$/.exec(variable)?.[1]?.toLowerCase() }))
    .filter((r): r is { variable: string; to: string } => !!r.to && SUBGRAPHS.some((g) => g.name === r.to))
    .map((r) => ({ from: svc.name, ...r })));
const internalUrl = (to: string) => `http://${to}:${byName(to).port}/graphql`;

/** Variables the deployment artefacts may set beyond .env.example: each is explained in docs/deploy.md. */
const DEPLOYMENT_ONLY_VARS = ['PAYGRAPH_ENTRY'];
/** dd-trace / DataDog agent settings (DD_ENV, DD_SERVICE, DD_VERSION, DD_AGENT_HOST, ...) are DataDog's own. */
const isDatadogVar = (name: string) => name.startsWith('DD_');

// --- loading -------------------------------------------------------------------------------------------------------

const parseYaml = parseYamlDocuments;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const k8sDir = path.join(root, 'k8s');
const yamlFiles = [...walk(k8sDir).filter((f) => /\.ya?ml$/.test(f)), path.join(root, 'docker-compose.yml')];
/** Every kustomization: k8s/'s and schema/'s (the supergraph ConfigMap's generator). */
const kustomizationFiles = [...walk(k8sDir).filter((f) => path.basename(f) === 'kustomization.yaml'), path.join(root, 'schema', 'kustomization.yaml')];

function loadKustomization(dir: string): Obj {
  const [k] = parseYaml(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'), path.relative(root, dir));
  return k ?? {};
}

/** The raw documents a kustomization lists as resources (not its bases, not generated ones). */
function ownResources(dir: string): Obj[] {
  const k = loadKustomization(dir);
  return ((k.resources ?? []) as string[])
    .map((r) => path.join(dir, r))
    .filter((p) => existsSync(p) && statSync(p).isFile())
    .flatMap((p) => parseYaml(readFileSync(p, 'utf8'), path.relative(root, p)));
}

const baseDir = path.join(k8sDir, 'base');
const OVERLAYS = ['minikube', 'eks'] as const;
const overlayDirs = OVERLAYS.map((o) => path.join(k8sDir, 'overlays', o));
/** What kustomize makes of the base and of each overlay (kubectl kustomize <dir>). */
const base = render(baseDir);
const rendered = Object.fromEntries(OVERLAYS.map((o, i) => [o, render(overlayDirs[i]!)])) as Record<(typeof OVERLAYS)[number], Obj[]>;
/** The subgraphs that consume events: they scale on their queue's depth too (KEDA). */
const CONSUMERS = new Set(Object.keys(routing));
const find = (docs: Obj[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata?.name === name);

/** KEY=value files (.env.example, kustomize env files). Commented-out assignments count as documented names. */
function envFileNames(text: string, includeCommented: boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = (includeCommented ? /^\s*#?\s*([A-Z][A-Z0-9_]*)=(\S*)/ : /^\s*([A-Z][A-Z0-9_]*)=(\S*)/).exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

const envExampleText = read('.env.example');
const envExample = envFileNames(envExampleText, true);

/** .env.example's sections ('*' = shared by every service, else the first word of the header): name -> value. */
function envExampleSections(includeCommented: boolean): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>([['*', new Map()]]);
  let section = '*';
  for (const line of envExampleText.split('\n')) {
    const header = /^# --- (.+?) -+\s*$/.exec(line);
    if (header) {
      section = header[1]!.startsWith('shared') ? '*' : header[1]!.split(' ')[0]!;
      if (!out.has(section)) out.set(section, new Map());
      continue;
    }
    for (const [name, value] of envFileNames(line, includeCommented)) out.get(section)!.set(name, value);
  }
  return out;
}

/** .env.example's REQUIRED variables, by the section they are in ('*' = shared by every service). */
function requiredBySection(): Map<string, string> {
  const out = new Map<string, string>();
  let section = '*';
  for (const line of envExampleText.split('\n')) {
    const header = /^# --- (.+?) -+\s*$/.exec(line);
    if (header) section = header[1]!.startsWith('shared') ? '*' : header[1]!.split(' ')[0]!;
    const v = /^\s*([A-Z][A-Z0-9_]*)=.*REQUIRED/.exec(line);
    if (v) out.set(v[1]!, section);
  }
  return out;
}

const compose = parseYaml(read('docker-compose.yml'), 'docker-compose.yml')[0]!;
const composeServices = compose.services as Obj;
const composeEnv = (name: string) => (composeServices[name]?.environment ?? {}) as Obj;


// --- checks (return problems, so a test can show them all and the checks themselves can be tested) -------------

const matches = (selector: Obj | undefined, labels: Obj) => {
  if (selector?.matchExpressions) throw new Error('matchExpressions: extend the test before using them');
  return Object.entries((selector?.matchLabels ?? {}) as Obj).every(([k, v]) => labels[k] === v);
};

function envOf(container: Obj): Map<string, Obj> {
  return new Map(((container.env ?? []) as Obj[]).map((e) => [e.name as string, e]));
}

/** Resolves a probe's port (a number or a container port name) to a number. */
function portNumber(container: Obj, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  return ((container.ports ?? []) as Obj[]).find((p) => p.name === port)?.containerPort;
}

/** Problems of a rendered Deployment; `overlay`: rendered from an overlay (which adds the DataDog env/version labels). */
function deploymentProblems(dep: Obj | undefined, svc: ServiceSpec, opts: { overlay?: boolean } = {}): string[] {
  if (!dep) return [`${svc.name}: no Deployment`];
  const problems: string[] = [];
  const p = (msg: string) => problems.push(`${svc.name}: ${msg}`);
  const labels = (dep.metadata?.labels ?? {}) as Obj;
  const podLabels = (dep.spec?.template?.metadata?.labels ?? {}) as Obj;
  for (const [where, l] of [['metadata', labels], ['pod template', podLabels]] as const) {
    if (l['app.kubernetes.io/name'] !== svc.name) p(`${where} label app.kubernetes.io/name`);
    if (l['app.kubernetes.io/component'] !== svc.role) p(`${where} label app.kubernetes.io/component`);
    if (l['app.kubernetes.io/part-of'] !== 'paygraph') p(`${where} label app.kubernetes.io/part-of`);
    if (l['tags.datadoghq.com/service'] !== svc.name) p(`${where} label tags.datadoghq.com/service`);
    if (opts.overlay && !l['tags.datadoghq.com/env']) p(`${where} label tags.datadoghq.com/env (overlay)`);
    if (opts.overlay && !l['tags.datadoghq.com/version']) p(`${where} label tags.datadoghq.com/version (overlay)`);
  }
  if (!dep.spec?.selector?.matchLabels || !matches(dep.spec.selector, podLabels)) p('selector does not match the pod labels');
  if (dep.spec?.replicas !== undefined) p('spec.replicas is set (the HPA owns it)');
  const pod = (dep.spec?.template?.spec ?? {}) as Obj;
  if (pod.enableServiceLinks !== false) p('enableServiceLinks must be false (Docker-link vars clash with *_PORT settings)');
  if (pod.serviceAccountName !== svc.name) p('serviceAccountName');
  if (pod.securityContext?.runAsNonRoot !== true) p('pod securityContext.runAsNonRoot');
  if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') p('pod seccompProfile RuntimeDefault');
  const containers = (pod.containers ?? []) as Obj[];
  if (containers.length !== 1) p(`expected one container, found ${containers.length}`);
  const c = containers[0] ?? {};
  if (!/(^|\/)paygraph:[\w.-]+$/.test(c.image)) p(`image ${c.image}`);
  const http = ((c.ports ?? []) as Obj[]).find((port) => port.name === 'http');
  if (http?.containerPort !== svc.port) p(`container port "http" is ${http?.containerPort}, expected ${svc.port}`);

  const env = envOf(c);
  if (env.get('PAYGRAPH_ENTRY')?.value !== svc.entry) p(`PAYGRAPH_ENTRY is ${env.get('PAYGRAPH_ENTRY')?.value}`);
  if (env.get(svc.portVar)?.value !== String(svc.port)) p(`${svc.portVar} is ${env.get(svc.portVar)?.value}`);
  if (env.get('DD_AGENT_HOST')?.valueFrom?.fieldRef?.fieldPath !== 'status.hostIP') p('DD_AGENT_HOST from status.hostIP');
  for (const [name, label] of [['DD_ENV', 'env'], ['DD_SERVICE', 'service'], ['DD_VERSION', 'version']]) {
    if (env.get(name!)?.valueFrom?.fieldRef?.fieldPath !== `metadata.labels['tags.datadoghq.com/${label}']`) p(`${name} from the pod label`);
  }
  for (const secret of ['INTERNAL_AUTH_SECRET', 'REDIS_URL', ...(svc.role === 'subgraph' ? ['DATABASE_URL'] : [])]) {
    if (!env.get(secret)?.valueFrom?.secretKeyRef) p(`${secret} from a Secret`);
  }
  const envFrom = ((c.envFrom ?? []) as Obj[]).map((e) => e.configMapRef?.name as string);
  if (!envFrom.some((n) => /^paygraph-config-[a-z0-9]{10}$/.test(n ?? ''))) p('envFrom paygraph-config (generated, hashed name)');

  const probes: [string, string][] = [['readinessProbe', '/_readiness'], ['livenessProbe', '/_health'], ['startupProbe', '/_health']];
  for (const [probe, probePath] of probes) {
    const get = c[probe]?.httpGet;
    if (!get) p(`no ${probe}`);
    else {
      if (get.path !== probePath) p(`${probe} path ${get.path}, expected ${probePath}`);
      if (portNumber(c, get.port) !== svc.port) p(`${probe} port ${get.port} is not ${svc.port}`);
    }
  }
  const preStop = c.lifecycle?.preStop?.exec?.command as string[] | undefined;
  const preStopSeconds = preStop?.[0] === 'sleep' ? Number(preStop[1]) : NaN;
  if (!(preStopSeconds > 0)) p('preStop sleep');
  else if (!((pod.terminationGracePeriodSeconds ?? 30) >= preStopSeconds + 30)) p('terminationGracePeriodSeconds < preStop + 30 s of drain');
  if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) p('resources (requests cpu+memory, limits memory)');
  const sc = (c.securityContext ?? {}) as Obj;
  if (sc.allowPrivilegeEscalation !== false) p('allowPrivilegeEscalation');
  if (sc.readOnlyRootFilesystem !== true) p('readOnlyRootFilesystem');
  if (!((sc.capabilities?.drop ?? []) as string[]).includes('ALL')) p('capabilities.drop ALL');
  const mounts = ((c.volumeMounts ?? []) as Obj[]).map((m) => m.mountPath as string);
  if (!mounts.includes('/tmp')) p('a writable /tmp (tsx cache) with the read-only root filesystem');

  if (svc.role === 'gateway') {
    const supergraphPath = env.get('SUPERGRAPH_PATH')?.value as string | undefined;
    if (!supergraphPath || !mounts.includes(path.posix.dirname(supergraphPath))) p('SUPERGRAPH_PATH is not in a mounted volume');
    problems.push(...subgraphUrlProblems(env.get('SUBGRAPH_URLS')?.value, 'k8s gateway'));
    if (env.get('JWKS_URL')?.value !== 'http://users:4001/.well-known/jwks.json') p('JWKS_URL');
  }
  return problems;
}

function subgraphUrlProblems(value: unknown, where: string): string[] {
  const urls = new Map(String(value ?? '').split(',').filter(Boolean).map((pair) => pair.split('=') as [string, string]));
  const problems: string[] = [];
  for (const sg of SUBGRAPHS) {
    const expected = `http://${sg.name}:${sg.port}/graphql`;
    if (urls.get(sg.name) !== expected) problems.push(`${where}: SUBGRAPH_URLS ${sg.name} is ${urls.get(sg.name)}, expected ${expected}`);
  }
  for (const name of urls.keys()) if (!SUBGRAPHS.some((s) => s.name === name)) problems.push(`${where}: SUBGRAPH_URLS names unknown ${name}`);
  return problems;
}

/** Names of variables set outside .env.example and DataDog's own. */
function unknownVars(names: Iterable<string>): string[] {
  return [...names].filter((n) => !envExample.has(n) && !isDatadogVar(n) && !DEPLOYMENT_ONLY_VARS.includes(n));
}

/** Files a kustomization names that do not exist, or that kustomize's load restrictor would refuse. */
function kustomizationProblems(dir: string, k: Obj): string[] {
  const problems: string[] = [];
  const rel = path.relative(root, dir);
  const inside = (f: string) => path.resolve(dir, f).startsWith(dir + path.sep);
  const needFile = (f: string, what: string) => {
    if (!existsSync(path.join(dir, f))) problems.push(`${rel}: ${what} ${f} does not exist`);
    else if (!inside(f)) problems.push(`${rel}: ${what} ${f} is outside the kustomization (load restrictor)`);
  };
  for (const r of (k.resources ?? []) as string[]) {
    const p = path.join(dir, r);
    if (/^[a-z]+:\/\//.test(r)) problems.push(`${rel}: remote resource ${r}`);
    else if (!existsSync(p)) problems.push(`${rel}: resource ${r} does not exist`);
    else if (statSync(p).isDirectory() && !existsSync(path.join(p, 'kustomization.yaml'))) problems.push(`${rel}: ${r} has no kustomization.yaml`);
  }
  for (const c of (k.components ?? []) as string[]) {
    if (!existsSync(path.join(dir, c, 'kustomization.yaml'))) problems.push(`${rel}: component ${c} has no kustomization.yaml`);
  }
  for (const patch of (k.patches ?? []) as Obj[]) if (patch.path) needFile(patch.path, 'patch');
  for (const patch of (k.patchesStrategicMerge ?? []) as string[]) needFile(patch, 'patch');
  for (const gen of [...((k.configMapGenerator ?? []) as Obj[]), ...((k.secretGenerator ?? []) as Obj[])]) {
    for (const f of (gen.files ?? []) as string[]) needFile(f.includes('=') ? f.split('=')[1]! : f, `${gen.name} file`);
    for (const f of (gen.envs ?? []) as string[]) needFile(f, `${gen.name} env file`);
  }
  return problems;
}

/**
 * One autoscaler per service: a CPU HorizontalPodAutoscaler, or for an event consumer a KEDA ScaledObject on CPU
 * and on the depth of its own queue (SQS_QUEUE_PREFIX + name + .fifo), authenticated by a TriggerAuthentication
 * of the same build. Never both: KEDA makes its own HPA, and two would fight over the replica count.
 */
function autoscalerProblems(docs: Obj[], svc: ServiceSpec, minReplicas = 2): string[] {
  const problems: string[] = [];
  const p = (msg: string) => problems.push(`${svc.name}: ${msg}`);
  const target = (d: Obj) => d.spec?.scaleTargetRef?.name === svc.name && (d.spec?.scaleTargetRef?.kind ?? 'Deployment') === 'Deployment';
  const hpas = docs.filter((d) => d.kind === 'HorizontalPodAutoscaler' && target(d));
  const scaledObjects = docs.filter((d) => d.kind === 'ScaledObject' && target(d));
  if (CONSUMERS.has(svc.name)) {
    if (hpas.length > 0) p('an event consumer with a plain HPA (KEDA owns its HPA)');
    if (scaledObjects.length !== 1) return [...problems, `${svc.name}: ${scaledObjects.length} ScaledObjects, expected 1`];
    const so = scaledObjects[0]!;
    if (!(so.spec.minReplicaCount >= 1) || !(so.spec.maxReplicaCount > so.spec.minReplicaCount)) p('ScaledObject replica range');
    const triggers = (so.spec.triggers ?? []) as Obj[];
    if (!triggers.some((t) => t.type === 'cpu' && t.metricType === 'Utilization' && Number(t.metadata?.value) > 0)) p('no CPU trigger');
    const sqs = triggers.filter((t) => t.type === 'aws-sqs-queue');
    const prefix = envFileNames(read('k8s/base/config.env'), false).get('SQS_QUEUE_PREFIX');
    if (sqs.length !== 1) p(`${sqs.length} aws-sqs-queue triggers, expected 1`);
    for (const t of sqs) {
      const queue = String(t.metadata?.queueURL ?? '').split('/').at(-1);
      if (queue !== `${prefix}${svc.name}.fifo`) p(`aws-sqs-queue trigger reads ${t.metadata?.queueURL}, expected ${prefix}${svc.name}.fifo`);
      if (!(Number(t.metadata?.queueLength) > 0)) p('aws-sqs-queue queueLength');
      if (!t.metadata?.awsRegion) p('aws-sqs-queue awsRegion');
      if (!find(docs, 'TriggerAuthentication', t.authenticationRef?.name)) p(`TriggerAuthentication ${t.authenticationRef?.name} is not in the build`);
    }
  } else {
    if (scaledObjects.length > 0) p('a ScaledObject, but it consumes no event');
    if (hpas.length !== 1) return [...problems, `${svc.name}: ${hpas.length} HPAs, expected 1`];
    const hpa = hpas[0]!;
    if (hpa.spec.scaleTargetRef.apiVersion !== 'apps/v1') p('HPA scaleTargetRef apiVersion');
    if (!(hpa.spec.minReplicas >= 1) || !(hpa.spec.maxReplicas > hpa.spec.minReplicas)) p('HPA replica range');
    if (!((hpa.spec.metrics ?? []) as Obj[]).some((m) => m.resource?.name === 'cpu')) p('HPA without a CPU metric');
  }
  const min = CONSUMERS.has(svc.name) ? scaledObjects[0]?.spec?.minReplicaCount : hpas[0]?.spec?.minReplicas;
  if (!(min >= minReplicas)) p(`minimum replicas ${min}, expected ${minReplicas} or more`);
  return problems;
}

const templateLabels = (dep: Obj) => (dep.spec?.template?.metadata?.labels ?? {}) as Obj;

/** A pod as NetworkPolicies see it: its labels, its namespace's labels, and the container port connected to. */
interface Endpoint { labels: Obj; namespace: Obj; port?: { name?: string; containerPort: number } }
const paygraphNamespace = (docs: Obj[]): Obj =>
  ({ ...(find(docs, 'Namespace', 'paygraph')?.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': 'paygraph' });
const inPaygraph = (e: Endpoint) => e.namespace['kubernetes.io/metadata.name'] === 'paygraph';

/** Whether `rule` (an ingress or egress rule) admits `peer` on `port`. An ipBlock may hold any pod's address. */
function ruleAdmits(rule: Obj, peers: Obj[] | undefined, peer: Endpoint, port: Endpoint['port']): boolean {
  const peerOk = !peers?.length || peers.some((p) => {
    if (p.ipBlock) return true;
    const namespaceOk = p.namespaceSelector ? matches(p.namespaceSelector, peer.namespace) : inPaygraph(peer);
    return namespaceOk && (!p.podSelector || matches(p.podSelector, peer.labels));
  });
  const ports = (rule.ports ?? []) as Obj[];
  const portOk = ports.length === 0 || ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined
    || p.port === port?.name
    || (typeof p.port === 'number' && port !== undefined && port.containerPort >= p.port && port.containerPort <= (p.endPort ?? p.port))));
  return peerOk && portOk;
}

/** Whether the policies of namespace paygraph let `from` open a TCP connection to `to` (Kubernetes semantics). */
function reachable(policies: Obj[], from: Endpoint, to: Endpoint): boolean {
  const allows = (direction: 'Ingress' | 'Egress', subject: Endpoint, peer: Endpoint) => {
    if (!inPaygraph(subject)) return true; // not ours to restrict
    const selecting = policies.filter((p) =>
      matches(p.spec.podSelector, subject.labels)
      && ((p.spec.policyTypes as string[] | undefined) ?? ['Ingress', ...(p.spec.egress ? ['Egress'] : [])]).includes(direction));
    if (selecting.length === 0) return true;
    return selecting.some((p) => ((direction === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? [] as Obj[]).some((rule: Obj) =>
      ruleAdmits(rule, direction === 'Ingress' ? rule.from : rule.to, peer, to.port)));
  };
  return allows('Egress', from, to) && allows('Ingress', to, from);
}

/**
 * Who reaches whose "http" port, against who should: the ingress controller reaches the gateway only; the gateway
 * reaches every subgraph; a subgraph reaches exactly the subgraphs it reads (INTERNAL_READS); nothing else does.
 */
function reachProblems(docs: Obj[]): string[] {
  const policies = docs.filter((d) => d.kind === 'NetworkPolicy');
  const namespace = paygraphNamespace(docs);
  const endpoint = (svc: ServiceSpec): Endpoint => {
    const dep = find(docs, 'Deployment', svc.name)!;
    const http = (dep.spec.template.spec.containers[0].ports as Obj[]).find((p) => p.name === 'http') as Endpoint['port'];
    return { labels: templateLabels(dep), namespace, port: http };
  };
  const outsiders: [string, Endpoint][] = [
    ['ingress-nginx', { labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, namespace: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }],
    ['another pod of the namespace', { labels: { app: 'debug' }, namespace }],
    ['a pod of another namespace', { labels: {}, namespace: { 'kubernetes.io/metadata.name': 'default' } }],
  ];
  const problems: string[] = [];
  for (const target of SERVICES) {
    const sources: [string, Endpoint, boolean][] = [
      ...outsiders.map(([name, e]): [string, Endpoint, boolean] => [name, e, name === 'ingress-nginx' && target.role === 'gateway']),
      ...SERVICES.filter((s) => s !== target).map((s): [string, Endpoint, boolean] => [s.name, endpoint(s), target.role === 'subgraph'
        && (s.role === 'gateway' || INTERNAL_READS.some((r) => r.from === s.name && r.to === target.name))]),
    ];
    for (const [name, source, expected] of sources) {
      const actual = reachable(policies, source, endpoint(target));
      if (actual !== expected) problems.push(`${name} -> ${target.name}: ${actual ? 'open, but nothing needs it' : 'blocked, but needed'}`);
    }
  }
  return problems;
}

// --- tests -----------------------------------------------------------------------------------------------------------

describe('deployment artefacts', () => {
  describe('inventory', () => {
    it('when every YAML file is parsed, then each document is valid YAML with a kind or is the compose file', () => {
      expect(yamlFiles.length).toBeGreaterThan(5);
      for (const file of yamlFiles) {
        const docs = parseYaml(readFileSync(file, 'utf8'), path.relative(root, file));
        expect(docs.length).toBeGreaterThan(0);
        if (file.startsWith(k8sDir)) for (const d of docs) expect({ file, kind: typeof d.kind }).toEqual({ file, kind: 'string' });
      }
    });

    it('when the supergraph is read, then the service list covers exactly its subgraphs', () => {
      const graphs = [...read('schema/supergraph.graphql').matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]).sort();
      expect(SUBGRAPHS.map((s) => s.name).sort()).toEqual(graphs);
    });

    it('when a service is listed, then its entry file exists and its port default agrees everywhere', () => {
      const rows = SERVICES.map((svc) => {
        const dep = find(base, 'Deployment', svc.name);
        const service = find(base, 'Service', svc.name);
        const healthcheck = JSON.stringify(composeServices[svc.name]?.healthcheck?.test ?? '');
        return {
          name: svc.name,
          entryExists: existsSync(path.join(root, svc.entry)),
          envExample: envExample.get(svc.portVar),
          config: String(parseConfigOf(svc, {})[svc.portVar]),
          k8sContainer: String(dep?.spec?.template?.spec?.containers?.[0]?.ports?.find((p: Obj) => p.name === 'http')?.containerPort),
          k8sService: String(service?.spec?.ports?.[0]?.port),
          compose: String(composeEnv(svc.name)[svc.portVar]),
          composeHealthcheck: healthcheck.includes(`:${svc.port}/_readiness`),
        };
      });
      expect(rows).toEqual(
        SERVICES.map((svc) => {
          const port = String(svc.port);
          return { name: svc.name, entryExists: true, envExample: port, config: port, k8sContainer: port, k8sService: port, compose: port, composeHealthcheck: true };
        }),
      );
    });
  });

  describe('Dockerfile', () => {
    const dockerfile = read('Dockerfile');
    const lines = dockerfile.split('\n');
    const indexOf = (re: RegExp) => lines.findIndex((l) => !/^\s*#/.test(l) && re.test(l));

    it('when it is read, then it builds on node:24-slim, installs production dependencies only and runs as non-root', () => {
      const froms = lines.filter((l) => /^FROM\s/.test(l));
      expect(froms[0]).toMatch(/^FROM node:24-slim\b/);
      const stages = froms.map((l) => /\sAS\s+(\S+)/i.exec(l)?.[1]).filter(Boolean);
      for (const from of froms) expect([/^FROM node:24/.test(from), stages.includes(from.split(/\s+/)[1])]).toContain(true);
      expect(dockerfile).toMatch(/npm ci --omit=dev/);
      const user = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].at(-1)?.[1];
      expect(user).toBeDefined();
      expect(['root', '0', '0:0']).not.toContain(user);
    });

    it('when dependencies are installed, then only the manifests precede npm ci (layer cache) and they match the workspaces', () => {
      const lock = indexOf(/package-lock\.json/);
      const npmCi = indexOf(/npm ci --omit=dev/);
      const source = indexOf(/^COPY \. \.$/);
      expect(lock).toBeGreaterThan(-1);
      expect(lock).toBeLessThan(npmCi);
      expect(npmCi).toBeLessThan(source);
      const copied = /cp --parents (.+?) \/out\//.exec(dockerfile)?.[1]?.split(/\s+/).map((f) => path.posix.dirname(f)).sort();
      const workspaces = (JSON.parse(read('package.json')).workspaces as string[]).slice().sort();
      expect(copied).toEqual(workspaces);
    });

    it('when a container starts, then it runs the entry named by PAYGRAPH_ENTRY with dd-trace then tsx, listening on 0.0.0.0', () => {
      expect(dockerfile).toMatch(/node --import dd-trace\/initialize\.mjs --import tsx \\?"\$PAYGRAPH_ENTRY\\?"/);
      expect(dockerfile).toMatch(/exec node/);
      expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
      const defaultEntry = /PAYGRAPH_ENTRY=(\S+)/.exec(dockerfile)?.[1];
      expect(SERVICES.map((s) => s.entry)).toContain(defaultEntry);
    });

    it('when the build context is sent, then host modules, local data, git and env files stay out', () => {
      const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
      for (const entry of ['node_modules', '.data', '.git', '.env']) expect(ignored).toContain(entry);
      expect(ignored).toContain('!.env.example');
    });
  });

  describe('docker-compose.yml', () => {
    it('when it is read, then it has PostgreSQL 16+, Redis 7, fauxqs and an optional DataDog agent', () => {
      const pgMajor = Number(/^postgres:(\d+)/.exec(composeServices.postgres?.image ?? '')?.[1]);
      expect(pgMajor).toBeGreaterThanOrEqual(16);
      expect(composeServices.redis?.image).toMatch(/^redis:7\b/);
      expect(composeServices.fauxqs?.image).toMatch(/^kibertoad\/fauxqs(:|$)/);
      const agent = composeServices['datadog-agent'] ?? {};
      expect(agent.image).toMatch(/^(docker\.io\/)?datadog\/agent(:|$)/);
      expect(agent.profiles).toEqual(['observability']);
      expect(String(agent.environment?.DD_API_KEY)).toMatch(/^\$\{DD_API_KEY/);
      const text = read('docker-compose.yml');
      expect(text).toMatch(/LocalStack/);
      expect(text).toMatch(/EventBridge is NOT emulated/);
    });

    it.each(SERVICES)('when $name is defined, then it is built from the Dockerfile with its entry, port, health check and dependencies', (svc) => {
      const s = composeServices[svc.name] ?? {};
      const env = composeEnv(svc.name);
      expect(s.build?.context).toBe('.');
      expect(s.build?.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
      expect(env.PAYGRAPH_ENTRY).toBe(svc.entry);
      expect(env.HOST).toBe('0.0.0.0');
      expect(env.DD_SERVICE).toBe(svc.name);
      expect(JSON.stringify(s.healthcheck?.test)).toContain(`http://127.0.0.1:${svc.port}/_readiness`);
      const dependsOn = (s.depends_on ?? {}) as Obj;
      for (const [dep, cond] of Object.entries(dependsOn)) {
        expect({ dep, exists: dep in composeServices, condition: cond.condition }).toEqual({ dep, exists: true, condition: 'service_healthy' });
      }
      const needs = svc.role === 'subgraph' ? ['postgres', 'redis', 'fauxqs'] : ['redis', ...SUBGRAPHS.map((g) => g.name)];
      expect(Object.keys(dependsOn).sort()).toEqual(needs.sort());
      if (svc.role === 'subgraph') {
        expect(env.SQS_ENDPOINT).toBe('http://fauxqs:4566');
        expect(String(env.DATABASE_URL)).toMatch(/@postgres:5432\//);
        expect(env.EVENTBRIDGE_BUS_NAME).toBeUndefined();
      } else {
        expect(subgraphUrlProblems(env.SUBGRAPH_URLS, 'compose gateway')).toEqual([]);
        expect(env.JWKS_URL).toBe('http://users:4001/.well-known/jwks.json');
      }
    });

    it('when it is interpolated as Compose does, then it is valid against the compose-spec schema', () => {
      expect(composeSchemaProblems(loadCompose())).toEqual([]);
    });

    it('when it is read, then every service has its image or build, its health check or the image\'s, and every port it names is its own', () => {
      const interpolated = loadCompose();
      const problems: string[] = [];
      // fauxqs's image has its own HEALTHCHECK (GET /health); the DataDog agent is optional (a profile) and nothing waits on it.
      const imageHealthcheck = new Set(['fauxqs', 'datadog-agent']);
      for (const [name, service] of Object.entries(interpolated.services as Obj)) {
        if (!service.image && !service.build) problems.push(`${name}: neither image nor build`);
        const test = service.healthcheck?.test as string[] | undefined;
        if (!imageHealthcheck.has(name) && !(Array.isArray(test) && ['CMD', 'CMD-SHELL'].includes(test[0]!) && test.length > 1)) problems.push(`${name}: no healthcheck`);
        const svc = SERVICES.find((s) => s.name === name);
        if (!svc) continue;
        const exposed = [...((service.expose ?? []) as unknown[]).map(String),
          ...((service.ports ?? []) as unknown[]).map((p) => String(p).split(':').at(-1)!)];
        if (!exposed.includes(String(svc.port))) problems.push(`${name}: port ${svc.port} neither exposed nor published`);
        for (const port of exposed) if (port !== String(svc.port)) problems.push(`${name}: port ${port} is not its own (${svc.port})`);
        if (svc.role === 'gateway' && !((service.ports ?? []) as unknown[]).map(String).some((p) => p.endsWith(`:${svc.port}`))) problems.push('gateway: not published');
        if (svc.role === 'subgraph' && service.ports) problems.push(`${name}: a subgraph is published (only the gateway is)`);
      }
      for (const [name, service] of Object.entries(interpolated.services as Obj)) {
        for (const dep of Object.keys((service.depends_on ?? {}) as Obj)) {
          const target = (interpolated.services as Obj)[dep];
          if (!target) problems.push(`${name}: depends on missing ${dep}`);
          else if (!target.healthcheck && !imageHealthcheck.has(dep)) problems.push(`${name}: waits for ${dep} to be healthy, which has no healthcheck`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('when secrets are inlined, then they are marked dev-only', () => {
      for (const svc of SERVICES) {
        const env = composeEnv(svc.name);
        for (const name of ['INTERNAL_AUTH_SECRET', 'CARD_FINGERPRINT_SECRET', 'DATABASE_URL']) {
          if (env[name] !== undefined) expect(`${svc.name} ${name}: ${env[name]}`).toMatch(/dev-only/);
        }
      }
    });
  });

  describe('k8s', () => {
    it('when a kustomization is read, then every file it names exists inside its folder', () => {
      // base, two overlays, two components, schema/ (the supergraph ConfigMap), one folder per service
      expect(kustomizationFiles.length).toBe(6 + SERVICES.length);
      const problems = kustomizationFiles.flatMap((f) => kustomizationProblems(path.dirname(f), loadKustomization(path.dirname(f))));
      expect(problems).toEqual([]);
    });

    it('when a manifest is in k8s/, then some kustomization uses it (no orphan files)', () => {
      const used = new Set<string>();
      for (const f of kustomizationFiles) {
        const dir = path.dirname(f);
        const k = loadKustomization(dir);
        for (const r of [...((k.resources ?? []) as string[]), ...((k.patches ?? []) as Obj[]).map((p) => p.path).filter(Boolean)]) {
          used.add(path.resolve(dir, r));
        }
      }
      const manifests = walk(k8sDir).filter((f) => /\.ya?ml$/.test(f) && path.basename(f) !== 'kustomization.yaml');
      expect(manifests.filter((f) => !used.has(f)).map((f) => path.relative(root, f))).toEqual([]);
    });

    it('when each service is listed, then it is one folder of k8s/base/services built from the paygraph-service template', () => {
      const k = loadKustomization(baseDir);
      const listed = ((k.resources ?? []) as string[]).filter((r) => r.startsWith('services/')).map((r) => r.slice('services/'.length));
      expect(listed.sort()).toEqual(SERVICES.map((s) => s.name).sort());
      expect(readdirSync(path.join(baseDir, 'services')).sort()).toEqual(SERVICES.map((s) => s.name).sort());
      for (const svc of SERVICES) {
        const own = loadKustomization(path.join(baseDir, 'services', svc.name));
        expect({ svc: svc.name, resources: own.resources, components: own.components ?? [] }).toEqual({
          svc: svc.name,
          resources: ['../../../components/paygraph-service'],
          components: CONSUMERS.has(svc.name) ? ['../../../components/event-consumer'] : [],
        });
        // The template's placeholder name is gone from everything the service renders to.
        const mine = base.filter((d) => d.metadata?.labels?.['app.kubernetes.io/name'] === svc.name);
        expect(mine.length).toBeGreaterThanOrEqual(5);
        expect(JSON.stringify(mine)).not.toContain('paygraph-service');
      }
    });

    it('when the base is rendered, then the gateway mounts a ConfigMap generated from schema/supergraph.graphql (no copy in k8s/)', () => {
      expect(walk(k8sDir).filter((f) => f.endsWith('.graphql'))).toEqual([]);
      const gateway = find(base, 'Deployment', 'gateway')!;
      const volume = (gateway.spec.template.spec.volumes as Obj[]).find((v) => v.name === 'supergraph');
      expect(volume?.configMap?.name).toMatch(/^supergraph-[a-z0-9]{10}$/);
      const configMap = find(base, 'ConfigMap', volume!.configMap.name);
      expect(configMap?.data?.['supergraph.graphql'] === read('schema/supergraph.graphql')).toBe(true);
    });

    it.each(SERVICES)('when $name is read, then its Deployment has probes, ports, security and DataDog settings', (svc) => {
      expect(deploymentProblems(find(base, 'Deployment', svc.name), svc)).toEqual([]);
    });

    it.each(SERVICES)('when $name is read, then its Service, ServiceAccount, HPA and PDB target its pods', (svc) => {
      const dep = find(base, 'Deployment', svc.name)!;
      const podLabels = templateLabels(dep);
      const service = find(base, 'Service', svc.name);
      expect(service).toBeDefined();
      expect(matches({ matchLabels: service!.spec.selector }, podLabels)).toBe(true);
      const port = (service!.spec.ports as Obj[])[0]!;
      expect([port.name, port.port, portNumber(dep.spec.template.spec.containers[0], port.targetPort)]).toEqual(['http', svc.port, svc.port]);
      expect(find(base, 'ServiceAccount', svc.name)).toBeDefined();
      expect(autoscalerProblems(base, svc)).toEqual([]);
      const pdb = find(base, 'PodDisruptionBudget', svc.name);
      expect(pdb?.spec?.selector && matches(pdb.spec.selector, podLabels)).toBe(true);
    });

    it('when the NetworkPolicies are applied, then the ingress reaches only the gateway, the gateway every subgraph, and a subgraph only those it reads', () => {
      const policies = base.filter((d) => d.kind === 'NetworkPolicy');
      expect(policies.some((p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && !p.spec.ingress && !p.spec.egress
        && ['Ingress', 'Egress'].every((t) => p.spec.policyTypes.includes(t)))).toBe(true);
      expect(reachProblems(base)).toEqual([]);
      const podLabelsOf = (name: string) => templateLabels(find(base, 'Deployment', name)!);
      const egressPorts = (name: string) =>
        policies
          .filter((p) => matches(p.spec.podSelector, podLabelsOf(name)) && (p.spec.policyTypes ?? []).includes('Egress'))
          .flatMap((p) => ((p.spec.egress ?? []) as Obj[]).flatMap((r) => ((r.ports ?? []) as Obj[]).map((port) => port.port)));
      for (const sg of SUBGRAPHS) expect(egressPorts(sg.name)).toEqual(expect.arrayContaining([5432, 6379, 443, 53]));
      expect(egressPorts('gateway')).toEqual(expect.arrayContaining(['http', 6379, 53]));
      expect(egressPorts('gateway')).not.toContain(5432);
    });

    it('when the Ingress is read, then it sends /graphql to the gateway', () => {
      const ingress = base.find((d) => d.kind === 'Ingress');
      const paths = (ingress?.spec?.rules ?? []).flatMap((r: Obj) => r.http.paths) as Obj[];
      expect(paths.map((p) => [p.path, p.backend.service.name, p.backend.service.port.name ?? p.backend.service.port.number]))
        .toEqual([['/graphql', 'gateway', 'http']]);
    });

    it('when a secret is referenced, then the minikube overlay generates it and the eks ExternalSecret provides it', () => {
      const keys = new Set(base.filter((d) => d.kind === 'Deployment').flatMap((d) =>
        (d.spec.template.spec.containers as Obj[]).flatMap((c) => ((c.env ?? []) as Obj[]).map((e) => e.valueFrom?.secretKeyRef).filter(Boolean))
          .map((ref: Obj) => `${ref.name}/${ref.key}`)));
      const dev = loadKustomization(overlayDirs[0]!);
      const devKeys = ((dev.secretGenerator ?? []) as Obj[]).flatMap((g) => ((g.literals ?? []) as string[]).map((l) => `${g.name}/${l.split('=')[0]}`));
      const prodSecrets = ownResources(overlayDirs[1]!).filter((d) => d.kind === 'ExternalSecret');
      const prodKeys = prodSecrets.flatMap((s) => (s.spec.data as Obj[]).map((d) => `${s.spec.target.name}/${d.secretKey}`));
      for (const key of keys) {
        expect({ key, minikube: devKeys.includes(key), eks: prodKeys.includes(key) }).toEqual({ key, minikube: true, eks: true });
      }
      for (const v of ((dev.secretGenerator ?? []) as Obj[]).flatMap((g) => g.literals as string[])) expect(v).toMatch(/dev-only|redis:\/\/redis:/);
    });
  });

  describe('configuration', () => {
    const k8sEnvFiles = walk(k8sDir).filter((f) => f.endsWith('.env'));
    const k8sVars = () => {
      const names = new Set<string>();
      for (const f of k8sEnvFiles) for (const n of envFileNames(readFileSync(f, 'utf8'), false).keys()) names.add(n);
      for (const docs of [base, ...Object.values(rendered)]) {
        for (const d of docs) {
          if (d.kind !== 'Deployment' || d.spec.template.metadata.labels['app.kubernetes.io/part-of'] !== 'paygraph') continue;
          for (const c of d.spec.template.spec.containers as Obj[]) for (const e of (c.env ?? []) as Obj[]) names.add(e.name);
        }
      }
      return names;
    };
    const composeVars = () => new Set(SERVICES.flatMap((s) => Object.keys(composeEnv(s.name))));

    it('when Kubernetes or compose sets a variable, then .env.example lists it (or it is DataDog\'s or documented)', () => {
      expect(k8sEnvFiles.length).toBeGreaterThanOrEqual(3);
      expect({ k8s: unknownVars(k8sVars()), compose: unknownVars(composeVars()) }).toEqual({ k8s: [], compose: [] });
      const docs = read('docs/deploy.md');
      for (const v of DEPLOYMENT_ONLY_VARS) expect(docs).toContain(v);
    });

    it('when a service\'s config schema reads a variable, then .env.example lists it, and lists nothing no service reads', () => {
      expect({ unlisted: SERVICES.flatMap((svc) => configKeys(svc).filter((k) => !envExample.has(k)).map((k) => `${svc.name} ${k}`)) })
        .toEqual({ unlisted: [] });
      const stale: string[] = [];
      for (const [section, vars] of envExampleSections(true)) {
        const readers = section === '*' ? SERVICES : SERVICES.filter((s) => s.name === section);
        if (readers.length === 0) continue; // embedded mode, tests: not service configuration
        for (const name of vars.keys()) if (!readers.some((svc) => configKeys(svc).includes(name))) stale.push(`${section} ${name}`);
      }
      expect({ stale }).toEqual({ stale: [] });
    });

    it('when .env.example gives a value, then it is the default of the services that read it', () => {
      const set = envExampleSections(false);
      const commented = envExampleSections(true);
      const problems: string[] = [];
      for (const svc of SERVICES) {
        const env: Record<string, string> = {};
        const required = new Set(configRequired(svc));
        // Its own section first, then the shared one, then any (JWT_ISSUER: in the gateway's, read by users too).
        // A commented-out line means "unset by default" (REDIS_URL), so there is nothing to compare.
        const lookup = (section: string, name: string) =>
          commented.get(section)?.has(name) ? { found: true, value: set.get(section)?.get(name) } : { found: false, value: undefined };
        for (const name of configKeys(svc)) {
          if (required.has(name)) continue;
          const own = lookup(svc.name, name);
          const shared = lookup('*', name);
          const value = own.found ? own.value : shared.found ? shared.value
            : [...set].find(([section, vars]) => section !== svc.name && vars.has(name))?.[1].get(name);
          if (value !== undefined) env[name] = value;
        }
        const withExample = parseConfigOf(svc, env);
        const defaults = parseConfigOf(svc, {});
        const show = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
        for (const name of Object.keys(env)) {
          if (show(withExample[name]) !== show(defaults[name])) {
            problems.push(`${svc.name} ${name}: .env.example says "${env[name]}", the default is ${show(defaults[name])}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('when a variable has no default, then .env.example marks it REQUIRED in the section of the services that need it', () => {
      const required = requiredBySection();
      for (const svc of SERVICES) {
        const marked = [...required].filter(([, section]) => section === '*' || section === svc.name).map(([name]) => name).sort();
        expect({ service: svc.name, required: configRequired(svc) }).toEqual({ service: svc.name, required: marked });
      }
    });

    it('when a subgraph reads another, then its URL default, compose and Kubernetes all name that subgraph\'s Service', () => {
      expect(INTERNAL_READS.map((r) => `${r.from} -> ${r.to}`)).toEqual(expect.arrayContaining([
        'payments -> users', 'payments -> accounts', 'payments -> wallets', 'transactions -> wallets',
      ]));
      const rows = INTERNAL_READS.map(({ from, to, variable }) => ({
        read: `${from} ${variable}`,
        default: parseConfigOf(byName(from), {})[variable],
        compose: composeEnv(from)[variable],
        k8s: envOf(find(base, 'Deployment', from)!.spec.template.spec.containers[0]).get(variable)?.value,
      }));
      expect(rows).toEqual(INTERNAL_READS.map(({ from, to, variable }) => ({
        read: `${from} ${variable}`,
        default: `http://127.0.0.1:${byName(to).port}/graphql`,
        compose: internalUrl(to),
        k8s: internalUrl(to),
      })));
    });

    it('when .env.example marks a variable REQUIRED, then exactly the services of its section get it, in compose and k8s', () => {
      const required = requiredBySection();
      expect(required.size).toBeGreaterThan(0);
      for (const [name, section] of required) {
        const expected = SERVICES.filter((s) => section === '*' || s.name === section).map((s) => s.name);
        const inCompose = SERVICES.filter((s) => composeEnv(s.name)[name] !== undefined).map((s) => s.name);
        const inK8s = SERVICES.filter((s) => envOf(find(base, 'Deployment', s.name)!.spec.template.spec.containers[0]).has(name)).map((s) => s.name);
        expect({ name, compose: inCompose, k8s: inK8s }).toEqual({ name, compose: expected, k8s: expected });
      }
    });

    it('when the containers run in Kubernetes, then they listen on 0.0.0.0 and eks uses IRSA and EventBridge', () => {
      const baseEnv = envFileNames(read('k8s/base/config.env'), false);
      expect(baseEnv.get('HOST')).toBe('0.0.0.0');
      // Empty, not absent: absent would default to the emulator's placeholder keys and bypass the IAM role.
      expect([baseEnv.get('AWS_ACCESS_KEY_ID'), baseEnv.get('AWS_SECRET_ACCESS_KEY')]).toEqual(['', '']);
      const prodEnv = envFileNames(read('k8s/overlays/eks/config.env'), false);
      expect(prodEnv.get('EVENTBRIDGE_BUS_NAME')).toBeTruthy();
      expect(prodEnv.get('SQS_ENDPOINT') ?? baseEnv.get('SQS_ENDPOINT')).toBeUndefined();
      const irsa = parseYaml(read('k8s/overlays/eks/service-accounts.yaml'), 'service-accounts.yaml');
      expect(irsa.map((sa) => sa.metadata.name).sort()).toEqual(SUBGRAPHS.map((s) => s.name).sort());
      for (const sa of irsa) expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::\d{12}:role\//);
    });

    it('when events are routed, then every consumer is a subgraph (or a subgraph\'s second queue, <subgraph>-<purpose>) and docs/deploy.md lists its EventBridge rule as in routing.ts', () => {
      const owner = (consumer: string) => consumer.split('-')[0]!;
      expect(Object.keys(routing).filter((consumer) => !SUBGRAPHS.some((s) => s.name === owner(consumer)))).toEqual([]);
      const docs = read('docs/deploy.md');
      const section = docs.slice(docs.indexOf('### Event routing in AWS'));
      const rows = Object.fromEntries([...section.matchAll(/^\| ([a-z]+(?:-[a-z]+)?) \| ([A-Za-z*, ]+) \|$/gm)]
        .map((m) => [m[1]!, m[2]!.split(',').map((t) => t.trim()).sort()]));
      const expected = Object.fromEntries(Object.entries(routing).map(([consumer, types]) => [consumer, [...types].sort()]));
      expect(rows).toEqual(expected);
    });
  });

  describe('rendered overlays (kustomize, then the Kubernetes and KEDA schemas)', () => {
    it.each(['base', ...OVERLAYS])('when %s is rendered, then every manifest is valid against its kind\'s schema', (name) => {
      const docs = name === 'base' ? base : rendered[name as (typeof OVERLAYS)[number]];
      expect(docs.length).toBeGreaterThan(50);
      expect(kubernetesProblems(docs)).toEqual([]);
    });

    it.each(OVERLAYS)('when the %s overlay is rendered, then every reference resolves and every Deployment still passes', (overlay) => {
      const docs = rendered[overlay];
      const problems: string[] = [];
      for (const d of docs) {
        if (d.kind !== 'Namespace' && d.metadata?.namespace !== 'paygraph') problems.push(`${d.kind}/${d.metadata?.name} not in namespace paygraph`);
      }
      const names = (kind: string) => new Set(docs.filter((d) => d.kind === kind).map((d) => d.metadata.name as string));
      const configMaps = names('ConfigMap');
      const secrets = new Set([...names('Secret'), ...docs.filter((d) => d.kind === 'ExternalSecret').map((d) => d.spec.target.name as string)]);
      for (const dep of docs.filter((d) => d.kind === 'Deployment')) {
        const pod = dep.spec.template.spec as Obj;
        for (const c of pod.containers as Obj[]) {
          for (const e of (c.env ?? []) as Obj[]) {
            const ref = e.valueFrom?.secretKeyRef?.name;
            if (ref && !secrets.has(ref)) problems.push(`${dep.metadata.name}: Secret ${ref} is not in the overlay`);
          }
          for (const e of (c.envFrom ?? []) as Obj[]) {
            if (e.configMapRef && !configMaps.has(e.configMapRef.name)) problems.push(`${dep.metadata.name}: ConfigMap ${e.configMapRef.name} missing`);
          }
        }
        for (const v of (pod.volumes ?? []) as Obj[]) {
          if (v.configMap && !configMaps.has(v.configMap.name)) problems.push(`${dep.metadata.name}: ConfigMap ${v.configMap.name} missing`);
        }
      }
      for (const auth of docs.filter((d) => d.kind === 'TriggerAuthentication')) {
        for (const ref of (auth.spec.secretTargetRef ?? []) as Obj[]) {
          if (!secrets.has(ref.name)) problems.push(`TriggerAuthentication ${auth.metadata.name}: Secret ${ref.name} is not in the overlay`);
        }
      }
      for (const svc of SERVICES) {
        problems.push(...deploymentProblems(find(docs, 'Deployment', svc.name), svc, { overlay: true }));
        problems.push(...autoscalerProblems(docs, svc, overlay === 'eks' ? 3 : 1));
      }
      problems.push(...reachProblems(docs));
      if (overlay === 'eks') {
        for (const dep of docs.filter((d) => d.kind === 'Deployment')) {
          for (const c of dep.spec.template.spec.containers as Obj[]) if (/:latest$|^[^:]+$/.test(c.image)) problems.push(`${dep.metadata.name}: unpinned image ${c.image}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });

  describe('the checks themselves', () => {
    const users = SERVICES.find((s) => s.name === 'users')!;
    const clone = () => structuredClone(find(base, 'Deployment', 'users')!);

    it('when a Deployment lacks its readiness probe, then the check reports it', () => {
      const dep = clone();
      delete dep.spec.template.spec.containers[0].readinessProbe;
      expect(deploymentProblems(dep, users)).toEqual(['users: no readinessProbe']);
    });

    it('when a liveness probe points at another path or port, then the check reports both', () => {
      const dep = clone();
      dep.spec.template.spec.containers[0].livenessProbe.httpGet = { path: '/_readiness', port: 4002 };
      expect(deploymentProblems(dep, users)).toEqual([
        'users: livenessProbe path /_readiness, expected /_health',
        'users: livenessProbe port 4002 is not 4001',
      ]);
    });

    it('when a kustomization names a missing or outside file, then the check reports it', () => {
      const k = { resources: ['nope.yaml'], configMapGenerator: [{ name: 'x', files: ['../../schema/supergraph.graphql'] }] };
      expect(kustomizationProblems(baseDir, k)).toEqual([
        'k8s/base: resource nope.yaml does not exist',
        'k8s/base: x file ../../schema/supergraph.graphql is outside the kustomization (load restrictor)',
      ]);
    });

    it('when every subgraph may call every other, then the reachability check reports the calls nothing makes', () => {
      const allSubgraphs = { podSelector: { matchLabels: { 'app.kubernetes.io/component': 'subgraph' } } };
      const open = { kind: 'NetworkPolicy', metadata: { name: 'open' }, spec: {
        podSelector: allSubgraphs.podSelector, policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [allSubgraphs], ports: [{ port: 'http' }] }], egress: [{ to: [allSubgraphs], ports: [{ port: 'http' }] }],
      } };
      const problems = reachProblems([...base, open]);
      expect(problems).toContain('fraud -> users: open, but nothing needs it');
      expect(problems).toContain('users -> payments: open, but nothing needs it');
      expect(problems).not.toContain('payments -> users: open, but nothing needs it');
    });

    it('when an internal read\'s ingress rule is missing, then the reachability check reports the blocked call', () => {
      const docs = base.filter((d) => !(d.kind === 'NetworkPolicy' && d.metadata.name === 'wallets-internal-reads-ingress'));
      expect(reachProblems(docs)).toEqual(['payments -> wallets: blocked, but needed', 'transactions -> wallets: blocked, but needed', 'users -> wallets: blocked, but needed']);
    });

    it('when a policy lets any pod in, then the reachability check reports the outsiders (the default deny still holds their egress)', () => {
      const anyone = { kind: 'NetworkPolicy', metadata: { name: 'anyone' }, spec: { podSelector: {}, ingress: [{}] } };
      expect(reachProblems([...base, anyone])).toEqual(expect.arrayContaining([
        'ingress-nginx -> users: open, but nothing needs it',
        'a pod of another namespace -> gateway: open, but nothing needs it',
      ]));
      expect(reachProblems([...base, anyone]).filter((p) => p.startsWith('another pod of the namespace'))).toEqual([]);
    });

    it('when a manifest breaks its kind\'s schema, then the Kubernetes validation reports where', () => {
      const dep = structuredClone(find(base, 'Deployment', 'users')!);
      dep.spec.template.spec.containers[0].ports[0].containerPort = '4001';
      delete dep.spec.selector;
      const service = structuredClone(find(base, 'Service', 'users')!);
      service.spec.type = 'ClusterIp';
      const so = structuredClone(base.find((d) => d.kind === 'ScaledObject')!);
      delete so.spec.scaleTargetRef;
      const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
      expect(kubernetesProblems([dep, service, so, unknown])).toEqual([
        'Deployment/users: /spec must have required property selector',
        'Deployment/users: /spec/template/spec/containers/0/ports/0/containerPort must be integer',
        expect.stringMatching(/^Service\/users: \/spec\/type must be equal to one of the allowed values \(ClusterIP, ExternalName, LoadBalancer, NodePort\)$/),
        `ScaledObject/${so.metadata.name}: /spec must have required property scaleTargetRef`,
        'Widget/w: no schema for example.com/v1 Widget (add it to KINDS in scripts/deploy-validate.ts)',
      ]);
    });

    it('when the compose file has an unknown key or a wrong type, then the compose-spec validation reports it', () => {
      const compose = loadCompose();
      compose.services.users.healthcheck.retrys = 5;
      compose.services.redis.restart = 5;
      expect(composeSchemaProblems(compose).sort()).toEqual([
        '/services/redis/restart must be string',
        '/services/users/healthcheck must NOT have additional properties (retrys)',
      ]);
    });

    it('when compose interpolates, then defaults, set values, $$ and required variables behave as in Compose', () => {
      expect(interpolate('a ${X:-d} ${Y-e} ${Z} $$HOME $W', { Y: '', W: 'w' })).toBe('a d   $HOME w');
      expect(interpolate('${X:-d}', { X: 'set' })).toBe('set');
      expect(() => interpolate('${X:?X is needed}')).toThrow('X is required: X is needed');
    });

    it('when an event consumer has a plain HPA or a service scales on the wrong queue, then the autoscaler check reports it', () => {
      const payments = SERVICES.find((s) => s.name === 'payments')!;
      const hpa = structuredClone(find(base, 'HorizontalPodAutoscaler', 'gateway')!);
      hpa.spec.scaleTargetRef.name = 'payments';
      const wrongQueue = base.map((d) => {
        if (d.kind !== 'ScaledObject' || d.metadata.name !== 'payments') return d;
        const so = structuredClone(d);
        so.spec.triggers[1].metadata.queueURL = 'paygraph-wallets.fifo';
        return so;
      });
      expect(autoscalerProblems([...wrongQueue, hpa], payments)).toEqual([
        'payments: an event consumer with a plain HPA (KEDA owns its HPA)',
        'payments: aws-sqs-queue trigger reads paygraph-wallets.fifo, expected paygraph-payments.fifo',
      ]);
      const gateway = SERVICES.find((s) => s.name === 'gateway')!;
      expect(autoscalerProblems(base.filter((d) => d.kind !== 'HorizontalPodAutoscaler'), gateway)).toEqual(['gateway: 0 HPAs, expected 1']);
    });

    it('when an unknown variable is set, then the check reports it', () => {
      expect(unknownVars(['HOST', 'DD_ENV', 'PAYGRAPH_ENTRY', 'DATABASE_HOST'])).toEqual(['DATABASE_HOST']);
    });
  });
});
