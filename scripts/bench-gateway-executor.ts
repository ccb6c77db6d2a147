/**
 * The executor's own cost on the bench:gateway query, without HTTP: the plan runs once against the four subgraphs
 * to record their answers, then BENCH_RUNS (1000) times against the recordings (each answer parsed from its JSON
 * text, as the subgraph client would). Prints CPU per execution: requests serialised, answers parsed, merged,
 * shaped, the response serialised. Run: `node --import tsx scripts/bench-gateway-executor.ts` (add --cpu-prof to see
 * where it goes). Loopback only, bounded, not part of npm test.
 */
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { runPlan, type SubgraphCaller } from '../gateway/src/execution/plan-executor.js';
import { compileOperation, shapeResponse } from '../gateway/src/execution/response-shape.js';
import { subgraphCaller } from '../gateway/src/execution/subgraph-client.js';
import { BENCH_QUERY, composeBenchSupergraph, startBenchSubgraphs } from './lib/bench-gateway-subgraphs.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const subgraphs = await startBenchSubgraphs();
const client = subgraphCaller<object>(subgraphs.urls, () => ({}));
try {
  const supergraph = Supergraph.build(composeBenchSupergraph(subgraphs.urls));
  const document = parse(BENCH_QUERY);
  const plan = new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.apiSchema(), document));
  const apiSchema = supergraph.apiSchema().toGraphQLJSSchema();
  const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const compiled = compileOperation(apiSchema, operation, fragments);

  const recorded = new Map<string, string>();
  const record: SubgraphCaller<object> = async (service, request, context) => {
    const answer = await client.call(service, request, context);
    recorded.set(service + JSON.stringify(request), JSON.stringify(answer));
    return answer;
  };
  const replay: SubgraphCaller<object> = async (service, request) => {
    const answer = recorded.get(service + JSON.stringify(request));
    if (answer === undefined) throw new Error(`no recorded answer for a fetch to ${service}`);
    return JSON.parse(answer);
  };
  const execute = async (call: SubgraphCaller<object>) => {
    const { data } = await runPlan(plan, { call, context: {}, variables: {}, defaults: compiled.defaults, schema: supergraphSchema });
    return JSON.stringify(shapeResponse(apiSchema, compiled, data, {}).data);
  };
  const bytes = (await execute(record)).length;
  for (let i = 0; i < 200; i++) await execute(replay);
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) await execute(replay);
  const cpu = process.cpuUsage(cpu0);
  // The replay's own key (a JSON.stringify of each request) is counted too: a slight overestimate.
  process.stdout.write(`${bytes} bytes of data per query; executor CPU ${((cpu.user + cpu.system) / 1000 / RUNS).toFixed(3)} ms per query (${RUNS} runs)\n`);
} finally {
  client.close();
  await subgraphs.close();
}
