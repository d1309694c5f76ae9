import { describeRuleCases } from './helpers';
import { STORAGE_CASES } from './cases/storage-cases';

describeRuleCases(STORAGE_CASES);
