import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { eventTypes } from '@app/domain';
import { IsId } from '../../http/common.dto';
import { PageQuery, POSITION, positionMessage, ReadYourWritesQuery } from '../shared/query.dto';

/** An optional ISO-8601 time, documented with its meaning. */
const IsTime = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, example: '2026-03-01T00:00:00Z' }),
    IsOptional(),
    IsISO8601({ strict: true }, { message: '$property must be an ISO-8601 time' }),
  );

/** `type=A,B` and `type=A&type=B` alike: one list of names. */
const typeList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));

/** Filters and paging of a partner's history. */
export class PartnerHistoryQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Only these event types (comma-separated or repeated)',
    example: 'RelationshipRemoved,RelationshipEstablished',
  })
  @IsOptional()
  @Transform(typeList)
  @IsArray()
  @ArrayMaxSize(eventTypes.length)
  @IsIn(eventTypes, { each: true, message: '$property must name event types of this API' })
  type?: string[];

  @IsTime('Recorded at or after this ISO-8601 time')
  from?: string;

  @IsTime('Recorded at or before this ISO-8601 time')
  to?: string;
}

/** A customer's history: the partner filter besides. */
export class CustomerHistoryQuery extends PartnerHistoryQuery {
  @ApiPropertyOptional({ description: 'Only entries concerning this partner (an Auditor: its own partner, which it always sees alone)' })
  @IsOptional()
  @IsId()
  partner?: string;
}

/** The moment a state is computed at: a time or a log position (at most one; neither: now). */
export class StateQuery extends ReadYourWritesQuery {
  @IsTime('Fold the events recorded at or before this ISO-8601 time')
  at?: string;

  @ApiPropertyOptional({ description: 'Fold the events at or before this commit position', example: '48213' })
  @IsOptional()
  @Matches(POSITION, positionMessage)
  position?: string;
}
