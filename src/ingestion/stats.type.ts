import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What ingestion did with one source\'s items on one UTC day (every path: GraphQL, the tracking API, imports).' })
export class IngestDayStats {
  @Field(() => ID, { description: 'The source.' })
  sourceId!: string;

  @Field(() => String, { description: 'The source\'s name.' })
  source!: string;

  @Field(() => String, { description: 'The UTC day the items were received, YYYY-MM-DD.' })
  day!: string;

  @Field(() => Int, { description: 'Items stored and committed.' })
  accepted!: number;

  @Field(() => Int, { description: 'Items already received (same messageId, order id or refund id): stored once, not again.' })
  duplicate!: number;

  @Field(() => Int, { description: 'Items refused as invalid (on the tracking API dropped, as Segment does; on GraphQL answered with a reason).' })
  rejected!: number;

  @Field(() => Int, { description: 'Identifiers dropped as invalid or blocked (junk values such as "null" or "guest"): those of accepted items, and those of items refused because no other identifier was left.' })
  droppedIdentities!: number;

  @Field(() => Int, { description: 'Items dropped because they carry an identifier of an erased person (not counted in `rejected`).' })
  erased!: number;
}
