/** Runs a describe block once per haproxy binary found (the host's, and the production LTS branch when fetched). */
import { haproxyBinaries, type HaproxyBinary } from '../../../../scripts/lib/gateway-loopback/haproxy-binaries';

const HAPROXY_BINARIES = haproxyBinaries();

/** describe.each over HAPROXY_BINARIES, the version in each title; skipped, saying why, when there is none. */
export function describeEachHaproxy(title: string, body: (binary: HaproxyBinary) => void): void {
  if (HAPROXY_BINARIES.length === 0) {
    describe.skip(`${title} (skipped: no haproxy on PATH)`, () => body({ command: 'haproxy', version: 'none' }));
    return;
  }
  describe.each(HAPROXY_BINARIES)(`${title}: $version`, body);
}
