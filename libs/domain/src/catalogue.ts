/** Services a partner can hold delegated admin permissions over. */
export type Service = 'exchange' | 'sharepoint' | 'teams' | 'intune' | 'azure' | 'dynamics';
export const services: readonly Service[] = ['exchange', 'sharepoint', 'teams', 'intune', 'azure', 'dynamics'];

export interface Offer {
  readonly offerId: string;
  readonly name: string;
  /** The service a subscription to this offer grants admin over. */
  readonly service: Service;
}

export const offers: readonly Offer[] = [
  { offerId: 'exchange-online-plan-1', name: 'Exchange Online (Plan 1)', service: 'exchange' },
  { offerId: 'sharepoint-online-plan-1', name: 'SharePoint Online (Plan 1)', service: 'sharepoint' },
  { offerId: 'teams-essentials', name: 'Microsoft Teams Essentials', service: 'teams' },
  { offerId: 'intune-plan-1', name: 'Microsoft Intune Plan 1', service: 'intune' },
  { offerId: 'azure-plan', name: 'Azure plan', service: 'azure' },
  { offerId: 'dynamics-365-sales', name: 'Dynamics 365 Sales Professional', service: 'dynamics' },
];

export const findOffer = (offerId: string): Offer | undefined => offers.find((offer) => offer.offerId === offerId);

export const isService = (value: unknown): value is Service => services.includes(value as Service);
