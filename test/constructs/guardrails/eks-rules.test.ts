import { describeRuleCases } from './helpers';
import { EKS_CASES } from './cases/eks-cases';

describeRuleCases(EKS_CASES);
