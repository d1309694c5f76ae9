import { ADDON_VERSIONS, ManagedAddonName, UNVERIFIED_ADDON_PINS } from '../../../../constructs/cluster/addon-versions';
import { clusterSchema } from '../../../../config/schema/cluster';

/** The allowed versions, read from the schema's enum (not a hand list). */
const ALLOWED: readonly string[] = clusterSchema.shape.kubernetesVersion.removeDefault().options;
const ADDONS: readonly ManagedAddonName[] = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent', 'coredns'];

describe('EKS managed add-on pins', () => {
  it('reads at least the versions this change allows from the schema', () => {
    expect(ALLOWED).toEqual(expect.arrayContaining(['1.34', '1.35', '1.36']));
    expect(clusterSchema.shape.kubernetesVersion.parse(undefined)).toBe('1.35');
  });

  it.each(ALLOWED)('pins all four add-ons to an exact eksbuild for Kubernetes %s', (version) => {
    const pins = ADDON_VERSIONS[version];
    expect(pins).toBeDefined();
    expect(Object.keys(pins).sort()).toEqual([...ADDONS].sort());
    for (const addon of ADDONS) expect(pins[addon]).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
  });

  it.each(ALLOWED)('pins kube-proxy to the same minor as Kubernetes %s', (version) => {
    expect(ADDON_VERSIONS[version]['kube-proxy']).toMatch(new RegExp(`^v${version.replace('.', '\\.')}\\.\\d+-`));
  });

  it('has no pins for versions the schema does not allow', () => {
    expect(Object.keys(ADDON_VERSIONS).sort()).toEqual([...ALLOWED].sort());
  });

  it('lists unverified pins only for allowed versions and known add-ons', () => {
    for (const [version, addons] of Object.entries(UNVERIFIED_ADDON_PINS)) {
      expect(ALLOWED).toContain(version);
      for (const addon of addons) expect(ADDONS).toContain(addon);
    }
  });
});
