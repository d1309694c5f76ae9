import { CLUSTER_AUTOSCALER_CHART, CLUSTER_AUTOSCALER_IMAGE_TAGS } from '../../../../constructs/gpu-capacity/cluster-autoscaler';
import { clusterSchema } from '../../../../config/schema/cluster';

/** The allowed versions, read from the schema's enum (not a hand list). */
const ALLOWED: readonly string[] = clusterSchema.shape.kubernetesVersion.removeDefault().options;

describe('cluster-autoscaler versions', () => {
  it('pins the chart to an exact version', () => {
    expect(CLUSTER_AUTOSCALER_CHART.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(ALLOWED)('has an image whose minor equals Kubernetes %s', (version) => {
    const tag = CLUSTER_AUTOSCALER_IMAGE_TAGS[version];
    expect(tag).toMatch(/^v\d+\.\d+\.\d+$/);
    const [major, minor] = tag.slice(1).split('.');
    expect(`${major}.${minor}`).toBe(version);
  });

  it('has no image for versions the schema does not allow', () => {
    expect(Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).sort()).toEqual([...ALLOWED].sort());
  });
});
