import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { eventTypes } from '@app/domain';
import { IsId } from '../../http/common.dto';

const POSITION = /^\d{1,16}$/;
const positionMessage = { message: '$property must be a log position (decimal, as in X-Log-Position)' };

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

/** What every query of the audit endpoints may carry: the read-your-writes position. */
class AuditQuery {
  @ApiPropertyOptional({ description: 'Answer only once this log position is reflected (as X-Min-Position)', example: '48213' })
  @IsOptional()
  @Matches(POSITION, positionMessage)
  minPosition?: string;
}

/** Filters and paging of a partner's history. */
export class PartnerHistoryQuery extends AuditQuery {
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

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Entries per page, 1-200 (default 50)', example: '50' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: '$property must be an integer from 1 to 200' })
  limit?: string;
}

/** A customer's history: the partner filter besides. */
export class CustomerHistoryQuery extends PartnerHistoryQuery {
  @ApiPropertyOptional({ description: 'Only entries concerning this partner (an Auditor: its own partner, which it always sees alone)' })
  @IsOptional()
  @IsId()
  partner?: string;
}

/** The moment a state is computed at: a time or a log position (at most one; neither: now). */
export class StateQuery extends AuditQuery {
  @IsTime('Fold the events recorded at or before this ISO-8601 time')
  at?: string;

  @ApiPropertyOptional({ description: 'Fold the events at or before this commit position', example: '48213' })
  @IsOptional()
  @Matches(POSITION, positionMessage)
  position?: string;
}
