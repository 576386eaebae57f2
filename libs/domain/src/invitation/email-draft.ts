import { DomainError } from '../errors';
import { invitationLinkPlaceholder, InvitationKind } from './events';

export const maxEmailDraftLength = 10_000;

// Email text may span lines and hold tabs; other control characters are refused.
const forbiddenInEmail = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const defaultEmailDraft = (kind: InvitationKind, includeAdminPermissions: boolean): string =>
  [
    'Hello,',
    '',
    kind === 'combined'
      ? 'We would like to become your Cloud Solution Provider together with our indirect provider.'
      : 'We would like to become your Cloud Solution Provider.',
    includeAdminPermissions
      ? 'Accepting also gives us delegated administration permissions for the services listed in the invitation.'
      : 'Accepting does not give us administration permissions in your organisation.',
    'Your global administrator can review and accept the invitation here:',
    '',
    invitationLinkPlaceholder,
    '',
    'The link expires; it can be used once by your organisation.',
  ].join('\n');

/** The partner may edit the text but the personalised link must stay in it. */
export const checkEmailDraft = (draft: unknown): string => {
  if (typeof draft !== 'string' || draft.trim().length === 0) throw new DomainError('VALIDATION', 'emailDraft is empty', 'emailDraft');
  if (draft.length > maxEmailDraftLength)
    throw new DomainError('VALIDATION', `emailDraft is longer than ${maxEmailDraftLength} characters`, 'emailDraft');
  if (forbiddenInEmail.test(draft)) throw new DomainError('VALIDATION', 'emailDraft contains control characters', 'emailDraft');
  if (!draft.includes(invitationLinkPlaceholder)) throw new DomainError('INVITATION.LINK_MISSING_FROM_EMAIL', undefined, 'emailDraft');
  return draft;
};
