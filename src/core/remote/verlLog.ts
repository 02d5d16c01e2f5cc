// Parser of SEIF's verl-fork console output: `Step N` + YAML metric blocks (numpy !!binary scalars),
// Ray `(Runner pid=N) ` prefixes, `Total training steps`, tqdm `\r` bars, checkpoints, tracebacks.

export type Metrics = Record<string, number | string | boolean | null>;

export type VerlEvent =
  | { type: 'total_steps'; total: number }
  | { type: 'step'; step: number; metrics: Metrics }
  | { type: 'checkpoint'; step: number; dir: string; root: string }
  | { type: 'progress'; current: number; total: number; pct: number; elapsed: string; eta: string }
  | { type: 'resume'; path: string }
  | { type: 'final_val'; metrics: Metrics }
  | { type: 'error'; message: string; traceback: string[] };

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const RAY_PREFIX = /^\(([A-Za-z_][\w.]*)(?: pid=(\d+))?(?:, ip=[^)]*)?\) ?(.*)$/;
const MID_PREFIX = /(?<=.)(?=\((?:Runner|WorkerDict|TaskRunner|[A-Z]\w*) pid=\d+(?:, ip=[^)]*)?\) )/;
const REPEATED = / \[repeated \d+x across cluster\]$/;
const NP_SCALAR = /^!!python\/object\/apply:numpy\.(?:_?core)\.multiarray\.scalar$/;
const TQDM = /(Running step|Epoch|Train mini-batches)[^|]*?:\s*(\d+)%\|[^|]*\|\s*(\d+)\/(\d+) \[([^\]<]*)<([^,\]]*)/;
const TQDM_TAIL = /^(.*?\d+\/\d+ \[[^\]]*\])(.+)$/;

function parseScalar(raw: string): number | string | boolean | null {
  const s = raw.trim();
  if (/^[-+]?\d+$/.test(s)) return Number(s);
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return Number(s);
  if (s === '.nan') return NaN;
  if (s === '.inf') return Infinity;
  if (s === '-.inf') return -Infinity;
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null' || s === '~') return null;
  return s.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
}

/** numpy scalar bytes (little-endian) by dtype code. */
export function decodeNumpyScalar(base64: string, dtype: string): number | boolean {
  const b = Buffer.from(base64, 'base64');
  switch (dtype) {
    case 'f8':
      return b.length >= 8 ? b.readDoubleLE(0) : NaN;
    case 'f4':
      return b.length >= 4 ? b.readFloatLE(0) : NaN;
    case 'i8':
      return b.length >= 8 ? Number(b.readBigInt64LE(0)) : NaN;
    case 'i4':
      return b.length >= 4 ? b.readInt32LE(0) : NaN;
    case 'u8':
      return b.length >= 8 ? Number(b.readBigUInt64LE(0)) : NaN;
    case 'b1':
      return b[0] !== 0;
    default:
      return NaN;
  }
}

const indentOf = (l: string) => l.length - l.trimStart().length;

/** Parses the YAML that `yaml.dump(nested_metrics, indent=2)` prints into a flat `a/b/c` map. */
export function parseMetricsYaml(lines: string[]): Metrics {
  const flat: Metrics = {};
  const stack: { level: number; key: string }[] = [];
  const anchors: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const m = /^(\s*)([^\s:-][^:]*):(?: (.*))?$/.exec(line);
    if (!m) continue;
    const level = m[1]!.length;
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
    const key = [...stack.map((s) => s.key), m[2]!].join('/');
    const val = m[3];
    if (val === undefined || val === '') {
      stack.push({ level, key: m[2]! });
      continue;
    }
    if (!NP_SCALAR.test(val.trim())) {
      flat[key] = parseScalar(val);
      continue;
    }
    // - &id001 !!python/object/apply:numpy.dtype (args: - f8 …) | - *id001, then - !!binary | <base64>
    let dtype: string | undefined;
    let b64 = '';
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      const t = l.trim();
      if (indentOf(l) < level || (indentOf(l) === level && !t.startsWith('- '))) break;
      const anchor = /&(\w+) !!python\/object\/apply:numpy\.dtype/.exec(t);
      const alias = /^- \*(\w+)$/.exec(t);
      if (anchor) {
        for (let k = j + 1; k < lines.length; k++) {
          const d = /^- ([a-z]\d+)$/.exec(lines[k]!.trim());
          if (d) {
            dtype = anchors[anchor[1]!] = d[1]!;
            break;
          }
        }
      } else if (alias) dtype = anchors[alias[1]!];
      else if (t === '- !!binary |') {
        for (j = j + 1; j < lines.length && indentOf(lines[j]!) > level; j++) b64 += lines[j]!.trim();
        break;
      }
    }
    flat[key] = decodeNumpyScalar(b64, dtype ?? 'f8');
    i = j - 1;
  }
  return flat;
}

const isYamlLine = (s: string) => /^\s*[^\s:-][^:]*:( .*)?$/.test(s) || /^\s*- /.test(s) || /^\s+\S/.test(s);

/** Streaming parser: feed physical log lines (a `\r` inside a line is a tqdm redraw), get events. */
export class VerlLogParser {
  private block: { kind: 'step' | 'final_val'; step: number; src: string | null; lines: string[] } | undefined;
  private traceback: { src: string | null; lines: string[] } | undefined;
  private lastCheckpointStep: number | undefined;

  constructor(private readonly onEvent: (e: VerlEvent) => void) {}

  feed(rawLine: string): void {
    for (const piece of rawLine.replace(ANSI, '').split('\r')) {
      if (piece === '' && rawLine.includes('\r')) continue;
      const parts = piece.split(MID_PREFIX);
      for (const part of parts) {
        const t = TQDM_TAIL.exec(part);
        if (t && TQDM.test(t[1]!)) {
          this.one(t[1]!);
          this.one(t[2]!);
        } else this.one(part);
      }
    }
  }

  end(): void {
    this.flushBlock();
    this.flushTraceback();
  }

  private flushBlock(): void {
    const b = this.block;
    if (!b) return;
    this.block = undefined;
    const metrics = parseMetricsYaml(b.lines);
    this.onEvent(b.kind === 'step' ? { type: 'step', step: b.step, metrics } : { type: 'final_val', metrics });
  }

  private flushTraceback(): void {
    const tb = this.traceback;
    if (!tb) return;
    this.traceback = undefined;
    const last = [...tb.lines].reverse().find((l) => /^\S/.test(l) && !/^Traceback /.test(l));
    this.onEvent({ type: 'error', message: last ?? tb.lines[tb.lines.length - 1] ?? 'Traceback', traceback: tb.lines });
  }

  private one(input: string): void {
    let line = input;
    let src: string | null = null;
    const pm = RAY_PREFIX.exec(line);
    if (pm) {
      src = `${pm[1]}:${pm[2] ?? ''}`;
      line = pm[3]!;
    }
    line = line.replace(REPEATED, '');
    if (this.block) {
      if (src === this.block.src && line.trim() !== '' && isYamlLine(line) && !/^Step \d+$/.test(line)) {
        this.block.lines.push(line);
        return;
      }
      // Lines of other Ray actors may interleave with a block: keep it open for them.
      if (!(src !== this.block.src && src !== null && !src.startsWith('Runner'))) this.flushBlock();
    }
    if (this.traceback) {
      if (src === this.traceback.src && (/^\s/.test(line) || /^(During handling|The above exception)/.test(line) || /^\w[\w.]*(Error|Exception|Interrupt|Exit)\b/.test(line) || line.trim() === '')) {
        if (line.trim() !== '') this.traceback.lines.push(line);
        if (/^\w[\w.]*(Error|Exception|Interrupt|Exit)\b/.test(line)) this.flushTraceback();
        return;
      }
      this.flushTraceback();
    }
    let m: RegExpExecArray | null;
    if ((m = /^Step (\d+)$/.exec(line))) {
      this.block = { kind: 'step', step: Number(m[1]), src, lines: [] };
      return;
    }
    if ((m = /^Final validation metrics: ?(.*)$/.exec(line))) {
      this.block = { kind: 'final_val', step: 0, src, lines: m[1] ? [m[1]] : [] };
      return;
    }
    if ((m = /^Total training steps: (\d+)/.exec(line))) return this.onEvent({ type: 'total_steps', total: Number(m[1]) });
    if ((m = /^\[rank-(\d+)\]: Saving (?:model|optimizer|extra_state) to (.*?global_step_(\d+))\/(?:actor|critic)\/\S+?\.?$/.exec(line))) {
      const step = Number(m[3]);
      if (step !== this.lastCheckpointStep) {
        this.lastCheckpointStep = step;
        this.onEvent({ type: 'checkpoint', step, dir: m[2]!, root: m[2]!.replace(/\/global_step_\d+$/, '') });
      }
      return;
    }
    if ((m = TQDM.exec(line))) {
      if (m[1] === 'Running step')
        this.onEvent({ type: 'progress', pct: Number(m[2]), current: Number(m[3]), total: Number(m[4]), elapsed: m[5]!.trim(), eta: m[6]!.trim() });
      return;
    }
    if ((m = /^Load from checkpoint: (.*?)\.?$/.exec(line))) return this.onEvent({ type: 'resume', path: m[1]! });
    if (/^Traceback \(most recent call last\):/.test(line)) {
      this.traceback = { src, lines: [line] };
      return;
    }
    if ((m = /^((?:[\w.]+\.)?\w*(?:Error|Exception)\b.*)$/.exec(line))) this.onEvent({ type: 'error', message: m[1]!, traceback: [] });
  }
}

export interface VerlLogSummary {
  totalSteps?: number;
  steps: { step: number; metrics: Metrics }[];
  lastStep?: number;
  checkpoints: { step: number; dir: string }[];
  checkpointRoot?: string;
  resumedFrom?: string;
  finalValidation?: Metrics;
  errors: { message: string; traceback: string[] }[];
}

/** Parses a whole log (or the part read so far). */
export function parseVerlLog(text: string): VerlLogSummary {
  const summary: VerlLogSummary = { steps: [], checkpoints: [], errors: [] };
  const parser = new VerlLogParser((e) => applyVerlEvent(summary, e));
  for (const line of text.split('\n')) parser.feed(line);
  parser.end();
  return summary;
}

export function applyVerlEvent(summary: VerlLogSummary, e: VerlEvent): void {
  switch (e.type) {
    case 'total_steps':
      summary.totalSteps = e.total;
      break;
    case 'step':
      summary.steps.push({ step: e.step, metrics: e.metrics });
      summary.lastStep = Math.max(summary.lastStep ?? 0, e.step);
      break;
    case 'checkpoint':
      summary.checkpoints.push({ step: e.step, dir: e.dir });
      summary.checkpointRoot = e.root;
      break;
    case 'progress':
      summary.totalSteps ??= e.total;
      summary.lastStep = Math.max(summary.lastStep ?? 0, e.current);
      break;
    case 'resume':
      summary.resumedFrom = e.path;
      break;
    case 'final_val':
      summary.finalValidation = e.metrics;
      break;
    case 'error':
      summary.errors.push({ message: e.message, traceback: e.traceback });
      break;
  }
}
