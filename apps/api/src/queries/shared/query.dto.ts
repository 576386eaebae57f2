import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsId, IsText } from '../../http/common.dto';

export const POSITION = /^\d{1,16}$/;
export const positionMessage = { message: '$property must be a log position (decimal, as in X-Log-Position)' };

/** What every query of a read endpoint may carry: the read-your-writes position (the X-Min-Position header wins). */
export class ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'Answer only once this log position is reflected (as X-Min-Position)', example: '48213' })
  @IsOptional()
  @Matches(POSITION, positionMessage)
  minPosition?: string;
}

/** A page of a list: its size and where the previous page ended. */
export class PageQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'Items per page, 1-200 (default 50)', example: '50' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: '$property must be an integer from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page', example: 'eyJrIjoiY29udG9zbyJ9' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;
}

/** The customer list's filters. */
export class CustomerListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Prefix of company name, primary domain or customer id (case-insensitive)', example: 'conto' })
  @IsOptional()
  @IsText()
  search?: string;

  @ApiPropertyOptional({ description: 'Provider only: customers associated with this indirect reseller', example: 'p-contoso-resell' })
  @IsOptional()
  @IsId()
  resellerId?: string;
}

export const pageOf = (query: PageQuery) => ({ limit: query.limit === undefined ? undefined : Number(query.limit), cursor: query.cursor });
