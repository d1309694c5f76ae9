/**
 * Nodes, pods and cluster-autoscaler in the burst model. Pods need `gpusPerPod` GPUs on one node; pending
 * pods are bound to free slots of Ready nodes at once (the scheduler). Every scan interval the autoscaler
 * sizes node groups for the pods still unplaced, counting nodes already on their way, in priority-expander
 * order (baseline, spot burst, on-demand burst). A group at zero can only scale up when its node template
 * (the scale-from-zero tags) tells the autoscaler it has GPUs. A spot group gets at most `spotNodesAvailable`
 * nodes from EC2; the rest never register, and after maxNodeProvisionTime the group is backed off, so the
 * next scan turns to on-demand. A new node pulls the Triton image once, then each pod loads the models.
 */

export interface NodeGroupModel {
  readonly name: string;
  readonly spot: boolean;
  readonly gpusPerNode: number;
  /** Nodes running (image cached) when the burst starts. */
  readonly initialNodes: number;
  readonly maxSize: number;
  /** Whether the autoscaler can build a node template for the group at zero (Spillway tags every GPU group). */
  readonly templateHasGpus: boolean;
  /** Spot nodes EC2 grants; undefined: as many as maxSize. */
  readonly spotNodesAvailable?: number;
}

export interface ClusterTimings {
  readonly scanSeconds: number;
  readonly maxNodeProvisionSeconds: number;
  readonly nodeBootSeconds: number;
  readonly imagePullSeconds: number;
  readonly modelLoadSeconds: number;
}

interface Node {
  readonly group: number;
  /** When the node is Ready; Infinity for one EC2 never delivers. */
  readonly readyAt: number;
  /** When its image pull finishes; the initial nodes have the image. */
  pulledAt: number;
  freeSlots: number;
}

export class ClusterModel {
  private readonly nodes: Node[] = [];
  private readonly requested: number[];
  private readonly backedOffUntil: number[];
  private readonly failing: { group: number; count: number; giveUpAt: number }[] = [];
  /** Times at which pods become ready, not yet counted. */
  private readonly starting: number[] = [];
  private pending = 0;
  private scheduled = 0;
  private nextScan = 0;
  private staticFree: number;
  readyPods = 0;

  constructor(
    private readonly groups: readonly NodeGroupModel[],
    private readonly staticSlots: number,
    private readonly gpusPerPod: number,
    private readonly timings: ClusterTimings,
    initialPods: number,
  ) {
    this.staticFree = staticSlots;
    this.requested = groups.map((group) => group.initialNodes);
    this.backedOffUntil = groups.map(() => -Infinity);
    groups.forEach((group, index) => {
      for (let count = 0; count < group.initialNodes; count++) this.nodes.push({ group: index, readyAt: 0, pulledAt: 0, freeSlots: this.slotsOf(index) });
    });
    this.pending = initialPods;
    this.place(0);
    this.readyPods = this.starting.length;
    this.starting.length = 0;
  }

  /** Pods the cluster could hold at most (every group at maxSize). */
  get maxPods(): number {
    return this.staticSlots + this.groups.reduce((sum, group, index) => sum + group.maxSize * this.slotsOf(index), 0);
  }

  get replicas(): number {
    return this.readyPods + this.starting.length + this.pending;
  }

  private slotsOf(group: number): number {
    return Math.floor(this.groups[group].gpusPerNode / this.gpusPerPod);
  }

  /** The HPA raised spec.replicas to `replicas`. */
  setReplicas(replicas: number): void {
    this.pending += Math.max(0, replicas - this.replicas);
  }

  /** Advances to `time`: nodes that became Ready take pods, the autoscaler scans, pods become ready. */
  advance(time: number): void {
    this.place(time);
    if (time >= this.nextScan) {
      this.scan(time);
      this.nextScan += this.timings.scanSeconds;
    }
    for (let index = this.starting.length - 1; index >= 0; index--) {
      if (this.starting[index] <= time) {
        this.starting.splice(index, 1);
        this.readyPods++;
      }
    }
  }

  private place(time: number): void {
    if (this.pending === 0) return;
    while (this.pending > 0 && this.staticFree > 0) {
      this.staticFree--;
      this.pending--;
      this.scheduled++;
      this.starting.push(time + this.timings.modelLoadSeconds);
    }
    for (const node of this.nodes) {
      while (this.pending > 0 && node.freeSlots > 0 && node.readyAt <= time) {
        if (!Number.isFinite(node.pulledAt)) node.pulledAt = time + this.timings.imagePullSeconds;
        node.freeSlots--;
        this.pending--;
        this.scheduled++;
        this.starting.push(Math.max(time, node.pulledAt) + this.timings.modelLoadSeconds);
      }
    }
  }

  private scan(time: number): void {
    for (let index = this.failing.length - 1; index >= 0; index--) {
      const failure = this.failing[index];
      if (failure.giveUpAt <= time) {
        // maxNodeProvisionTime passed: the autoscaler removes the nodes that never came and backs the group off.
        this.requested[failure.group] -= failure.count;
        this.backedOffUntil[failure.group] = Infinity;
        this.failing.splice(index, 1);
      }
    }
    const upcomingSlots = this.nodes.filter((node) => node.readyAt > time).reduce((sum, node) => sum + node.freeSlots, 0);
    const failingSlots = this.failing.reduce((sum, failure) => sum + failure.count * this.slotsOf(failure.group), 0);
    let unplaced = this.pending - upcomingSlots - failingSlots;
    for (let group = 0; group < this.groups.length && unplaced > 0; group++) {
      const spec = this.groups[group];
      if (this.backedOffUntil[group] > time) continue;
      if (this.requested[group] === 0 && !spec.templateHasGpus) continue;
      const slots = this.slotsOf(group);
      if (slots === 0) continue;
      const add = Math.min(spec.maxSize - this.requested[group], Math.ceil(unplaced / slots));
      if (add <= 0) continue;
      const granted = spec.spot && spec.spotNodesAvailable !== undefined ? Math.max(0, Math.min(add, spec.spotNodesAvailable - this.requested[group])) : add;
      for (let count = 0; count < granted; count++) {
        this.nodes.push({ group, readyAt: time + this.timings.nodeBootSeconds, pulledAt: Infinity, freeSlots: slots });
      }
      if (granted < add) this.failing.push({ group, count: add - granted, giveUpAt: time + this.timings.maxNodeProvisionSeconds });
      this.requested[group] += add;
      unplaced -= add * slots;
    }
  }
}
