package dev.mlops.monitoring;

import dev.mlops.monitoring.internal.CategoricalAccumulator;
import dev.mlops.monitoring.internal.NumericAccumulator;
import dev.mlops.monitoring.stats.PValueCorrection;
import dev.mlops.monitoring.stats.QuantileSketch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A streaming drift monitor: rows or column batches from any number of threads go into tumbling windows; each closed
 * window is compared with the {@link ReferenceProfile} ({@link DriftAnalysis}) and the {@link DriftResult} goes to
 * the listeners (an alert when a feature drifted). Input and output (prediction) features alike: the profile says
 * which is which.
 *
 * <h2>Windows and concurrency</h2>
 * Each window's state is striped: an observing thread picks a stripe by its thread id and locks only that stripe
 * (uncontended unless more threads than stripes collide), so there is no global lock; the work per value is binning
 * (branch-free comparisons with the reference edges), a missing count and a copy into the exact-value buffer.
 * <ul>
 *   <li><b>Count windows</b> ({@link Builder#countWindow}): window k holds exactly the rows with arrival tickets
 *   {@code [k·size, (k+1)·size)}. A call reserves tickets for its rows with one atomic add; a batch that crosses a
 *   window boundary is split between the two windows. The thread that completes the last reserved row of a window
 *   closes it, so every row lands in exactly one window and every window has exactly {@code size} rows. Rows of an
 *   unfinished window at {@link #close()} are not evaluated ({@link #snapshot()} reads them).</li>
 *   <li><b>Time windows</b> ({@link Builder#timeWindow}): a timer on the scheduler you give (or a daemon thread the
 *   monitor owns and stops in {@link #close()}) closes the current window every period: it installs the next window,
 *   marks the old one sealed, then takes each stripe's lock once. A row belongs to the window that was current when
 *   its call obtained the stripe lock and found the window unsealed; a call that finds it sealed retries on the new
 *   window. So every row lands in exactly one window, and a row observed at the very boundary may go to either of
 *   the two windows. {@link #closeWindow()} closes a time window by hand; {@link #close()} closes the last one.</li>
 * </ul>
 *
 * <h2>Evaluation</h2>
 * A closed window is evaluated off the observing thread by default: on one daemon thread the monitor owns
 * ({@code mlops-drift-evaluation}, started on the first window and ended after 30 s idle or by {@link #close()}),
 * which also calls the listeners, in window order. Observers never wait for it: at most
 * {@link Builder#maxPendingEvaluations(int)} closed windows wait for evaluation; a window closed while that many are
 * waiting is not evaluated, and is counted ({@link #windowsSkipped()}) and logged. {@link Builder#evaluationExecutor}
 * runs evaluations on an executor of yours instead; {@link Builder#evaluateOnObservingThread()} on the thread that
 * closes the window. {@link #closeWindow()} (time windows, by hand) evaluates on its caller's thread
 * unless an executor of yours was given. {@link #close()} waits for the windows already queued.
 *
 * <p>Evaluation compares each window with a prepared copy of the reference (sorted distinct values, cumulative
 * counts, a look-up table): one pass over the window's unsorted values gives the KS statistic and Wasserstein-1
 * exactly, without sorting the window; the KS p-value is scipy's ({@link dev.mlops.monitoring.stats.KolmogorovSmirnov});
 * {@link FeatureDrift#evaluationNanos()} says what each step took.
 *
 * <h2>Values for KS</h2>
 * Each feature keeps a window's values exactly up to {@code exactLimit} per stripe; beyond that they are fed in
 * batches into a {@link QuantileSketch}, and the result states the KS statistic's error bound
 * ({@link FeatureDrift#ksRankErrorBound()}). Window states merge across monitors of a fleet
 * ({@link WindowState#merge}, {@link #evaluate}).
 *
 * <p>Thread-safe: {@code observe} and {@link #snapshot()} may be called from any thread at any time.
 */
public final class DriftMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final ReferenceProfile profile;
    private final DriftPolicy policy;
    private final long countSize;
    private final Duration period;
    private final Clock clock;
    private final int exactLimit;
    private final int sketchK;
    private final int stripeMask;
    private final List<DriftListener> listeners;
    private final Executor evaluationExecutor;
    private final java.util.concurrent.ThreadPoolExecutor ownEvaluator;
    private final boolean evaluateInline;
    private final AtomicLong windowsSkipped = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final ScheduledFuture<?> timer;
    private final int[] numericFeatures;
    private final int[] categoricalFeatures;
    private final Map<String, Integer> index = new HashMap<>();

    private final AtomicReference<Window> current = new AtomicReference<>();
    private final ReentrantLock delivery = new ReentrantLock();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final AtomicLong evaluationFailures = new AtomicLong();
    private final AtomicLong windowsClosed = new AtomicLong();
    private final LongAdder rowsObserved = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DriftMonitor(Builder b) {
        this.profile = b.profile;
        this.policy = new DriftPolicy(b.rule, b.perFeature, b.correction, b.ksMethod);
        this.countSize = b.countSize;
        this.period = b.period;
        this.clock = b.clock;
        this.exactLimit = b.exactLimit;
        this.sketchK = b.sketchK;
        int stripes = Integer.highestOneBit(Math.max(1, b.stripes) * 2 - 1);
        this.stripeMask = stripes - 1;
        this.listeners = List.copyOf(b.listeners);
        this.evaluationExecutor = b.evaluationExecutor;
        this.evaluateInline = b.evaluateInline;
        if (b.evaluationExecutor == null && !b.evaluateInline) {
            java.util.concurrent.ThreadPoolExecutor ex = new java.util.concurrent.ThreadPoolExecutor(1, 1, 30,
                    TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(b.maxPending), r -> {
                        Thread t = new Thread(r, "mlops-drift-evaluation");
                        t.setDaemon(true);
                        return t;
                    }, (r, e) -> {
                        windowsSkipped.incrementAndGet();
                        LOG.warn("drift monitor evaluation is {} windows behind: a closed window was not evaluated"
                                + " ({} skipped so far); raise maxPendingEvaluations or give an evaluationExecutor",
                                e.getQueue().size(), windowsSkipped.get());
                    });
            ex.allowCoreThreadTimeOut(true);
            this.ownEvaluator = ex;
        } else {
            this.ownEvaluator = null;
        }
        List<ReferenceProfile.FeatureProfile> fs = profile.features();
        List<Integer> num = new ArrayList<>();
        List<Integer> cat = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            index.put(fs.get(i).name(), i);
            (fs.get(i).kind() == FeatureKind.NUMERIC ? num : cat).add(i);
        }
        this.numericFeatures = num.stream().mapToInt(Integer::intValue).toArray();
        this.categoricalFeatures = cat.stream().mapToInt(Integer::intValue).toArray();
        current.set(new Window(0, clock.instant()));
        if (period != null) {
            this.ownScheduler = b.scheduler == null;
            this.scheduler = b.scheduler != null ? b.scheduler : Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mlops-drift-monitor-timer");
                t.setDaemon(true);
                return t;
            });
            long nanos = period.toNanos();
            this.timer = scheduler.scheduleAtFixedRate(this::timerTick, nanos, nanos, TimeUnit.NANOSECONDS);
        } else {
            this.ownScheduler = false;
            this.scheduler = null;
            this.timer = null;
        }
    }

    /** A builder for a monitor of {@code profile}. */
    public static Builder builder(ReferenceProfile profile) {
        return new Builder(profile);
    }

    /** The profile. */
    public ReferenceProfile profile() {
        return profile;
    }

    /** Names of the numeric features, in the order {@code observe(double[] …)} expects them. */
    public List<String> numericFeatureNames() {
        List<String> out = new ArrayList<>();
        for (int i : numericFeatures) {
            out.add(profile.features().get(i).name());
        }
        return out;
    }

    /** Names of the categorical features, in the order {@code observe(…, String[])} expects them. */
    public List<String> categoricalFeatureNames() {
        List<String> out = new ArrayList<>();
        for (int i : categoricalFeatures) {
            out.add(profile.features().get(i).name());
        }
        return out;
    }

    /**
     * Observes one row: {@code numeric[i]} is the value of the i-th numeric feature ({@link #numericFeatureNames()}),
     * NaN when missing; {@code categorical[j]} of the j-th categorical one, null when missing (the array may be null
     * when there are no categorical features).
     *
     * @throws IllegalArgumentException if an array's length does not match the features
     */
    public void observe(double[] numeric, String[] categorical) {
        checkRow(numeric, categorical);
        ingest(null, null, numeric, categorical, 1);
    }

    /** Observes one row of numeric features only. */
    public void observe(double[] numeric) {
        observe(numeric, null);
    }

    /**
     * Observes one row given as a map of feature name to value: numbers (any {@link Number}) for numeric features,
     * anything else as its string for categorical ones; absent or null values are missing; unknown keys are ignored.
     */
    public void observe(Map<String, ?> row) {
        double[] num = new double[numericFeatures.length];
        String[] cat = new String[categoricalFeatures.length];
        List<ReferenceProfile.FeatureProfile> fs = profile.features();
        for (int k = 0; k < num.length; k++) {
            Object v = row.get(fs.get(numericFeatures[k]).name());
            num[k] = v instanceof Number n ? n.doubleValue() : v == null ? Double.NaN : Table.parseNumber(v.toString());
        }
        for (int k = 0; k < cat.length; k++) {
            Object v = row.get(fs.get(categoricalFeatures[k]).name());
            cat[k] = v == null ? null : v.toString();
        }
        ingest(null, null, num, cat, 1);
    }

    /**
     * Observes a batch of rows as columns: {@code numericColumns[i]} holds the i-th numeric feature's values, every
     * column the same length; {@code categoricalColumns} likewise (null when there are no categorical features).
     *
     * @throws IllegalArgumentException if the column count or lengths do not match
     */
    public void observeColumns(double[][] numericColumns, String[][] categoricalColumns) {
        int n = checkColumns(numericColumns, categoricalColumns);
        if (n > 0) {
            ingest(numericColumns, categoricalColumns, null, null, n);
        }
    }

    /** Observes a batch of rows as named columns (numeric and categorical); absent features are missing. */
    public void observeColumns(Map<String, double[]> numeric, Map<String, String[]> categorical) {
        int n = -1;
        for (double[] c : numeric.values()) {
            n = checkLength(n, c.length);
        }
        for (String[] c : categorical.values()) {
            n = checkLength(n, c.length);
        }
        if (n <= 0) {
            return;
        }
        List<ReferenceProfile.FeatureProfile> fs = profile.features();
        double[][] nc = new double[numericFeatures.length][];
        for (int k = 0; k < nc.length; k++) {
            nc[k] = numeric.get(fs.get(numericFeatures[k]).name());
            if (nc[k] == null) {
                nc[k] = new double[n];
                java.util.Arrays.fill(nc[k], Double.NaN);
            }
        }
        String[][] cc = new String[categoricalFeatures.length][];
        for (int k = 0; k < cc.length; k++) {
            cc[k] = categorical.get(fs.get(categoricalFeatures[k]).name());
            if (cc[k] == null) {
                cc[k] = new String[n];
            }
        }
        ingest(nc, cc, null, null, n);
    }

    private static int checkLength(int n, int len) {
        if (n >= 0 && n != len) {
            throw new IllegalArgumentException("columns must have equal length, found " + n + " and " + len);
        }
        return len;
    }

    private void checkRow(double[] numeric, String[] categorical) {
        if (numeric.length != numericFeatures.length) {
            throw new IllegalArgumentException("expected " + numericFeatures.length + " numeric values "
                    + numericFeatureNames() + ", found " + numeric.length);
        }
        int c = categorical == null ? 0 : categorical.length;
        if (c != categoricalFeatures.length) {
            throw new IllegalArgumentException("expected " + categoricalFeatures.length + " categorical values "
                    + categoricalFeatureNames() + ", found " + c);
        }
    }

    private int checkColumns(double[][] num, String[][] cat) {
        if (num.length != numericFeatures.length) {
            throw new IllegalArgumentException("expected " + numericFeatures.length + " numeric columns "
                    + numericFeatureNames() + ", found " + num.length);
        }
        int c = cat == null ? 0 : cat.length;
        if (c != categoricalFeatures.length) {
            throw new IllegalArgumentException("expected " + categoricalFeatures.length + " categorical columns "
                    + categoricalFeatureNames() + ", found " + c);
        }
        int n = -1;
        for (double[] col : num) {
            n = checkLength(n, col.length);
        }
        if (cat != null) {
            for (String[] col : cat) {
                n = checkLength(n, col.length);
            }
        }
        return Math.max(n, 0);
    }

    private void ingest(double[][] cols, String[][] catCols, double[] row, String[] catRow, int n) {
        int off = 0;
        while (off < n) {
            Window w = current.get();
            if (countSize > 0) {
                int want = n - off;
                long start = w.reserved.getAndAdd(want);
                if (start >= countSize) {
                    advance(w);
                    continue;
                }
                int take = (int) Math.min(want, countSize - start);
                Stripe s = w.stripe(stripeMask);
                synchronized (s) {
                    write(s, cols, catCols, row, catRow, off, off + take);
                }
                off += take;
                if (w.completed.addAndGet(take) == countSize) {
                    advance(w);
                    finish(w);
                }
            } else {
                Stripe s = w.stripe(stripeMask);
                synchronized (s) {
                    if (w.sealed) {
                        continue;
                    }
                    write(s, cols, catCols, row, catRow, off, n);
                }
                off = n;
            }
        }
        rowsObserved.add(n);
    }

    private void write(Stripe s, double[][] cols, String[][] catCols, double[] row, String[] catRow, int from,
                       int to) {
        NumericAccumulator[] num = s.numeric;
        CategoricalAccumulator[] cat = s.categorical;
        if (row != null) {
            for (int k = 0; k < num.length; k++) {
                num[k].add(row[k]);
            }
            for (int k = 0; k < cat.length; k++) {
                cat[k].add(catRow[k]);
            }
        } else {
            for (int k = 0; k < num.length; k++) {
                num[k].add(cols[k], from, to);
            }
            for (int k = 0; k < cat.length; k++) {
                cat[k].add(catCols[k], from, to);
            }
        }
        s.rows += to - from;
    }

    private Window advance(Window w) {
        Window nx = w.next.get();
        if (nx == null) {
            Window candidate = new Window(w.index + 1, clock.instant());
            nx = w.next.compareAndSet(null, candidate) ? candidate : w.next.get();
        }
        current.compareAndSet(w, nx);
        return nx;
    }

    private void timerTick() {
        try {
            Window w = current.get();
            advance(w);
            finish(w); // on the evaluation thread (or executor) like a count window, unless inline was chosen
        } catch (RuntimeException e) {
            LOG.error("drift monitor window close failed", e);
        }
    }

    /**
     * Closes the current time window now, evaluates it and calls the listeners (the timer does this every period).
     *
     * @return the closed window's result, or null when evaluation runs on the evaluation executor (or failed, see
     *         {@link #evaluationFailures()})
     * @throws IllegalStateException for count windows (they close when full)
     */
    public DriftResult closeWindow() {
        if (countSize > 0) {
            throw new IllegalStateException("count windows close when full; closeWindow() is for time windows");
        }
        Window w = current.get();
        advance(w);
        return finish(w, evaluationExecutor == null);
    }

    private DriftResult finish(Window w) {
        return finish(w, evaluateInline);
    }

    private DriftResult finish(Window w, boolean inline) {
        if (!w.closing.compareAndSet(false, true)) {
            return null;
        }
        w.sealed = true;
        w.end = clock.instant();
        for (Stripe s : w.stripes) {
            if (s != null) {
                synchronized (s) {
                    s.rows += 0; // wait for writers holding the lock; publish their writes
                }
            }
        }
        windowsClosed.incrementAndGet();
        if (inline) {
            return evaluateAndDeliver(w);
        }
        Executor ex = evaluationExecutor != null ? evaluationExecutor : ownEvaluator;
        try {
            ex.execute(() -> evaluateAndDeliver(w));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            windowsSkipped.incrementAndGet();
            LOG.warn("drift monitor could not hand window {} to its evaluation executor", w.index, e);
        }
        return null;
    }

    private DriftResult evaluateAndDeliver(Window w) {
        DriftResult r;
        try {
            r = DriftAnalysis.evaluate(w.sealedState(), policy, w.index, w.start, w.end);
        } catch (RuntimeException | OutOfMemoryError e) {
            // never thrown into observe(): logged and counted
            evaluationFailures.incrementAndGet();
            LOG.error("drift monitor could not evaluate window {} ({} rows)", w.index, w.rowsSoFar(), e);
            return null;
        }
        delivery.lock();
        try {
            for (DriftListener l : listeners) {
                try {
                    l.onWindow(r);
                } catch (RuntimeException | Error e) {
                    listenerFailures.incrementAndGet();
                    LOG.warn("drift listener {} failed on window {}", l, w.index, e);
                }
            }
            if (r.drifted()) {
                LOG.warn("event=drift.alert window={} rows={} drifted={} input_drift={} output_drift={}", w.index,
                        r.rows(), String.join(",", r.driftedFeatures()).replace(' ', '_'), r.inputDrift(),
                        r.outputDrift());
                for (DriftListener l : listeners) {
                    try {
                        l.onAlert(r);
                    } catch (RuntimeException | Error e) {
                        listenerFailures.incrementAndGet();
                        LOG.warn("drift listener {} failed on alert for window {}", l, w.index, e);
                    }
                }
            }
        } finally {
            delivery.unlock();
        }
        return r;
    }

    /**
     * The state of the current (open) window so far, for inspection or to merge with other monitors' states. Rows
     * being observed at this moment may or may not be included.
     */
    public WindowState snapshot() {
        return current.get().state();
    }

    /** Evaluates a (possibly merged) window state with this monitor's policy; listeners are not called. */
    public DriftResult evaluate(WindowState state) {
        return DriftAnalysis.evaluate(state, policy, -1, null, null);
    }

    /** How many listener calls threw. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    /** How many window evaluations failed (logged; the window's result is lost). */
    public long evaluationFailures() {
        return evaluationFailures.get();
    }

    /**
     * Closed windows that were not evaluated because {@link Builder#maxPendingEvaluations(int)} windows were already
     * waiting for the evaluation thread (or an executor of yours refused them).
     */
    public long windowsSkipped() {
        return windowsSkipped.get();
    }

    /** Windows closed so far. */
    public long windowsClosed() {
        return windowsClosed.get();
    }

    /** Rows observed so far. */
    public long rowsObserved() {
        return rowsObserved.sum();
    }

    /**
     * Stops the timer (and its thread when the monitor owns it); for time windows, closes and evaluates the current
     * window first; waits (up to a minute) for the windows queued on the monitor's own evaluation thread and stops
     * it. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
            if (ownScheduler) {
                scheduler.shutdownNow();
            }
            closeWindow();
        }
        if (ownEvaluator != null) {
            ownEvaluator.shutdown();
            try {
                if (!ownEvaluator.awaitTermination(1, TimeUnit.MINUTES)) {
                    LOG.warn("drift monitor evaluation did not finish within a minute of close(); abandoning it");
                    ownEvaluator.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ownEvaluator.shutdownNow();
            }
        }
    }

    private final class Window {
        final long index;
        final Instant start;
        volatile Instant end;
        final Stripe[] stripes = new Stripe[stripeMask + 1];
        final AtomicLong reserved = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicReference<Window> next = new AtomicReference<>();
        final AtomicBoolean closing = new AtomicBoolean();
        volatile boolean sealed;

        Window(long index, Instant start) {
            this.index = index;
            this.start = start;
            for (int i = 0; i < stripes.length; i++) {
                stripes[i] = new Stripe();
            }
        }

        long rowsSoFar() {
            long n = 0;
            for (Stripe s : stripes) {
                n += s.rows;
            }
            return n;
        }

        Stripe stripe(int mask) {
            long id = Thread.currentThread().getId();
            return stripes[(int) (id ^ (id >>> 16)) & mask];
        }

        /**
         * The state of a closed window (no writer touches its stripes any more): when one stripe holds every row, its
         * accumulators are used as they are instead of being copied into a merged state.
         */
        WindowState sealedState() {
            Stripe only = null;
            for (Stripe s : stripes) {
                synchronized (s) {
                    if (s.rows > 0) {
                        if (only != null) {
                            return state();
                        }
                        only = s;
                    }
                }
            }
            return only == null ? state() : new WindowState(profile, only.accumulators, only.rows);
        }

        WindowState state() {
            Object[] acc = WindowState.newAccumulators(profile, exactLimit, sketchK);
            long rows = 0;
            for (Stripe s : stripes) {
                synchronized (s) {
                    if (s.rows == 0) {
                        continue;
                    }
                    rows += s.rows;
                    for (int i = 0; i < acc.length; i++) {
                        if (acc[i] instanceof NumericAccumulator a) {
                            a.merge((NumericAccumulator) s.accumulators[i]);
                        } else {
                            ((CategoricalAccumulator) acc[i]).merge((CategoricalAccumulator) s.accumulators[i]);
                        }
                    }
                }
            }
            return new WindowState(profile, acc, rows);
        }
    }

    /**
     * One stripe of a window; guarded by its own monitor lock. The accumulators are also held in the order the
     * {@code observe} arrays use (numeric, categorical), so a row is written without look-ups or casts.
     */
    private final class Stripe {
        final Object[] accumulators = WindowState.newAccumulators(profile, exactLimit, sketchK);
        final NumericAccumulator[] numeric = new NumericAccumulator[numericFeatures.length];
        final CategoricalAccumulator[] categorical = new CategoricalAccumulator[categoricalFeatures.length];
        long rows;

        Stripe() {
            for (int k = 0; k < numeric.length; k++) {
                numeric[k] = (NumericAccumulator) accumulators[numericFeatures[k]];
            }
            for (int k = 0; k < categorical.length; k++) {
                categorical[k] = (CategoricalAccumulator) accumulators[categoricalFeatures[k]];
            }
        }
    }

    /** Configures a {@link DriftMonitor}. Not thread-safe. */
    public static final class Builder {
        private final ReferenceProfile profile;
        private long countSize;
        private Duration period;
        private ScheduledExecutorService scheduler;
        private Clock clock = Clock.systemUTC();
        private int exactLimit = ReferenceProfile.DEFAULT_EXACT_LIMIT;
        private int sketchK = QuantileSketch.DEFAULT_K;
        private int stripes = Runtime.getRuntime().availableProcessors() * 2;
        private DriftRule rule = DriftRule.DEFAULT;
        private final Map<String, DriftRule> perFeature = new HashMap<>();
        private PValueCorrection correction = PValueCorrection.NONE;
        private dev.mlops.monitoring.stats.KolmogorovSmirnov.Method ksMethod =
                dev.mlops.monitoring.stats.KolmogorovSmirnov.Method.AUTO;
        private final List<DriftListener> listeners = new ArrayList<>();
        private Executor evaluationExecutor;
        private boolean evaluateInline;
        private int maxPending = 4;

        private Builder(ReferenceProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
        }

        /** Tumbling windows of exactly {@code rows} rows. */
        public Builder countWindow(long rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("count window must be >= 1 row, found " + rows);
            }
            if (period != null || countSize > 0) {
                throw new IllegalStateException("window already set");
            }
            this.countSize = rows;
            return this;
        }

        /** Tumbling time windows on a daemon timer thread the monitor owns (stopped by {@link #close()}). */
        public Builder timeWindow(Duration period) {
            return timeWindow(period, null);
        }

        /** Tumbling time windows, closed by a timer on {@code scheduler} (the caller owns and stops it). */
        public Builder timeWindow(Duration period, ScheduledExecutorService scheduler) {
            Objects.requireNonNull(period, "period");
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("time window must be positive, found " + period);
            }
            if (this.period != null || countSize > 0) {
                throw new IllegalStateException("window already set");
            }
            this.period = period;
            this.scheduler = scheduler;
            return this;
        }

        /** The clock for window start/end timestamps (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Values kept exactly per feature and stripe before the sketch takes over (default 100 000). */
        public Builder exactLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("exactLimit must be >= 1, found " + limit);
            }
            this.exactLimit = limit;
            return this;
        }

        /** The sketch's level capacity (default 4096). */
        public Builder sketchK(int k) {
            new QuantileSketch(k);
            this.sketchK = k;
            return this;
        }

        /** Stripes per window (default 2 × processors, rounded up to a power of two). */
        public Builder stripes(int stripes) {
            if (stripes < 1 || stripes > 1024) {
                throw new IllegalArgumentException("stripes must be in [1, 1024], found " + stripes);
            }
            this.stripes = stripes;
            return this;
        }

        /** The drift rule of every feature without an override. */
        public Builder rule(DriftRule rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** The drift rule of one feature. */
        public Builder rule(String feature, DriftRule rule) {
            profile.feature(feature);
            perFeature.put(feature, Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** The multiple-testing correction across features (default none). */
        public Builder correction(PValueCorrection correction) {
            this.correction = Objects.requireNonNull(correction, "correction");
            return this;
        }

        /**
         * How KS p-values are computed: {@code AUTO} (default) as scipy's {@code ks_2samp}, exact up to 10 000 values
         * a side; {@code ASYMPTOTIC} as scipy's {@code method='asymp'}, which costs microseconds where the exact
         * distribution costs milliseconds per feature for windows of a few thousand rows (see the enum).
         */
        public Builder ksPValues(dev.mlops.monitoring.stats.KolmogorovSmirnov.Method method) {
            this.ksMethod = Objects.requireNonNull(method, "method");
            return this;
        }

        /** Adds a listener. */
        public Builder listener(DriftListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Where closed windows are evaluated and listeners called (default: one daemon thread the monitor owns).
         *
         * @throws IllegalStateException if {@link #evaluateOnObservingThread()} was chosen
         */
        public Builder evaluationExecutor(Executor executor) {
            Objects.requireNonNull(executor, "executor");
            if (evaluateInline) {
                throw new IllegalStateException("evaluateOnObservingThread() already chosen; choose one of the two");
            }
            this.evaluationExecutor = executor;
            return this;
        }

        /**
         * Evaluates each closed window and calls the listeners on the thread that closed it (the observing thread
         * whose row completed a count window, the timer thread of a time window): results arrive before that
         * {@code observe} returns, at the cost of that call's latency.
         *
         * @throws IllegalStateException if an evaluation executor was given
         */
        public Builder evaluateOnObservingThread() {
            if (evaluationExecutor != null) {
                throw new IllegalStateException("evaluationExecutor(...) already given; choose one of the two");
            }
            this.evaluateInline = true;
            return this;
        }

        /**
         * How many closed windows may wait for the monitor's own evaluation thread (default 4); a window closed while
         * that many wait is skipped and counted ({@link DriftMonitor#windowsSkipped()}), so observers never block.
         */
        public Builder maxPendingEvaluations(int windows) {
            if (windows < 1 || windows > 1024) {
                throw new IllegalArgumentException("maxPendingEvaluations must be in [1, 1024], found " + windows);
            }
            this.maxPending = windows;
            return this;
        }

        /**
         * Builds and starts the monitor.
         *
         * @throws IllegalStateException if no window was configured
         */
        public DriftMonitor build() {
            if (countSize == 0 && period == null) {
                throw new IllegalStateException("configure countWindow(rows) or timeWindow(period)");
            }
            return new DriftMonitor(this);
        }
    }
}
