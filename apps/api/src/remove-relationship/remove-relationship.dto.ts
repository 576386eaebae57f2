import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsText } from '../http/common.dto';

export class RemoveRelationshipDto {
  @ApiProperty({ maxLength: 1000 }) @IsText(1000) reason!: string;

  @ApiProperty({ description: 'The decision was made in good faith for a legitimate business purpose' })
  @IsBoolean()
  goodFaithConfirmed!: boolean;

  @ApiProperty({ description: 'The partner gives any legally required notice itself; the system sends none' })
  @IsBoolean()
  noticeResponsibilityConfirmed!: boolean;
}
