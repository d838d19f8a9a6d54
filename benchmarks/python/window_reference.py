"""numpy/scipy anchor for WindowEvaluationBenchmark (docs/BENCHMARKS.md, Monitoring).

Evaluates one 65 536-row window of F Gaussian features (shifted by 0.1) against a 10 000-row reference, as the
monitor does: numpy sort of the window, scipy ks_2samp (method='auto': asymptotic here), PSI on the reference's
deciles (numpy searchsorted + bincount, 1e-4 floor), scipy wasserstein_distance. Prints CPU seconds per window and
values per CPU-second (evaluation only, and with a copy of the window standing in for ingest).

    python3 benchmarks/python/window_reference.py 20
"""
import sys
import time

import numpy as np
from scipy import stats

F = int(sys.argv[1]) if len(sys.argv) > 1 else 20
ROWS, REF = 65_536, 10_000
rng = np.random.default_rng(1)
ref = [rng.standard_normal(REF) + f for f in range(F)]
cur = [rng.standard_normal(ROWS) + f + 0.1 for f in range(F)]
edges = [np.quantile(r, np.arange(1, 10) / 10) for r in ref]
ref_sorted = [np.sort(r) for r in ref]


def psi(r, c, e):
    rc = np.bincount(np.searchsorted(e, r, side='right'), minlength=10) / len(r)
    cc = np.bincount(np.searchsorted(e, c, side='right'), minlength=10) / len(c)
    rc = np.maximum(rc, 1e-4)
    cc = np.maximum(cc, 1e-4)
    return float(np.sum((cc - rc) * np.log(cc / rc)))


def window():
    out = []
    for f in range(F):
        c = np.sort(cur[f])
        ks = stats.ks_2samp(ref_sorted[f], c, method='auto')
        out.append((ks.statistic, ks.pvalue, psi(ref[f], c, edges[f]), stats.wasserstein_distance(ref[f], c)))
    return out


window()  # warm-up
reps = 5
t0 = time.process_time()
for _ in range(reps):
    window()
cpu = (time.process_time() - t0) / reps
t0 = time.process_time()
for _ in range(reps):
    [c.copy() for c in cur]
copy = (time.process_time() - t0) / reps
values = ROWS * F
print(f"features={F} cpu_s_per_window={cpu:.4f} values_per_cpu_s={values / cpu / 1e6:.1f}M "
      f"with_copy={values / (cpu + copy) / 1e6:.1f}M numpy={np.__version__} scipy={stats.__name__ and __import__('scipy').__version__}")
