import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsText } from '../http/common.dto';

export class RemoveRelationshipDto {
  @ApiProperty({ example: 'The customer ended the contract', maxLength: 1000 }) @IsText(1000) reason!: string;

  @ApiProperty({ example: true, description: 'The decision was made in good faith for a legitimate business purpose' })
  @IsBoolean()
  goodFaithConfirmed!: boolean;

  @ApiProperty({ example: true, description: 'The partner gives any legally required notice itself; the system sends none' })
  @IsBoolean()
  noticeResponsibilityConfirmed!: boolean;
}
