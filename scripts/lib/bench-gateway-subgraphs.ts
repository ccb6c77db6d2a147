import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@apollo/composition';

/**
 * The four subgraphs of The Guild's federation gateway benchmark, rebuilt here with static data of our own:
 * accounts (users), products (topProducts), inventory (stock and a shipping estimate that @requires price and
 * weight) and reviews (reviews of products by users, the author's username @provided). Each answer is computed
 * once per distinct request body and then served from memory, so that the subgraphs cost little next to the
 * gateway being measured (The Guild's are Rust servers).
 */
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

const SENTENCES = [
  'Paygraph moves money between people and businesses in many currencies, one ledger entry at a time.',
  'The reviewer bought it twice, once for the office and once for a friend who asked where it came from.',
  'Shipping took four days to the coast and a week further inland, which was about what the page promised.',
  'Every part arrived in its own bag, labelled, with a spare screw of each size taped to the manual.',
  'It is heavier than it looks, so the estimate for delivery is honest about the weight and the distance.',
];
const text = (seed: number, length: number) => {
  let out = '';
  for (let i = seed; out.length < length; i++) out += (out ? ' ' : '') + SENTENCES[i % SENTENCES.length];
  return out.slice(0, length);
};

const USERS = [
  { id: '1', name: 'Ada Lovelace', username: 'ada', birthday: 1815 },
  { id: '2', name: 'Alan Turing', username: 'alan', birthday: 1912 },
  { id: '3', name: 'Grace Hopper', username: 'grace', birthday: 1906 },
  { id: '4', name: 'Edsger Dijkstra', username: 'edsger', birthday: 1930 },
];
const PRODUCTS = [
  { upc: '1', name: 'Table', price: 899, weight: 100 },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000 },
  { upc: '3', name: 'Glass', price: 15, weight: 20 },
  { upc: '4', name: 'Chair', price: 499, weight: 100 },
  { upc: '5', name: 'Lamp', price: 89, weight: 5 },
];
const STOCK: Record<string, boolean> = { '1': true, '2': false, '3': true, '4': false, '5': true };
const REVIEWS = Array.from({ length: 12 }, (_, i) => ({
  id: String(i + 1),
  body: text(i, 140 + ((i * 137) % 600)),
  productUpc: PRODUCTS[i % 4]!.upc,
  authorId: USERS[i % USERS.length]!.id,
}));

type Ref = { id?: string; upc?: string };

export const BENCH_SUBGRAPHS: { name: string; sdl: string; resolvers: Record<string, unknown> }[] = [
  {
    name: 'accounts',
    sdl: `${LINK}
      type Query { me: User user(id: ID!): User users: [User] }
      type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }`,
    resolvers: {
      Query: { me: () => USERS[0], user: (_: unknown, { id }: { id: string }) => USERS.find((u) => u.id === id) ?? null, users: () => USERS },
      User: { __resolveReference: (ref: Ref) => USERS.find((u) => u.id === ref.id) ?? null },
    },
  },
  {
    name: 'products',
    sdl: `${LINK}
      type Query { topProducts(first: Int = 5): [Product] }
      type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
    resolvers: {
      Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
      Product: { __resolveReference: (ref: Ref) => PRODUCTS.find((p) => p.upc === ref.upc) ?? null },
    },
  },
  {
    name: 'inventory',
    sdl: `${LINK}
      type Product @key(fields: "upc") {
        upc: String!
        weight: Int @external
        price: Int @external
        inStock: Boolean
        shippingEstimate: Int @requires(fields: "price weight")
      }`,
    resolvers: {
      Product: {
        __resolveReference: (ref: Ref & { price?: number; weight?: number }) => ref,
        inStock: (p: Ref) => STOCK[p.upc!] ?? false,
        // Free above 1000, else half the weight: needs price and weight from products.
        shippingEstimate: (p: { price?: number; weight?: number }) => (p.price === undefined || p.weight === undefined ? null : p.price > 1000 ? 0 : Math.round(p.weight * 0.5)),
      },
    },
  },
  {
    name: 'reviews',
    sdl: `${LINK}
      type Review @key(fields: "id") { id: ID! body: String product: Product author: User @provides(fields: "username") }
      type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
      type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
    resolvers: {
      Review: {
        __resolveReference: (ref: Ref) => REVIEWS.find((r) => r.id === ref.id) ?? null,
        product: (r: (typeof REVIEWS)[number]) => ({ upc: r.productUpc }),
        author: (r: (typeof REVIEWS)[number]) => {
          const user = USERS.find((u) => u.id === r.authorId)!;
          return { id: user.id, username: user.username };
        },
      },
      User: {
        __resolveReference: (ref: Ref) => ({ id: ref.id }),
        reviews: (u: Ref) => REVIEWS.filter((r) => r.authorId === u.id),
      },
      Product: {
        __resolveReference: (ref: Ref) => ({ upc: ref.upc }),
        reviews: (p: Ref) => REVIEWS.filter((r) => r.productUpc === p.upc),
      },
    },
  },
];

/** The benchmark's query, as The Guild's scenario sends it: users and top products, nested through reviews. */
export const BENCH_QUERY = `fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery {
  users {
    ...User
    reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } }
  }
  topProducts {
    ...Product
    reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
  }
}`;

/** The supergraph of the four, with the URLs they listen on. */
export function composeBenchSupergraph(urls: Record<string, string>): string {
  const composed = composeServices(BENCH_SUBGRAPHS.map((s) => ({ name: s.name, typeDefs: parse(s.sdl), url: urls[s.name]! })));
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  return composed.supergraphSdl;
}

export interface BenchSubgraphs {
  urls: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the four on loopback (port 0 each), in this process. */
export async function startBenchSubgraphs(): Promise<BenchSubgraphs> {
  const servers: http.Server[] = [];
  const urls: Record<string, string> = {};
  for (const subgraph of BENCH_SUBGRAPHS) {
    const schema = buildSubgraphSchema({ typeDefs: parse(subgraph.sdl), resolvers: subgraph.resolvers as never });
    const server = http.createServer(answerer(schema));
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    urls[subgraph.name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  return {
    urls,
    close: async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
}

function answerer(schema: GraphQLSchema): http.RequestListener {
  const answers = new Map<string, Buffer>();
  const documents = new Map<string, DocumentNode>();
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let answer = answers.get(raw);
      if (!answer) {
        const body = JSON.parse(raw) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        let document = documents.get(body.query);
        if (!document) {
          document = parse(body.query);
          const errors = validate(schema, document);
          if (errors.length) {
            res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors }));
            return;
          }
          documents.set(body.query, document);
        }
        const result = await execute({ schema, document, variableValues: body.variables, operationName: body.operationName });
        answer = Buffer.from(JSON.stringify(result));
        if (answers.size < 1_000) answers.set(raw, answer);
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length }).end(answer);
    });
  };
}
