/** 报名与截止: registration, withdrawal, consortia, sealed quotes (commit–reveal) and the close with its frozen pool. */
export { register, withdraw, partyCode, partyCodes, type Party, type Registration, type RevealedQuote, type RegisterContext, type RegisterOutcome } from './registration.ts';
export { consortiumAsAgency, consortiumCredit } from './consortium.ts';
export { quoteCommitmentOf, newQuoteSalt, commitQuote, revealQuote, quotesForSelection, type RevealContext } from './sealed-quote.ts';
export { closeRegistration, type CloseContext, type CloseResult, type ExcludedRegistrant } from './close.ts';
