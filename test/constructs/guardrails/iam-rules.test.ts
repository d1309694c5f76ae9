import { describeRuleCases } from './helpers';
import { IAM_CASES } from './cases/iam-cases';

describeRuleCases(IAM_CASES);
