/**
 * A shop graph for the differential test: products (an interface with two entity types, a union), inventory
 * (`@requires` on price and weight), reviews (`@provides` of the author's username, a mutation) and accounts.
 */
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

export const SHOP_SUBGRAPHS = [
  {
    name: 'products',
    sdl: `${LINK}
      type Query {
        topProducts(first: Int = 5): [Product!]!
        product(upc: String!): Product
        search(text: String!): [SearchResult!]!
      }
      interface Product { upc: String! name: String price: Int weight: Int }
      union SearchResult = Book | Furniture
      enum Material { WOOD METAL GLASS }
      type Book implements Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int isbn: String! pages: Int }
      type Furniture implements Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int material: Material tags: [String!] }`,
  },
  {
    name: 'inventory',
    sdl: `${LINK}
      type Book @key(fields: "upc") {
        upc: String!
        price: Int @external
        weight: Int @external
        inStock: Boolean!
        shippingEstimate: Int @requires(fields: "price weight")
      }
      type Furniture @key(fields: "upc") {
        upc: String!
        price: Int @external
        weight: Int @external
        inStock: Boolean!
        shippingEstimate: Int @requires(fields: "price weight")
      }`,
  },
  {
    name: 'reviews',
    sdl: `${LINK}
      type Query { latestReviews: [Review] }
      type Mutation { addReview(upc: String!, body: String!, stars: Int): Review! }
      type Review @key(fields: "id") {
        id: ID!
        body: String
        stars: Int!
        author: User @provides(fields: "username")
        book: Book
      }
      type User @key(fields: "id") { id: ID! username: String @external reviews: [Review!] }
      type Book @key(fields: "upc") { upc: String! reviews: [Review!]! }
      type Furniture @key(fields: "upc") { upc: String! reviews: [Review] }`,
  },
  {
    name: 'accounts',
    sdl: `${LINK}
      type Query { me: User users(ids: [ID!]!): [User]! }
      type User @key(fields: "id") { id: ID! name: String username: String @shareable birthDate: String! friends: [User!] }`,
  },
];

export interface ShopQuery {
  name: string;
  query: string;
  variables?: Record<string, unknown>[];
}

export const SHOP_QUERIES: ShopQuery[] = [
  { name: 'one subgraph', query: '{ topProducts { upc name price } }' },
  { name: 'aliases of one field with other arguments', query: '{ a: topProducts(first: 2) { id: upc title: name } b: topProducts(first: 3) { upc weight } }' },
  {
    name: 'inline fragments on an interface, entities of three subgraphs',
    query: 'query($n: Int) { topProducts(first: $n) { __typename upc ... on Book { isbn reviews { body stars } } ... on Furniture { material inStock } } }',
    variables: [{ n: 1 }, { n: 4 }, {}],
  },
  {
    name: 'a union',
    query: '{ search(text: "x") { __typename ... on Book { upc name reviews { author { name username } } } ... on Furniture { upc shippingEstimate tags } } }',
  },
  {
    name: 'named fragments, nested across four subgraphs',
    query: `query Shop { topProducts { ...P } }
      fragment P on Product { upc name ... on Book { reviews { ...R } } }
      fragment R on Review { id body author { ...U } book { upc name price inStock } }
      fragment U on User { id name username birthDate reviews { body book { isbn } } }`,
  },
  {
    name: '@skip and @include on fields and fragments, with a default',
    query: `query($withReviews: Boolean!, $skipName: Boolean = false) {
      topProducts { upc name @skip(if: $skipName) ... on Book @include(if: $withReviews) { reviews { body author @include(if: $withReviews) { name } } } }
    }`,
    variables: [{ withReviews: true }, { withReviews: false }, { withReviews: true, skipName: true }],
  },
  { name: '@requires', query: '{ topProducts { upc ... on Book { shippingEstimate inStock } ... on Furniture { shippingEstimate weight } } }' },
  {
    name: 'a nullable root entity by variable',
    query: 'query($upc: String!) { product(upc: $upc) { upc name ... on Book { reviews { stars author { username birthDate friends { name } } } } } }',
    variables: [{ upc: '1' }, { upc: '2' }, { upc: 'zzz' }],
  },
  {
    name: 'aliases that are names of Object.prototype',
    query: '{ topProducts { constructor: upc __proto__: name toString: price hasOwnProperty: __typename ... on Book { valueOf: reviews { __proto__: body constructor: author { __proto__: name } } } } }',
  },
  { name: 'typenames only', query: '{ __typename topProducts { __typename } }' },
  {
    name: 'one field selected twice, merged',
    query: '{ topProducts { upc ... on Book { name reviews { id } } ... on Book { reviews { body author { id } } } ... on Product { name } } }',
  },
  { name: 'lists of nullable entities', query: '{ latestReviews { id body book { name reviews { stars } } author { name friends { username } } } }' },
  { name: 'a list argument', query: 'query($ids: [ID!]!) { users(ids: $ids) { id name reviews { body } } }', variables: [{ ids: ['1', '2', '3'] }] },
  { name: 'a mutation, then entities', query: 'mutation { addReview(upc: "1", body: "good", stars: 5) { id body author { name } book { name inStock } } }' },
  {
    name: 'two mutations in sequence',
    query: 'mutation($b: String!) { one: addReview(upc: "1", body: $b) { id stars } two: addReview(upc: "2", body: $b) { id author { username } } }',
    variables: [{ b: 'x' }],
  },
  { name: 'invalid variables', query: 'query($n: Int!) { topProducts(first: $n) { upc } }', variables: [{ n: 'x' }, {}] },
  {
    name: 'deeply nested (the bench query’s shape)',
    query: `{ topProducts(first: 5) { upc name price weight ... on Book { reviews { id body author { id username name reviews { id body book { upc name reviews { id author { id name } } } } } } } } }`,
  },
];
