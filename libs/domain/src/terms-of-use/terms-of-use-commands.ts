export interface PublishTermsOfUse {
  type: 'PublishTermsOfUse';
  version: string;
  text: string;
}

export type TermsOfUseCommand = PublishTermsOfUse;
