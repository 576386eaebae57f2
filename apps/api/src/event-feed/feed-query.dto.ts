import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

/** The feed's query parameters; their meaning (and the Last-Event-ID header winning over `lastEventId`) is `feedRequestOf`'s. */
export class FeedQuery {
  @ApiPropertyOptional({
    description: 'Comma-separated event types (or the parameter repeated)',
    example: 'RelationshipRemoved,CustomerAdded',
    type: String,
  })
  @IsOptional()
  types?: string | string[];

  @ApiPropertyOptional({ description: 'Resume after this id: (the Last-Event-ID header wins)', example: '48213' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  lastEventId?: string;

  @ApiPropertyOptional({ enum: ['start', 'end'], description: 'Without a resume id: from the log start or its current end (default)' })
  @IsOptional()
  @IsIn(['start', 'end'], { message: '$property must be start or end' })
  from?: 'start' | 'end';
}
