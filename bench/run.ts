/**
 * `npm run bench`: throughput against the js-yaml floor, peak memory at 100k Ingresses, and start-up.
 *
 *   node dist/bench/run.js [--sizes 1000,10000,50000] [--reps 5] [--reps-large 3] [--memory 100000|0]
 *                          [--startup-reps 40] [--out bench/results/latest.json]
 *
 * Every measurement is a whole process (`node dist/src/cli/main.js convert FILE > /dev/null` and
 * `node dist/bench/floor.js FILE OBJECTS.json > /dev/null`), run alternately so that load on the
 * machine hits both alike; medians are reported. CPU time (user+sys) and peak RSS come from
 * /usr/bin/time when present, else from a preload that reads process.resourceUsage() at exit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import { generateYaml } from './generate.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/bench
const repo = join(here, '..', '..');
const MAIN = join(repo, 'dist', 'src', 'cli', 'main.js');
const FLOOR = join(here, 'floor.js');
const RSS_PRELOAD = join(here, 'max-rss.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Args {
  sizes: number[];
  reps: number;
  repsLarge: number;
  memory: number;
  startupReps: number;
  out: string;
  work: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    sizes: [1000, 10000, 50000],
    reps: 5,
    repsLarge: 3,
    memory: 100000,
    startupReps: 40,
    out: join(repo, 'bench', 'results', 'latest.json'),
    work: join(tmpdir(), 'ingress2istio-bench'),
  };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--sizes':
        a.sizes = v!.split(',').map(Number).filter((n) => n > 0);
        i++;
        break;
      case '--reps':
        a.reps = Number(v);
        i++;
        break;
      case '--reps-large':
        a.repsLarge = Number(v);
        i++;
        break;
      case '--memory':
        a.memory = Number(v);
        i++;
        break;
      case '--startup-reps':
        a.startupReps = Number(v);
        i++;
        break;
      case '--out':
        a.out = v!;
        i++;
        break;
      case '--work':
        a.work = v!;
        i++;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return a;
}

interface Sample {
  /** Wall-clock seconds. */
  wall: number;
  /** user + sys CPU seconds. */
  cpu: number;
  /** Peak RSS in MiB. */
  rss: number;
  /** Bytes written to stdout (when captured). */
  outBytes?: number;
}

/** Run `node ARGS` with stdout to /dev/null (or a file); measure wall, CPU and peak RSS. */
function measure(nodeArgs: string[], stdoutFile?: string): Sample {
  const stat = join(tmpdir(), `ingress2istio-bench-${process.pid}.stat`);
  rmSync(stat, { force: true });
  const outFd = stdoutFile ?? '/dev/null';
  const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = TIME
    ? `${TIME} -o ${shellQuote(stat)} -f '%e %U %S %M' ${shellQuote(process.execPath)} ${nodeArgs.map(shellQuote).join(' ')} > ${shellQuote(outFd)}`
    : `${shellQuote(process.execPath)} --import ${shellQuote(RSS_PRELOAD)} ${nodeArgs.map(shellQuote).join(' ')} > ${shellQuote(outFd)}`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/bin/sh', ['-c', cmd], { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, BENCH_RSS_FILE: stat }, maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`failed (${r.status}): node ${nodeArgs.join(' ')}\n${r.stderr.toString().slice(-2000)}`);
  const s = readFileSync(stat, 'utf8').trim();
  rmSync(stat, { force: true });
  let cpu: number;
  let rss: number;
  if (TIME) {
    const [, user, sys, kb] = s.split(/\s+/).slice(-4).map(Number);
    cpu = user! + sys!;
    rss = kb! / 1024;
  } else {
    const j = JSON.parse(s) as { maxRSS: number; user: number; sys: number };
    cpu = (j.user + j.sys) / 1e6;
    rss = j.maxRSS / 1024 / 1024;
  }
  return { wall, cpu, rss, ...(stdoutFile ? { outBytes: statSync(stdoutFile).size } : {}) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Write N Ingresses as one file, or (when above the reader's per-file cap) a folder of 10k-Ingress files. */
function writeInput(work: string, n: number): { path: string; bytes: number } {
  const perFile = 10000;
  if (n <= 50000) {
    const path = join(work, `ingresses-${n}.yaml`);
    if (!existsSync(path)) writeFileSync(path, generateYaml({ n }));
    return { path, bytes: statSync(path).size };
  }
  const dir = join(work, `ingresses-${n}`);
  let bytes = 0;
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    // Distinct seeds and namespaces per file: one big cluster split over files.
    for (let f = 0; f * perFile < n; f++) {
      const text = generateYaml({ n: Math.min(perFile, n - f * perFile), seed: 1000 + f }).replace(/team-(\d+)/g, (_m, d: string) => `team-${f}-${d}`);
      writeFileSync(join(dir, `part-${String(f).padStart(3, '0')}.yaml`), text);
    }
  }
  for (let f = 0; f * perFile < n; f++) bytes += statSync(join(dir, `part-${String(f).padStart(3, '0')}.yaml`)).size;
  return { path: dir, bytes };
}

interface SizeResult {
  n: number;
  inputBytes: number;
  outputBytes: number;
  outputDocuments: number;
  reps: number;
  floor: { wallMedian: number; cpuMedian: number; rssMedianMiB: number; wall: number[]; cpu: number[] };
  convert: { wallMedian: number; cpuMedian: number; rssMedianMiB: number; wall: number[]; cpu: number[] };
  ratioWall: number;
  ratioCpu: number;
}

const fmt = (x: number, d = 2) => x.toFixed(d);
const log = (s: string) => process.stderr.write(`${s}\n`);

function benchSize(args: Args, n: number): SizeResult {
  const input = writeInput(args.work, n);
  // The converter's output objects, once, for the floor to print.
  const outYaml = join(args.work, `out-${n}.yaml`);
  const first = measure([MAIN, 'convert', input.path, '-q'], outYaml);
  const objects = jsYaml.loadAll(readFileSync(outYaml, 'utf8')).filter((o) => o !== null && o !== undefined);
  const objectsFile = join(args.work, `objects-${n}.json`);
  writeFileSync(objectsFile, JSON.stringify(objects));
  // Sanity: the floor prints the same bytes as the converter.
  const floorOut = join(args.work, `floor-${n}.yaml`);
  measure([FLOOR, input.path, objectsFile], floorOut);
  const same = readFileSync(floorOut, 'utf8') === readFileSync(outYaml, 'utf8');
  if (!same) log(`  note: floor output differs from the converter's for N=${n} (sizes ${statSync(floorOut).size} vs ${first.outBytes})`);
  rmSync(floorOut, { force: true });

  const reps = n >= 50000 ? args.repsLarge : args.reps;
  const floor: Sample[] = [];
  const conv: Sample[] = [];
  for (let r = 0; r < reps; r++) {
    // Alternate which one goes first, so a slow phase of the machine hits both.
    const runFloor = () => floor.push(measure([FLOOR, input.path, objectsFile]));
    const runConv = () => conv.push(measure([MAIN, 'convert', input.path, '-q']));
    if (r % 2 === 0) {
      runFloor();
      runConv();
    } else {
      runConv();
      runFloor();
    }
    log(`  N=${n} rep ${r + 1}/${reps}: floor ${fmt(floor.at(-1)!.wall)} s, convert ${fmt(conv.at(-1)!.wall)} s (cpu ${fmt(floor.at(-1)!.cpu)} / ${fmt(conv.at(-1)!.cpu)} s)`);
  }
  const sum = (xs: Sample[]) => ({
    wallMedian: median(xs.map((x) => x.wall)),
    cpuMedian: median(xs.map((x) => x.cpu)),
    rssMedianMiB: median(xs.map((x) => x.rss)),
    wall: xs.map((x) => Number(fmt(x.wall, 3))),
    cpu: xs.map((x) => Number(fmt(x.cpu, 3))),
  });
  const f = sum(floor);
  const c = sum(conv);
  return {
    n,
    inputBytes: input.bytes,
    outputBytes: first.outBytes ?? 0,
    outputDocuments: objects.length,
    reps,
    floor: f,
    convert: c,
    ratioWall: c.wallMedian / f.wallMedian,
    ratioCpu: c.cpuMedian / f.cpuMedian,
  };
}

function benchStartup(reps: number) {
  const cases: Array<[string, string[]]> = [
    ['node -e 0', ['-e', '0']],
    ['--version', [MAIN, '--version']],
    ['--help', [MAIN, '--help']],
  ];
  const times = new Map<string, number[]>(cases.map(([k]) => [k, []]));
  for (let r = 0; r < reps; r++) {
    for (const [k, a] of r % 2 ? [...cases].reverse() : cases) {
      const t0 = process.hrtime.bigint();
      const p = spawnSync(process.execPath, a, { stdio: ['ignore', 'ignore', 'ignore'] });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (p.status !== 0) throw new Error(`${k} exited ${p.status}`);
      times.get(k)!.push(ms);
    }
  }
  const base = median(times.get('node -e 0')!);
  return Object.fromEntries(
    cases.map(([k]) => {
      const m = median(times.get(k)!);
      return [k, { medianMs: Number(fmt(m, 1)), overBareNodeMs: Number(fmt(m - base, 1)) }];
    }),
  );
}

interface Measured {
  date: string;
  loadAtStart: number[];
  loadAtEnd: number[];
}

interface Result {
  date: string;
  machine: Record<string, unknown>;
  measuredWith: string;
  targets: Record<string, number>;
  sizes: Array<SizeResult & { measured?: Measured }>;
  memory?: { n: number; inputBytes: number; files: number; wallSeconds: number; cpuSeconds: number; peakRssMiB: number; floorPeakRssMiB: number; measured?: Measured };
  startup?: { [k: string]: unknown; measured?: Measured };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.work, { recursive: true });
  if (!existsSync(MAIN)) throw new Error(`${MAIN} not found: run npm run build first`);
  const load0 = loadavg();
  log(`ingress2istio benchmark: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, load ${load0.map((x) => fmt(x)).join(' ')}, measuring with ${TIME ?? 'process.resourceUsage()'}`);

  // Results of an earlier run are kept for what this run does not measure (e.g. `--sizes '' --memory 100000`).
  const previous = existsSync(args.out) ? (JSON.parse(readFileSync(args.out, 'utf8')) as Partial<Result>) : {};
  let startup: ReturnType<typeof benchStartup> | undefined;
  if (args.startupReps > 0) {
    log('start-up…');
    startup = benchStartup(args.startupReps);
  }

  const sizes: SizeResult[] = [];
  for (const n of args.sizes) {
    log(`N=${n}…`);
    sizes.push(benchSize(args, n));
  }

  let memory: Result['memory'];
  if (args.memory > 0) {
    log(`memory: N=${args.memory}…`);
    const input = writeInput(args.work, args.memory);
    const s = measure([MAIN, 'convert', input.path, '-q']);
    const objectsN = args.sizes.includes(args.memory) ? join(args.work, `objects-${args.memory}.json`) : undefined;
    const floorRss = objectsN ? measure([FLOOR, input.path, objectsN]).rss : NaN;
    memory = {
      n: args.memory,
      inputBytes: input.bytes,
      files: Math.ceil(args.memory / 10000),
      wallSeconds: Number(fmt(s.wall)),
      cpuSeconds: Number(fmt(s.cpu)),
      peakRssMiB: Math.round(s.rss),
      floorPeakRssMiB: Math.round(floorRss),
    };
  }
  const load1 = loadavg();

  // Table.
  const rows = [
    ['N', 'input MB', 'output MB', 'floor s', 'convert s', 'ratio', 'floor cpu s', 'convert cpu s', 'cpu ratio', 'floor RSS MiB', 'convert RSS MiB'],
    ...sizes.map((s) => [
      String(s.n),
      fmt(s.inputBytes / 1e6, 1),
      fmt(s.outputBytes / 1e6, 1),
      fmt(s.floor.wallMedian),
      fmt(s.convert.wallMedian),
      `${fmt(s.ratioWall)}×`,
      fmt(s.floor.cpuMedian),
      fmt(s.convert.cpuMedian),
      `${fmt(s.ratioCpu)}×`,
      fmt(s.floor.rssMedianMiB, 0),
      fmt(s.convert.rssMedianMiB, 0),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join('  ');
  const out: string[] = [];
  out.push('', line(rows[0]!), ...rows.slice(1).map(line), '');
  if (sizes.length > 1) {
    const base = sizes[0]!;
    out.push(
      `ratio growth vs N=${base.n}: ${sizes
        .slice(1)
        .map((s) => `N=${s.n} wall ${fmt(s.ratioWall / base.ratioWall)}×, cpu ${fmt(s.ratioCpu / base.ratioCpu)}×`)
        .join('; ')}`,
    );
    out.push(`convert time per Ingress: ${sizes.map((s) => `N=${s.n} ${fmt((s.convert.cpuMedian / s.n) * 1e3, 3)} ms cpu`).join(', ')}`);
  }
  if (memory) out.push(`memory: ${memory.n} Ingresses (${fmt(memory.inputBytes / 1e6, 0)} MB in ${memory.files} files) converted in ${memory.wallSeconds} s, peak RSS ${memory.peakRssMiB} MiB (target < 1536 MiB)`);
  if (startup) {
    out.push(
      `start-up (median of ${args.startupReps}): node -e 0 ${startup['node -e 0']!.medianMs} ms; --version ${startup['--version']!.medianMs} ms (+${startup['--version']!.overBareNodeMs}); --help ${startup['--help']!.medianMs} ms (+${startup['--help']!.overBareNodeMs}) (target +80 ms)`,
    );
  }
  out.push(`load average: ${load0.map((x) => fmt(x)).join(' ')} at start, ${load1.map((x) => fmt(x)).join(' ')} at end`);
  process.stdout.write(`${out.join('\n')}\n`);

  // Each part says when and under which load it was measured (parts of earlier runs may be kept).
  const measured = { date: new Date().toISOString(), loadAtStart: load0, loadAtEnd: load1 };
  const measuredSizes = sizes.map((s) => ({ ...s, ratioWall: Number(fmt(s.ratioWall, 3)), ratioCpu: Number(fmt(s.ratioCpu, 3)), measured }));
  const keptSizes = (previous.sizes ?? []).filter((p) => !sizes.some((s) => s.n === p.n));
  const result: Result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, totalMemMiB: Math.round(totalmem() / 1048576), node: process.version, loadAtStart: load0, loadAtEnd: load1 },
    measuredWith: TIME ?? 'process.resourceUsage()',
    targets: { ratioMax: 1.5, peakRssMiBAt100k: 1536, startupOverBareNodeMs: 80 },
    sizes: [...keptSizes, ...measuredSizes].sort((a, b) => a.n - b.n),
    memory: memory ? { ...memory, measured } : previous.memory,
    startup: startup ? { ...startup, measured } : previous.startup,
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  log(`written ${args.out}`);
}

main();
