import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { services } from '@app/domain';

class RelationshipSchema {
  @ApiProperty({ example: 'p-fabrikam' }) partnerId!: string;
  @ApiProperty({ enum: ['active', 'removed'] }) status!: string;
  @ApiProperty({ example: 'invitation', description: 'added, invitation, imported…' }) origin!: string;
  @ApiProperty({ example: '2026-01-12T09:30:00.000Z' }) establishedAt!: string;
  @ApiPropertyOptional({ example: '2026-02-20T16:00:00.000Z' }) removedAt?: string;
  @ApiPropertyOptional({ example: 'i-6c1f' }) invitationId?: string;
}

class AdminPermissionSchema {
  @ApiProperty({ enum: services }) service!: string;
  @ApiProperty({ description: 'The partner holding admin permissions for the service', example: 'p-fabrikam' }) partnerId!: string;
}

class AssociationSchema {
  @ApiProperty({ example: 'p-provider' }) providerId!: string;
  @ApiProperty({ example: 'p-reseller' }) resellerId!: string;
}

class SubscriptionSchema {
  @ApiProperty({ example: 's-1' }) subscriptionId!: string;
  @ApiProperty({ example: 'offer-m365-e3' }) offerId!: string;
  @ApiProperty({ enum: services }) service!: string;
  @ApiProperty({ example: 25 }) licenseCount!: number;
  @ApiProperty({ description: 'The partner that sold it', example: 'p-provider' }) partnerId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'p-reseller' }) partnerOfRecordId!: string | null;
  @ApiProperty({ example: 'p-provider' }) supportContactId!: string;
}

export class CustomerStateSchema {
  @ApiProperty({ example: 'c-contoso' }) customerId!: string;
  @ApiProperty({ type: String, description: 'Commit position of the last event folded (null: none was)', nullable: true, example: '48213' })
  position!: string | null;
  @ApiProperty({ enum: ['none', 'exists'], description: 'none: the customer did not exist yet at that moment' }) status!: string;
  @ApiPropertyOptional({ example: 'Contoso Ltd' }) companyName?: string;
  @ApiPropertyOptional({ example: 'contoso.example' }) primaryDomain?: string;
  @ApiProperty({ type: [RelationshipSchema] }) relationships!: RelationshipSchema[];
  @ApiProperty({ type: [AdminPermissionSchema] }) adminPermissions!: AdminPermissionSchema[];
  @ApiProperty({ type: [AssociationSchema] }) associations!: AssociationSchema[];
  @ApiProperty({ type: [SubscriptionSchema] }) subscriptions!: SubscriptionSchema[];
}

class PartnershipAssociationSchema {
  @ApiProperty({ example: 'c-contoso' }) customerId!: string;
  @ApiPropertyOptional({ description: 'Present when the reseller became partner of record of this subscription', example: 's-1' })
  subscriptionId?: string;
}

export class PartnershipStateSchema {
  @ApiProperty({ example: 'p-provider' }) providerId!: string;
  @ApiProperty({ example: 'p-reseller' }) resellerId!: string;
  @ApiProperty({ type: String, nullable: true, example: '48213' }) position!: string | null;
  @ApiProperty({ enum: ['none', 'requested', 'active', 'removed'] }) status!: string;
  @ApiProperty({
    type: [PartnershipAssociationSchema],
    description: 'Customers and subscriptions the provider associated the reseller with',
  })
  associations!: PartnershipAssociationSchema[];
}
