// The language-model contract lives with the other provider contracts (../provider); this path
// keeps older imports working.
export * from '../provider/language-model';
