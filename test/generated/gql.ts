/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query CustomerProfile($id: ID!, $ordersFirst: Int, $ordersAfter: String) {\n  customer(id: $id) {\n    id\n    createdAt\n    firstSeenAt\n    lastSeenAt\n    traits\n    identities {\n      type\n      value\n      firstSeenAt\n      lastSeenAt\n    }\n    orders(first: $ordersFirst, after: $ordersAfter) {\n      edges {\n        cursor\n        node {\n          id\n          orderId\n          total\n          currency\n          totalReporting\n          occurredAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n}\n\nquery CustomerByIdentity($type: String!, $value: String!) {\n  customerByIdentity(type: $type, value: $value) {\n    id\n  }\n}\n\nquery CustomersPage($first: Int!, $after: String, $filter: CustomerFilter) {\n  customers(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        identities {\n          type\n          value\n        }\n        orders(first: 10) {\n          edges {\n            node {\n              id\n              total\n            }\n          }\n        }\n        events(first: 10) {\n          edges {\n            node {\n              id\n              type\n              name\n              occurredAt\n            }\n          }\n        }\n        feedback(first: 5) {\n          edges {\n            node {\n              kind\n              score\n              text\n            }\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.CustomerProfileDocument,
};
const documents: Documents = {
    "query CustomerProfile($id: ID!, $ordersFirst: Int, $ordersAfter: String) {\n  customer(id: $id) {\n    id\n    createdAt\n    firstSeenAt\n    lastSeenAt\n    traits\n    identities {\n      type\n      value\n      firstSeenAt\n      lastSeenAt\n    }\n    orders(first: $ordersFirst, after: $ordersAfter) {\n      edges {\n        cursor\n        node {\n          id\n          orderId\n          total\n          currency\n          totalReporting\n          occurredAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n}\n\nquery CustomerByIdentity($type: String!, $value: String!) {\n  customerByIdentity(type: $type, value: $value) {\n    id\n  }\n}\n\nquery CustomersPage($first: Int!, $after: String, $filter: CustomerFilter) {\n  customers(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        identities {\n          type\n          value\n        }\n        orders(first: 10) {\n          edges {\n            node {\n              id\n              total\n            }\n          }\n        }\n        events(first: 10) {\n          edges {\n            node {\n              id\n              type\n              name\n              occurredAt\n            }\n          }\n        }\n        feedback(first: 5) {\n          edges {\n            node {\n              kind\n              score\n              text\n            }\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.CustomerProfileDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomerProfile($id: ID!, $ordersFirst: Int, $ordersAfter: String) {\n  customer(id: $id) {\n    id\n    createdAt\n    firstSeenAt\n    lastSeenAt\n    traits\n    identities {\n      type\n      value\n      firstSeenAt\n      lastSeenAt\n    }\n    orders(first: $ordersFirst, after: $ordersAfter) {\n      edges {\n        cursor\n        node {\n          id\n          orderId\n          total\n          currency\n          totalReporting\n          occurredAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n}\n\nquery CustomerByIdentity($type: String!, $value: String!) {\n  customerByIdentity(type: $type, value: $value) {\n    id\n  }\n}\n\nquery CustomersPage($first: Int!, $after: String, $filter: CustomerFilter) {\n  customers(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        identities {\n          type\n          value\n        }\n        orders(first: 10) {\n          edges {\n            node {\n              id\n              total\n            }\n          }\n        }\n        events(first: 10) {\n          edges {\n            node {\n              id\n              type\n              name\n              occurredAt\n            }\n          }\n        }\n        feedback(first: 5) {\n          edges {\n            node {\n              kind\n              score\n              text\n            }\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query CustomerProfile($id: ID!, $ordersFirst: Int, $ordersAfter: String) {\n  customer(id: $id) {\n    id\n    createdAt\n    firstSeenAt\n    lastSeenAt\n    traits\n    identities {\n      type\n      value\n      firstSeenAt\n      lastSeenAt\n    }\n    orders(first: $ordersFirst, after: $ordersAfter) {\n      edges {\n        cursor\n        node {\n          id\n          orderId\n          total\n          currency\n          totalReporting\n          occurredAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n}\n\nquery CustomerByIdentity($type: String!, $value: String!) {\n  customerByIdentity(type: $type, value: $value) {\n    id\n  }\n}\n\nquery CustomersPage($first: Int!, $after: String, $filter: CustomerFilter) {\n  customers(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        identities {\n          type\n          value\n        }\n        orders(first: 10) {\n          edges {\n            node {\n              id\n              total\n            }\n          }\n        }\n        events(first: 10) {\n          edges {\n            node {\n              id\n              type\n              name\n              occurredAt\n            }\n          }\n        }\n        feedback(first: 5) {\n          edges {\n            node {\n              kind\n              score\n              text\n            }\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;