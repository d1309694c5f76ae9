import { describeRuleCases } from './helpers';
import { TAGGING_CASES } from './cases/tagging-cases';

describeRuleCases(TAGGING_CASES);
