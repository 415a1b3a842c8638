// Detection benchmark on an external simulator's data: the causal feature matrix exactly as the
// engine computes it (`ringwatch features`), split 60/20/20 by time; our GBDT (the training
// `ringwatch train` runs: depth × class-weight search, log-loss early stopping, the winner bagged
// over five sampling seeds; `ours_choice` says what won) against one xgboost model (Debian's
// python3-xgboost, same rows, same split, early stopping on the same validation slice), both
// scored on the last 20 %. Skips with a line when the data set or xgboost is missing.
// Usage: npx tsc -p . && node bench/detection.mjs [dataset folder]
// Prints: bench=detection dataset=… rows=… features=… ours_prauc=… ours_train_s=… xgboost_prauc=… xgboost_train_s=… ratio=…
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { trainDetectionModel } from '../dist/src/engine/training.js';
import { averagePrecision, predictBatch } from '../dist/src/ml/index.js';
import { RULE_ONLY_FEATURES } from '../dist/src/features/families/index.js';

const set = resolve(process.argv[2] ?? '../shared/datasets/amlsim_dev_a');
const file = join(set, 'transactions.csv');
if (!existsSync(file)) {
  console.log(`bench=detection skipped=no-dataset path=${set}`);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'rw-bench-det-'));
const matrix = join(dir, 'features.csv');
const map = 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type';
const f = spawnSync(process.execPath, ['dist/src/cli/main.js', 'features', file, '--map', map, '--label', 'is_sar', '--out', matrix], { encoding: 'utf8' });
if (f.status !== 0) throw new Error(f.stderr);

const lines = readFileSync(matrix, 'utf8').trim().split('\n');
const header = lines[0].split(',');
const cols = header.map((_, j) => j).filter((j) => j >= 2 && !RULE_ONLY_FEATURES.has(header[j]));
const names = cols.map((j) => header[j]);
const n = lines.length - 1;
const X = new Float64Array(n * cols.length);
const y = new Uint8Array(n);
for (let r = 0; r < n; r++) {
  const c = lines[r + 1].split(',');
  y[r] = Number(c[1]);
  for (let k = 0; k < cols.length; k++) X[r * cols.length + k] = Number(c[cols[k]]);
}
const a = Math.floor(n * 0.6);
const b = Math.floor(n * 0.8);
const slice = (lo, hi) => ({ rows: hi - lo, features: cols.length, X: X.subarray(lo * cols.length, hi * cols.length), y: y.subarray(lo, hi), featureNames: names });
const t0 = performance.now();
const model = trainDetectionModel(slice(0, a), slice(a, b), { nTrees: 300, seed: 1, subsample: 0.8, colsampleByTree: 0.8 });
const oursS = (performance.now() - t0) / 1000;
const test = slice(b, n);
const ours = averagePrecision(predictBatch(model.gbdt, test.X, test.rows), test.y);

let xgb = 'NA';
let xgbS = 'NA';
// numpy-only average precision (scikit-learn may be absent): the step-wise definition we use.
const script = `
import sys, time, numpy as np
try:
    import xgboost as xgb
except ImportError:
    print("NA NA"); sys.exit(0)
d = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, usecols=[int(c) for c in sys.argv[2].split(",")] )
y = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, usecols=[1])
n = len(y); a = int(n * 0.6); b = int(n * 0.8)
pos = y[:a].sum(); spw = min(100.0, max(1.0, (a - pos) / max(pos, 1)))
t = time.time()
params = {"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "subsample": 0.8, "colsample_bytree": 0.8, "scale_pos_weight": spw, "tree_method": "hist", "eval_metric": "logloss", "nthread": ${cpus().length}, "seed": 1}
dtrain = xgb.DMatrix(d[:a], label=y[:a]); dvalid = xgb.DMatrix(d[a:b], label=y[a:b])
m = xgb.train(params, dtrain, num_boost_round=300, evals=[(dvalid, "valid")], early_stopping_rounds=50, verbose_eval=False)
s = time.time() - t
p = m.predict(xgb.DMatrix(d[b:]), iteration_range=(0, m.best_iteration + 1)); yt = y[b:]
o = np.argsort(-p, kind="stable"); ps = p[o]; ys = yt[o]
tp = np.cumsum(ys); k = np.r_[np.nonzero(np.diff(ps))[0], len(ps) - 1]
prec = tp[k] / (k + 1); rec = tp[k] / ys.sum(); prev = np.r_[0, rec[:-1]]
print("%.4f %.1f" % (float(np.sum((rec - prev) * prec)), s))
`;
writeFileSync(join(dir, 'xgb.py'), script);
const r = spawnSync('/usr/bin/python3', [join(dir, 'xgb.py'), matrix, cols.join(',')], { encoding: 'utf8' });
if (r.status === 0) [xgb, xgbS] = r.stdout.trim().split(' ');
rmSync(dir, { recursive: true, force: true });
const ratio = xgb === 'NA' ? 'NA' : (ours / Number(xgb)).toFixed(3);
console.log(
  `bench=detection dataset=${set.split('/').pop()} rows=${n} features=${cols.length} test_positives=${test.y.reduce((s, v) => s + v, 0)} ` +
    `ours_prauc=${ours.toFixed(4)} ours_choice=${model.training.chosen.kind} ours_train_s=${oursS.toFixed(1)} xgboost_prauc=${xgb} xgboost_train_s=${xgbS} ratio=${ratio} cpu="${cpus()[0].model.split(' ').slice(0, 2).join(' ')}" cores=${cpus().length}`,
);
