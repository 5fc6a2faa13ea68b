export { BANK_CONCEPT_ALTERNATIVES } from './concept-alternatives';
export { bankConceptAlternatives } from './alternatives';
