import { describeRuleCases } from './helpers';
import { NETWORK_CASES } from './cases/network-cases';

describeRuleCases(NETWORK_CASES);
