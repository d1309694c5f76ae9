import { describeRuleCases } from './helpers';
import { COMPUTE_CASES } from './cases/compute-cases';

describeRuleCases(COMPUTE_CASES);
