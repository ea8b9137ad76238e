import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { Feedback } from './feedback.type';

@Resolver(() => Feedback)
export class FeedbackResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Free text (review body, ticket subject). May contain personal data: null for keys without `pii:read`.',
  })
  text(@Root() item: Feedback, @Ctx() ctx: Context): string | null {
    return ctx.services.pii.canSeePii(ctx.principal) ? item.text : null;
  }
}
