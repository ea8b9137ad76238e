import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars';

@ObjectType({ description: 'What a definition selects right now, computed without saving anything.' })
export class SegmentPreview {
  @Field(() => Int, { description: 'How many live profiles match.' })
  count!: number;

  @Field(() => [ID], { description: 'Ids of up to `sampleSize` matching profiles, the smallest ids first (a stable sample).' })
  sampleIds!: string[];

  @Field(() => DateTimeScalar, { description: 'The instant the definition was evaluated at: windows and relative dates count back from it.' })
  evaluatedAt!: Date;
}
