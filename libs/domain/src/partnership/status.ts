export type PartnershipStatus = 'none' | 'requested' | 'active' | 'removed';
