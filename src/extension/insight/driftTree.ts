// Drift alarms on the Rounds tree, through the tree's contribution seam (the tree never imports insight):
// the alarms in each round's tooltip (its icon turns to a warning), and one problem child per alarm; selecting a child
// filters the tree to the rows behind that alarm.
import * as vscode from 'vscode';
import type { DriftAlarm } from '../../core/insight';
import type { RoundView } from '../../core/workspace/workspace';
import type { CurationController } from '../curation/curationController';
import { Commands, Views } from '../ids';
import { Disposable } from '../lifecycle';
import type { ContributedNode } from '../tree/nodes';
import type { RoundsTreeContribution } from '../tree/roundsTree';
import type { InsightService } from './insightService';

const ID_PREFIX = 'drift:';

export class DriftTreeContribution extends Disposable implements RoundsTreeContribution {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** What each problem node stands for, by node id. */
  private readonly alarms = new Map<string, { rel: string; round: RoundView; alarm: DriftAlarm }>();

  constructor(
    private readonly insight: InsightService,
    private readonly curation: CurationController,
  ) {
    super();
    let timer: NodeJS.Timeout | undefined;
    this._register(
      insight.onDidChange(() => {
        // Stats land one dataset at a time; refresh the rounds once they settle.
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => this.changed.fire(), 200);
      }),
    );
    this._register({ dispose: () => timer && clearTimeout(timer) });
    this._register(vscode.commands.registerCommand(Commands.showDriftRows, (n?: ContributedNode | string) => this.showRows(n)));
  }

  roundProblems(round: RoundView): string[] {
    const out: string[] = [];
    for (const rel of round.datasets) {
      const known = this.insight.knownAlarms(rel);
      if (!known) {
        // Not computed yet: start it; onDidChange refreshes the round when it is known.
        void this.insight.stats(rel).catch(() => undefined);
        continue;
      }
      for (const a of known) out.push(`drift ${a.kind}: ${a.message}`);
    }
    return out;
  }

  roundChildren(round: RoundView): Promise<Omit<ContributedNode, 'kind'>[]> {
    const out: Omit<ContributedNode, 'kind'>[] = [];
    const many = round.datasets.length > 1;
    for (const rel of round.datasets) {
      // Never wait for stats here (a 5k-row round takes a moment): list what is known, refresh when computed.
      const alarms = this.insight.knownAlarms(rel);
      if (!alarms) {
        void this.insight.stats(rel).catch(() => undefined);
        continue;
      }
      for (const alarm of alarms) {
        const id = `${ID_PREFIX}${rel}:${alarm.kind}`;
        this.alarms.set(id, { rel, round, alarm });
        const file = rel.split('/').pop()!;
        out.push({
          id,
          label: `Drift: ${alarm.kind}`,
          description: `${alarm.rows.length} rows${many ? ` · ${file}` : ''}`,
          tooltip: `${alarm.message}\nSelect to show these rows of ${file} in the tree.`,
          icon: 'warning',
          severity: 'warning',
          contextValue: 'driftAlarm',
          command: Commands.showDriftRows,
        });
      }
    }
    return Promise.resolve(out);
  }

  /** Filters the Rounds tree to the rows behind an alarm (a drift node, or its id). Returns the rows shown. */
  async showRows(n?: ContributedNode | string): Promise<number[] | undefined> {
    const id = typeof n === 'string' ? n : n?.id;
    const hit = id ? this.alarms.get(id) : undefined;
    if (!hit) return undefined;
    const { rel, round, alarm } = hit;
    await this.curation.setFilter({ rows: { label: `drift ${alarm.kind} of ${round.family} T${round.t} (${alarm.rows.length} rows)`, byDataset: { [rel]: alarm.rows } } });
    await vscode.commands.executeCommand(`${Views.rounds}.focus`);
    return alarm.rows;
  }
}
