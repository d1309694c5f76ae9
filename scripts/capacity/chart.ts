/**
 * capacity.svg, rendered server-side by Vega-Lite (compiled to Vega) and Vega's SVG renderer: no browser,
 * no canvas. Per region: the hourly peaks of the last two weeks, the forecast with its 95% band, the rps the
 * configured baseline and maximum GPUs serve within the SLO, and the forecast above the maximum shaded.
 * Then the burst: served and shed requests per second by tier.
 */
import type { FleetConfig } from '../../config/schema';
import type { CapacityRun } from './plan-capacity';

/** vega and vega-lite are ES modules with top-level await: a real dynamic import, which TypeScript's CommonJS output would turn into require. */
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

const HISTORY_HOURS = 14 * 24;
const iso = (ms: number) => new Date(ms).toISOString();

export function capacitySpec(run: CapacityRun, config: FleetConfig): Record<string, unknown> {
  const panels: Record<string, unknown>[] = run.regions.map((region) => {
    const values: Record<string, unknown>[] = [];
    const from = Math.max(0, region.history.hours.length - HISTORY_HOURS);
    for (let index = from; index < region.history.hours.length; index++) values.push({ time: iso(region.history.hours[index]), rps: region.history.peaks[index], series: 'history (hourly peak)' });
    region.forecast.hours.forEach((hour, index) => {
      values.push({ time: iso(hour), rps: region.forecast.point[index], lower: region.forecast.lower[index], upper: region.forecast.upper[index], series: 'forecast' });
      if (region.forecast.upper[index] > region.capacityRps.max) values.push({ time: iso(hour), low: region.capacityRps.max, high: region.forecast.upper[index], series: 'shortfall' });
    });
    const rules = [
      { capacity: region.capacityRps.baseline, line: `baseline ${region.configured.baseline} GPUs` },
      { capacity: region.capacityRps.max, line: `maximum ${region.configured.max} GPUs` },
    ];
    return {
      title: `${region.name}: requests per second (GPU lines: rps served within the queue-time SLO)`,
      width: 900,
      height: 220,
      layer: [
        { data: { values: values.filter((row) => row.series === 'forecast') }, mark: { type: 'area', opacity: 0.25, color: '#4c78a8' }, encoding: { x: { field: 'time', type: 'temporal', title: null }, y: { field: 'lower', type: 'quantitative', title: 'rps' }, y2: { field: 'upper' } } },
        { data: { values: values.filter((row) => row.series === 'shortfall') }, mark: { type: 'area', opacity: 0.5, color: '#e45756' }, encoding: { x: { field: 'time', type: 'temporal' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
        {
          data: { values: values.filter((row) => row.series !== 'shortfall') },
          mark: { type: 'line', strokeWidth: 1.2 },
          encoding: { x: { field: 'time', type: 'temporal' }, y: { field: 'rps', type: 'quantitative' }, color: { field: 'series', type: 'nominal', title: null, scale: { range: ['#4c78a8', '#9d9d9d'] } } },
        },
        { data: { values: rules }, mark: { type: 'rule', strokeDash: [6, 3] }, encoding: { y: { field: 'capacity', type: 'quantitative' }, strokeDash: { field: 'line', type: 'nominal', title: null } } },
      ],
      resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
    };
  });
  if (run.burst && run.json.burst) {
    const tiers = Object.keys(run.json.burst.tiers);
    const values = run.burst.timeline.flatMap((second) =>
      tiers.flatMap((tier) => [
        { second: second.second, rps: second.served[tier], series: `${tier} served` },
        { second: second.second, rps: second.shed[tier], series: `${tier} shed` },
      ]),
    );
    const burst = run.json.burst;
    panels.push({
      title: `Burst on ${burst.region}: ${burst.fromRps} to ${burst.toRps} rps in ${burst.rampSeconds} s (replicas.max ${config.triton!.replicas.max})`,
      width: 900,
      height: 220,
      data: { values },
      mark: { type: 'line', strokeWidth: 1.2 },
      encoding: {
        x: { field: 'second', type: 'quantitative', title: 'seconds since the ramp started' },
        y: { field: 'rps', type: 'quantitative', title: 'requests per second' },
        color: { field: 'series', type: 'nominal', title: null },
        strokeDash: { condition: { test: "indexof(datum.series, 'shed') >= 0", value: [4, 2] }, value: [1, 0] },
      },
    });
  }
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', vconcat: panels, config: { font: 'sans-serif', view: { stroke: null }, legend: { labelLimit: 400 } } };
}

export async function renderCapacitySvg(run: CapacityRun, config: FleetConfig): Promise<string> {
  const [vega, vegaLite] = await Promise.all([importModule('vega'), importModule('vega-lite')]);
  const compiled = vegaLite.compile(capacitySpec(run, config)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
