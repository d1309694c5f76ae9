import { parseConfig } from '../../config/load';
import * as fs from 'fs';
import { burstScenario, modelRates, tierShares } from './fleet-inputs';
import { simulateBurst } from './burst';
const config = parseConfig(fs.readFileSync('config/environments/example.yaml', 'utf8'));
const rates = modelRates(config.triton!, undefined, new Map(), 'x');
const tiers = tierShares(config, undefined);
for (const [from, to] of [[500, 3000], [500, 30000]]) {
  const t = Date.now();
  const s = burstScenario(config, config.regions[0], { fromRps: from, toRps: to, rampSeconds: 60 }, rates, tiers);
  const o = simulateBurst(s);
  console.log(Date.now() - t, 'ms', s.initialPods, JSON.stringify(o.tiers), o.timeToCapacitySeconds, o.finalReadyPods);
  console.log(o.timeline.filter((x) => x.second % 30 === 0).map((x) => `${x.second}:${x.readyPods}:${Math.round(x.offeredRps)}:${Math.round(Object.values(x.shed).reduce((a, b) => a + b, 0))}`).join(' '));
}
