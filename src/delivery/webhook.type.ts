import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars';

export enum WebhookDeliveryStatusEnum {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  DEAD = 'DEAD',
}
registerEnumType(WebhookDeliveryStatusEnum, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a webhook delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not attempted yet (or reset by `redeliverWebhookDeliveries`).' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'The last attempt failed; another is scheduled at `nextAttemptAt` (exponential backoff with jitter).' },
    DEAD: {
      description:
        'Every attempt of the retry budget (WEBHOOK_MAX_ATTEMPTS) failed. The endpoint is paused (ordering is blocking) until an operator ' +
        'redelivers or skips; a skipped delivery stays DEAD with `skippedAt` set.',
    },
  },
});

@ObjectType({
  description:
    'An endpoint that receives segment membership changes by HTTP POST, signed, in log order, at least once (see the README, "Real-time ' +
    'delivery: webhooks"). Its secret is shown only by createWebhook and rotateWebhookSecret.',
})
export class Webhook {
  @Field(() => ID, { description: 'Webhook id (UUID).' })
  id!: string;

  @Field(() => String, { description: 'Where deliveries are POSTed (http or https; checked against the URL policy).' })
  url!: string;

  @Field(() => [ID], { description: 'The segments whose changes it receives.' })
  segmentIds!: string[];

  @Field(() => String, { description: 'Every change of its segments up to this cursor of the membership-change log has been delivered (or skipped).' })
  deliveredCursor!: string;

  @Field(() => Boolean, { description: 'True while a DEAD delivery blocks it: nothing more is sent until `redeliverWebhookDeliveries` or `skipDeadDeliveries`.' })
  paused!: boolean;

  @Field(() => ID, {
    nullable: true,
    description:
      'The API key (id) whose scopes decide what deliveries carry: while it is active with `pii:read` and `profiles:read`, each change ' +
      'also carries `customer { id traits identities { type value } }` as a query with that key would read it, at each attempt; otherwise, ' +
      'and when null, ids only. Revoking the key stops PII from the next attempt on.',
  })
  keyId!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'Until when the secret replaced by the last rotateWebhookSecret still signs deliveries (a second `v1` in `Strata-Signature`); ' +
      'null when only the current secret signs.',
  })
  previousSecretExpiresAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was paused (its head delivery went DEAD); null while delivering.' })
  pausedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When it was created: it receives the changes committed after that.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it was last changed by an operator.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'A webhook with its signing secret: returned once, by createWebhook and rotateWebhookSecret. Store the secret now.' })
export class WebhookWithSecret {
  @Field(() => Webhook, { description: 'The webhook.' })
  webhook!: Webhook;

  @Field(() => String, {
    description:
      'The HMAC-SHA256 key of the `Strata-Signature` header (its first `v1`). It cannot be read again. After a rotation with a grace ' +
      'period the previous secret signs too, as a second `v1`, until `webhook.previousSecretExpiresAt`.',
  })
  secret!: string;
}

@ObjectType({ description: 'One POST to a webhook: a run of consecutive changes of its segments, retried under the same idempotency key until delivered or DEAD.' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Delivery id, increasing in delivery order; pass it as `after` to page.' })
  id!: string;

  @Field(() => ID, { description: 'The webhook.' })
  webhookId!: string;

  @Field(() => WebhookDeliveryStatusEnum, { description: 'Where it stands.' })
  status!: WebhookDeliveryStatusEnum;

  @Field(() => String, { description: 'The `Strata-Idempotency-Key` header it is sent with (from the webhook and the first and last cursor).' })
  idempotencyKey!: string;

  @Field(() => String, { description: 'Cursor of its first change.' })
  firstCursor!: string;

  @Field(() => String, { description: 'Cursor of its last change.' })
  lastCursor!: string;

  @Field(() => Int, { description: 'How many changes it carries.' })
  changeCount!: number;

  @Field(() => Int, { description: 'Attempts made (of WEBHOOK_MAX_ATTEMPTS since it was created or last redelivered).' })
  attempts!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it will next be attempted; null once DELIVERED or DEAD.' })
  nextAttemptAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was last attempted; null before the first attempt.' })
  lastAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt; null when no answer came (refused, timed out, policy).' })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed; null when it succeeded or none was made.' })
  lastError!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was planned.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the endpoint acknowledged it (2xx); null until then.' })
  deliveredAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When an operator skipped it (skipDeadDeliveries); null otherwise.' })
  skippedAt!: Date | null;
}

@ObjectType({ description: 'A page of a webhook\'s deliveries, in delivery order (oldest first).' })
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDelivery], { description: 'The deliveries of this page.' })
  nodes!: WebhookDelivery[];

  @Field(() => String, { nullable: true, description: 'Id of the last delivery of this page (or `after` when the page is empty): pass it as `after` next time.' })
  endCursor!: string | null;

  @Field(() => Boolean, { description: 'True when more deliveries follow this page.' })
  hasNextPage!: boolean;
}

@InputType({ description: 'A new webhook.' })
export class CreateWebhookInput {
  @Field(() => String, { description: 'Where to POST: http or https, a public address unless the URL policy (WEBHOOK_ALLOW_PRIVATE, WEBHOOK_ALLOWED_HOSTS) says otherwise.' })
  url!: string;

  @Field(() => [ID], { description: 'The segments whose membership changes it receives (1 to 100).' })
  segmentIds!: string[];

  @Field(() => String, { nullable: true, description: 'The signing secret (16 to 256 printable characters); null: Strata generates one and returns it once.' })
  secret?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'An active API key (by id) whose scopes decide what deliveries carry: with `pii:read` and `profiles:read`, each change also carries ' +
      'the profile\'s PII as a query with that key would see it; otherwise ids only. Null: ids only.',
  })
  keyId?: string | null;
}

@InputType({ description: 'Changes to a webhook; absent fields stay as they are.' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true, description: 'A new URL (checked like on create).' })
  url?: string | null;

  @Field(() => [ID], { nullable: true, description: 'New segments: they apply from the next delivery planned, at the position the webhook has reached.' })
  segmentIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A new key deciding what deliveries carry (an active key, as on create), from the next attempt on. Explicit null: remove it (ids only); absent: unchanged.',
  })
  keyId?: string | null;
}
