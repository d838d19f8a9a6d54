package dev.mlops.serving;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.mlops.serving.internal.OrtRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One ONNX Runtime session, its signature, and the pools of native buffers predictions reuse. Reference counted: the
 * owners and every in-flight call hold a reference, and the session is closed when the count reaches zero, so it is
 * never closed while a thread is inside {@code run} (which would crash the JVM). Thread-safe.
 */
final class NativeModel {
    private static final Logger LOG = LoggerFactory.getLogger(NativeModel.class);
    /** Distinct input-shape keys that get a buffer pool; further shapes run unpooled. */
    private static final int MAX_POOLED_SHAPES = 64;
    /** Pooled contexts per shape (more concurrent callers than this allocate and free their own). */
    private static final int POOL_SLOTS = 16;

    final String name;
    final Signature signature;
    final ModelOptions options;
    final long sizeBytes;
    private final OrtSession session;
    private final OrtEnvironment env;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final ConcurrentHashMap<Object, AtomicReferenceArray<RunContext>> pools = new ConcurrentHashMap<>();
    private final String[] inputNames;
    private final ElementType[] inputTypes;
    private final String[] outputNames;
    /** Inputs where every input is batched with all other dimensions fixed: the pool key is just the batch size. */
    private final boolean simpleBatched;
    private final boolean poolable;
    private volatile boolean pinningDisabled;
    private final AtomicInteger liveContexts = new AtomicInteger();

    NativeModel(String name, OrtSession session, ModelOptions options, long sizeBytes) throws OrtException {
        this.name = name;
        this.sizeBytes = sizeBytes;
        this.session = session;
        this.options = options;
        this.env = OrtRuntime.environment();
        this.signature = readSignature(session);
        List<TensorSpec> ins = signature.inputs();
        this.inputNames = new String[ins.size()];
        this.inputTypes = new ElementType[ins.size()];
        boolean simple = !ins.isEmpty();
        boolean pool = options.reuseBuffers();
        for (int i = 0; i < ins.size(); i++) {
            TensorSpec s = ins.get(i);
            inputNames[i] = s.name();
            inputTypes[i] = s.elementType().orElse(null);
            if (s.kind() != TensorSpec.Kind.TENSOR || inputTypes[i] == null || inputTypes[i] == ElementType.STRING) {
                pool = false;
            }
            if (!s.isBatched()) {
                simple = false;
            }
            for (int d = 1; d < s.rank(); d++) {
                if (s.dim(d) == TensorSpec.SYMBOLIC) {
                    simple = false;
                }
            }
        }
        this.simpleBatched = simple;
        this.poolable = pool;
        this.outputNames = signature.outputNames().toArray(new String[0]);
    }

    // ---------------------------------------------------------------- reference counting

    /** Takes a reference unless the model is already released. */
    boolean tryRetain() {
        for (;;) {
            int c = refs.get();
            if (c <= 0) {
                return false;
            }
            if (refs.compareAndSet(c, c + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the session and every pooled buffer. */
    void release() {
        int c = refs.decrementAndGet();
        if (c == 0) {
            closeNative();
        } else if (c < 0) {
            throw new IllegalStateException("model '" + name + "' released more often than retained");
        }
    }

    int referenceCount() {
        return Math.max(refs.get(), 0);
    }

    CompletableFuture<Void> released() {
        return released;
    }

    boolean pinningDisabled() {
        return pinningDisabled;
    }

    int liveContexts() {
        return liveContexts.get();
    }

    private void closeNative() {
        try {
            for (AtomicReferenceArray<RunContext> pool : pools.values()) {
                for (int i = 0; i < pool.length(); i++) {
                    RunContext ctx = pool.getAndSet(i, null);
                    if (ctx != null) {
                        ctx.close();
                    }
                }
            }
            pools.clear();
            session.close();
            LOG.debug("closed model '{}'", name);
        } catch (OrtException | RuntimeException e) {
            LOG.warn("closing model '{}' failed: {}", name, e.toString());
        } finally {
            released.complete(null);
        }
    }

    // ---------------------------------------------------------------- prediction

    /** Runs the model; {@code ordered} are the validated inputs in signature order. Caller holds a reference. */
    Outputs run(Tensor[] ordered, Provenance provenance) {
        if (poolable) {
            Object key = poolKey(ordered);
            if (key != null) {
                return runPooled(key, ordered, provenance);
            }
        }
        return runUnpooled(ordered, provenance);
    }

    private Object poolKey(Tensor[] ordered) {
        if (simpleBatched) {
            long b = ordered[0].dim(0);
            for (int i = 1; i < ordered.length; i++) {
                if (ordered[i].dim(0) != b) {
                    return new ShapeKey(ordered);
                }
            }
            return Integer.valueOf((int) b);
        }
        return new ShapeKey(ordered);
    }

    private Outputs runPooled(Object key, Tensor[] ordered, Provenance provenance) {
        AtomicReferenceArray<RunContext> pool = pools.get(key);
        if (pool == null) {
            if (pools.size() >= MAX_POOLED_SHAPES) {
                return runUnpooled(ordered, provenance);
            }
            pool = pools.computeIfAbsent(key, k -> new AtomicReferenceArray<>(POOL_SLOTS));
        }
        int start = (int) Thread.currentThread().getId() & (POOL_SLOTS - 1);
        RunContext ctx = null;
        for (int i = 0; i < POOL_SLOTS && ctx == null; i++) {
            int slot = (start + i) & (POOL_SLOTS - 1);
            if (pool.get(slot) != null) {
                ctx = pool.getAndSet(slot, null);
            }
        }
        if (ctx != null && ctx.pinned && pinningDisabled) {
            ctx.close();
            ctx = null;
        }
        if (ctx == null) {
            try {
                ctx = new RunContext(ordered, !pinningDisabled);
            } catch (OrtException e) {
                throw new PredictionException(name, "model '" + name + "': could not create input tensors: "
                        + e.getMessage(), e);
            }
        }
        boolean reusable = true;
        try {
            return ctx.run(ordered, provenance);
        } catch (OrtException e) {
            reusable = false;
            if (ctx.pinned) {
                // Output shapes guessed from the signature were wrong for this model: retry without pinning.
                Outputs out = runUnpooled(ordered, provenance);
                pinningDisabled = true;
                LOG.debug("model '{}': pinned outputs rejected ({}); running without pinned outputs", name, e.getMessage());
                return out;
            }
            throw new PredictionException(name, "model '" + name + "' failed: " + e.getMessage(), e);
        } finally {
            if (reusable && !offer(pool, ctx, start)) {
                ctx.close();
            } else if (!reusable) {
                ctx.close();
            }
        }
    }

    private static boolean offer(AtomicReferenceArray<RunContext> pool, RunContext ctx, int start) {
        for (int i = 0; i < POOL_SLOTS; i++) {
            int slot = (start + i) & (POOL_SLOTS - 1);
            if (pool.get(slot) == null && pool.compareAndSet(slot, null, ctx)) {
                return true;
            }
        }
        return false;
    }

    private Outputs runUnpooled(Tensor[] ordered, Provenance provenance) {
        OnnxTensor[] created = new OnnxTensor[ordered.length];
        Map<String, OnnxTensor> feed = new HashMap<>(ordered.length * 2);
        try {
            for (int i = 0; i < ordered.length; i++) {
                created[i] = createTensor(env, ordered[i]);
                feed.put(inputNames[i], created[i]);
            }
            try (OrtSession.Result result = session.run(feed)) {
                String[] names = new String[result.size()];
                Object[] values = new Object[result.size()];
                int i = 0;
                for (Map.Entry<String, OnnxValue> e : result) {
                    names[i] = e.getKey();
                    values[i] = readValue(e.getValue());
                    i++;
                }
                return new Outputs(names, values, provenance);
            }
        } catch (OrtException e) {
            throw new PredictionException(name, "model '" + name + "' failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : created) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }

    /** Runs once on generated inputs (zeros, symbolic dimensions 1). */
    void warmUp() {
        Tensor[] ordered = new Tensor[inputNames.length];
        for (int i = 0; i < ordered.length; i++) {
            ordered[i] = generated(signature.inputs().get(i));
        }
        run(ordered, Provenance.ofModel(name, 0, null));
    }

    private static Tensor generated(TensorSpec spec) {
        long[] shape = spec.shape();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == TensorSpec.SYMBOLIC) {
                shape[d] = 1;
            }
        }
        int n = (int) Tensor.elementCount(shape);
        ElementType t = spec.elementType().orElseThrow(() -> new ServingException("cannot generate warm-up input for '"
                + spec.name() + "' of type " + spec.description()));
        Object data = java.lang.reflect.Array.newInstance(Tensor.carrierClass(t).getComponentType(), n);
        if (t == ElementType.STRING) {
            Arrays.fill((String[]) data, "");
        }
        return Tensor.of(t, data, shape);
    }

    // ---------------------------------------------------------------- run contexts

    /** Native input buffers (and pinned outputs where their shapes are known) for one input shape; one caller at a time. */
    private final class RunContext {
        final OnnxTensor[] inputs;
        final Buffer[] inputViews;
        final Map<String, OnnxTensor> feed;
        final OnnxTensor[] pinnedOutputs;
        final Buffer[] outputViews;
        final long[][] outputShapes;
        final ElementType[] outputTypes;
        final int[] outputSizes;
        final Map<String, OnnxTensor> pins;
        final Set<String> requested;
        final boolean pinned;

        RunContext(Tensor[] ordered, boolean pinOutputs) throws OrtException {
            inputs = new OnnxTensor[ordered.length];
            inputViews = new Buffer[ordered.length];
            feed = new HashMap<>(ordered.length * 2);
            pinnedOutputs = new OnnxTensor[outputNames.length];
            outputViews = new Buffer[outputNames.length];
            outputShapes = new long[outputNames.length][];
            outputTypes = new ElementType[outputNames.length];
            outputSizes = new int[outputNames.length];
            pins = new HashMap<>(outputNames.length * 2);
            Set<String> req = new HashSet<>();
            liveContexts.incrementAndGet();
            boolean ok = false;
            try {
                for (int i = 0; i < ordered.length; i++) {
                    Tensor t = ordered[i];
                    ByteBuffer bytes = ByteBuffer.allocateDirect(Math.max(t.size() * t.type().byteSize(), 0))
                            .order(ByteOrder.nativeOrder());
                    inputViews[i] = view(bytes, t.type());
                    inputs[i] = wrap(env, inputViews[i], bytes, t.shape(), t.type());
                    feed.put(inputNames[i], inputs[i]);
                }
                Map<String, Long> dimValues = symbolicDimValues(ordered);
                for (int o = 0; o < outputNames.length; o++) {
                    TensorSpec spec = signature.outputs().get(o);
                    long[] shape = pinOutputs ? knownShape(spec, dimValues, ordered) : null;
                    ElementType type = spec.elementType().orElse(null);
                    if (shape == null || type == null || type == ElementType.STRING) {
                        req.add(outputNames[o]);
                        continue;
                    }
                    int n = (int) Tensor.elementCount(shape);
                    ByteBuffer bytes = ByteBuffer.allocateDirect(n * type.byteSize()).order(ByteOrder.nativeOrder());
                    outputViews[o] = view(bytes, type);
                    pinnedOutputs[o] = wrap(env, outputViews[o], bytes, shape, type);
                    outputShapes[o] = shape;
                    outputTypes[o] = type;
                    outputSizes[o] = n;
                    pins.put(outputNames[o], pinnedOutputs[o]);
                }
                requested = req;
                pinned = !pins.isEmpty();
                ok = true;
            } finally {
                if (!ok) {
                    closeTensors();
                }
            }
        }

        Outputs run(Tensor[] ordered, Provenance provenance) throws OrtException {
            for (int i = 0; i < ordered.length; i++) {
                fill(inputViews[i], ordered[i]);
            }
            Object[] values = new Object[outputNames.length];
            if (!pinned) {
                try (OrtSession.Result result = session.run(feed)) {
                    for (int o = 0; o < outputNames.length; o++) {
                        values[o] = readValue(result.get(o));
                    }
                }
                return new Outputs(outputNames, values, provenance);
            }
            try (OrtSession.Result result = requested.isEmpty() ? session.run(feed, pins)
                    : session.run(feed, requested, pins)) {
                for (int o = 0; o < outputNames.length; o++) {
                    if (pinnedOutputs[o] != null) {
                        values[o] = Tensor.trusted(outputTypes[o], outputShapes[o].clone(),
                                copyOut(outputViews[o], outputTypes[o], outputSizes[o]), outputSizes[o]);
                    } else {
                        values[o] = readValue(result.get(outputNames[o]).orElseThrow());
                    }
                }
            }
            return new Outputs(outputNames, values, provenance);
        }

        void close() {
            closeTensors();
        }

        private void closeTensors() {
            for (OnnxTensor t : inputs) {
                if (t != null) {
                    t.close();
                }
            }
            for (OnnxTensor t : pinnedOutputs) {
                if (t != null) {
                    t.close();
                }
            }
            liveContexts.decrementAndGet();
        }
    }

    private Map<String, Long> symbolicDimValues(Tensor[] ordered) {
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < ordered.length; i++) {
            TensorSpec s = signature.inputs().get(i);
            for (int d = 0; d < s.rank(); d++) {
                String n = s.dimensionNames().get(d);
                if (s.dim(d) == TensorSpec.SYMBOLIC && !n.isEmpty()) {
                    m.putIfAbsent(n, ordered[i].dim(d));
                }
            }
        }
        return m;
    }

    /**
     * The output shape if it can be known before the run: fixed dimensions as declared, a symbolic dimension named
     * like an input's symbolic dimension takes its value, and a symbolic dimension 0 is the batch when every input is
     * batched with one batch size. Otherwise null (the output is then returned by ONNX Runtime, not pinned).
     */
    private long[] knownShape(TensorSpec spec, Map<String, Long> dimValues, Tensor[] ordered) {
        if (spec.kind() != TensorSpec.Kind.TENSOR) {
            return null;
        }
        long[] shape = spec.shape();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != TensorSpec.SYMBOLIC) {
                continue;
            }
            Long v = dimValues.get(spec.dimensionNames().get(d));
            if (v == null && d == 0 && simpleBatched) {
                v = ordered[0].dim(0);
            }
            if (v == null) {
                return null;
            }
            shape[d] = v;
        }
        return shape;
    }

    // ---------------------------------------------------------------- tensor plumbing

    private static Buffer view(ByteBuffer bytes, ElementType type) {
        switch (type) {
            case FLOAT: return bytes.asFloatBuffer();
            case DOUBLE: return bytes.asDoubleBuffer();
            case FLOAT16: case BFLOAT16: case INT16: return bytes.asShortBuffer();
            case INT32: return bytes.asIntBuffer();
            case INT64: return bytes.asLongBuffer();
            case INT8: case UINT8: case BOOL: return bytes;
            default: throw new IllegalArgumentException("no native buffer for " + type);
        }
    }

    private static OnnxTensor wrap(OrtEnvironment env, Buffer view, ByteBuffer bytes, long[] shape, ElementType type)
            throws OrtException {
        switch (type) {
            case FLOAT: return OnnxTensor.createTensor(env, (FloatBuffer) view, shape);
            case DOUBLE: return OnnxTensor.createTensor(env, (DoubleBuffer) view, shape);
            case FLOAT16: return OnnxTensor.createTensor(env, (ShortBuffer) view, shape, OnnxJavaType.FLOAT16);
            case BFLOAT16: return OnnxTensor.createTensor(env, (ShortBuffer) view, shape, OnnxJavaType.BFLOAT16);
            case INT16: return OnnxTensor.createTensor(env, (ShortBuffer) view, shape);
            case INT32: return OnnxTensor.createTensor(env, (IntBuffer) view, shape);
            case INT64: return OnnxTensor.createTensor(env, (LongBuffer) view, shape);
            case INT8: return OnnxTensor.createTensor(env, bytes, shape, OnnxJavaType.INT8);
            case UINT8: return OnnxTensor.createTensor(env, bytes, shape, OnnxJavaType.UINT8);
            case BOOL: return OnnxTensor.createTensor(env, bytes, shape, OnnxJavaType.BOOL);
            default: throw new IllegalArgumentException("no native buffer for " + type);
        }
    }

    /** Copies a tensor's elements into a native buffer view (absolute, no position changes). */
    private static void fill(Buffer view, Tensor t) {
        switch (t.type()) {
            case FLOAT: ((FloatBuffer) view).put(0, (float[]) t.data()); break;
            case DOUBLE: ((DoubleBuffer) view).put(0, (double[]) t.data()); break;
            case FLOAT16: case BFLOAT16: case INT16: ((ShortBuffer) view).put(0, (short[]) t.data()); break;
            case INT32: ((IntBuffer) view).put(0, (int[]) t.data()); break;
            case INT64: ((LongBuffer) view).put(0, (long[]) t.data()); break;
            case INT8: case UINT8: ((ByteBuffer) view).put(0, (byte[]) t.data()); break;
            case BOOL: {
                ByteBuffer b = (ByteBuffer) view;
                boolean[] a = (boolean[]) t.data();
                for (int i = 0; i < a.length; i++) {
                    b.put(i, a[i] ? (byte) 1 : (byte) 0);
                }
                break;
            }
            default: throw new IllegalArgumentException("no native buffer for " + t.type());
        }
    }

    private static Object copyOut(Buffer view, ElementType type, int n) {
        switch (type) {
            case FLOAT: { float[] a = new float[n]; ((FloatBuffer) view).get(0, a); return a; }
            case DOUBLE: { double[] a = new double[n]; ((DoubleBuffer) view).get(0, a); return a; }
            case FLOAT16: case BFLOAT16: case INT16: { short[] a = new short[n]; ((ShortBuffer) view).get(0, a); return a; }
            case INT32: { int[] a = new int[n]; ((IntBuffer) view).get(0, a); return a; }
            case INT64: { long[] a = new long[n]; ((LongBuffer) view).get(0, a); return a; }
            case INT8: case UINT8: { byte[] a = new byte[n]; ((ByteBuffer) view).get(0, a); return a; }
            case BOOL: {
                boolean[] a = new boolean[n];
                ByteBuffer b = (ByteBuffer) view;
                for (int i = 0; i < n; i++) {
                    a[i] = b.get(i) != 0;
                }
                return a;
            }
            default: throw new IllegalArgumentException("no native buffer for " + type);
        }
    }

    /** A new ONNX Runtime tensor holding a copy of {@code t} (closed by the caller). */
    static OnnxTensor createTensor(OrtEnvironment env, Tensor t) throws OrtException {
        long[] shape = t.shape();
        if (t.type() == ElementType.STRING) {
            return OnnxTensor.createTensor(env, (String[]) t.data(), shape);
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(t.size() * t.type().byteSize()).order(ByteOrder.nativeOrder());
        Buffer view = view(bytes, t.type());
        fill(view, t);
        return wrap(env, view, bytes, shape, t.type());
    }

    /** Copies an ONNX Runtime value into Java objects, closing the children of sequences. Does not close {@code v}. */
    static Object readValue(OnnxValue v) throws OrtException {
        if (v instanceof OnnxTensor) {
            return readTensor((OnnxTensor) v);
        }
        if (v instanceof OnnxSequence) {
            List<? extends OnnxValue> children = ((OnnxSequence) v).getValue();
            List<Object> out = new ArrayList<>(children.size());
            try {
                for (OnnxValue c : children) {
                    out.add(readValue(c));
                }
            } finally {
                for (OnnxValue c : children) {
                    c.close();
                }
            }
            return java.util.Collections.unmodifiableList(out);
        }
        if (v instanceof OnnxMap) {
            Map<?, ?> m = ((OnnxMap) v).getValue();
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
        }
        throw new ServingException("unsupported output value " + v.getInfo() + "; only tensors, sequences and maps are read");
    }

    private static Tensor readTensor(OnnxTensor t) throws OrtException {
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        ElementType type = elementType(info.type);
        if (type == null) {
            throw new ServingException("unsupported output element type " + info.onnxType);
        }
        int n = (int) Tensor.elementCount(shape);
        Object data;
        switch (type) {
            case FLOAT: { float[] a = new float[n]; t.getFloatBuffer().get(a); data = a; break; }
            case DOUBLE: { double[] a = new double[n]; t.getDoubleBuffer().get(a); data = a; break; }
            case INT32: { int[] a = new int[n]; t.getIntBuffer().get(a); data = a; break; }
            case INT64: { long[] a = new long[n]; t.getLongBuffer().get(a); data = a; break; }
            case FLOAT16: case BFLOAT16: case INT16: {
                short[] a = new short[n];
                t.getByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer().get(a);
                data = a;
                break;
            }
            case INT8: case UINT8: { byte[] a = new byte[n]; t.getByteBuffer().get(a); data = a; break; }
            case BOOL: {
                boolean[] a = new boolean[n];
                ByteBuffer b = t.getByteBuffer();
                for (int i = 0; i < n; i++) {
                    a[i] = b.get(i) != 0;
                }
                data = a;
                break;
            }
            case STRING: {
                String[] a = new String[n];
                flattenStrings(t.getValue(), a, new int[1]);
                data = a;
                break;
            }
            default: throw new AssertionError(type);
        }
        return Tensor.trusted(type, shape, data, n);
    }

    private static void flattenStrings(Object o, String[] out, int[] pos) {
        if (o instanceof String) {
            out[pos[0]++] = (String) o;
        } else if (o instanceof Object[]) {
            for (Object e : (Object[]) o) {
                flattenStrings(e, out, pos);
            }
        }
    }

    static ElementType elementType(OnnxJavaType t) {
        switch (t) {
            case FLOAT: return ElementType.FLOAT;
            case DOUBLE: return ElementType.DOUBLE;
            case FLOAT16: return ElementType.FLOAT16;
            case BFLOAT16: return ElementType.BFLOAT16;
            case INT8: return ElementType.INT8;
            case INT16: return ElementType.INT16;
            case INT32: return ElementType.INT32;
            case INT64: return ElementType.INT64;
            case UINT8: return ElementType.UINT8;
            case BOOL: return ElementType.BOOL;
            case STRING: return ElementType.STRING;
            default: return null;
        }
    }

    // ---------------------------------------------------------------- signature

    static Signature readSignature(OrtSession session) throws OrtException {
        return new Signature(specs(session.getInputInfo()), specs(session.getOutputInfo()));
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> out = new ArrayList<>(infos.size());
        for (NodeInfo n : infos.values()) {
            ValueInfo vi = n.getInfo();
            if (vi instanceof TensorInfo) {
                TensorInfo ti = (TensorInfo) vi;
                ElementType et = elementType(ti.type);
                long[] shape = ti.getShape();
                String[] dn = ti.getDimensionNames();
                List<String> names = new ArrayList<>(shape.length);
                for (int d = 0; d < shape.length; d++) {
                    if (shape[d] < 0) {
                        shape[d] = TensorSpec.SYMBOLIC;
                    }
                    names.add(dn != null && d < dn.length && dn[d] != null ? dn[d] : "");
                }
                String desc = "tensor(" + ti.onnxType.toString().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase() + ")";
                if (et == null) {
                    out.add(new TensorSpec(n.getName(), TensorSpec.Kind.OTHER, null, shape, names, desc));
                } else {
                    out.add(new TensorSpec(n.getName(), TensorSpec.Kind.TENSOR, et, shape, names, desc));
                }
            } else if (vi instanceof SequenceInfo) {
                out.add(new TensorSpec(n.getName(), TensorSpec.Kind.SEQUENCE, null, null, null, vi.toString()));
            } else if (vi instanceof MapInfo) {
                out.add(new TensorSpec(n.getName(), TensorSpec.Kind.MAP, null, null, null, vi.toString()));
            } else {
                out.add(new TensorSpec(n.getName(), TensorSpec.Kind.OTHER, null, null, null, String.valueOf(vi)));
            }
        }
        return out;
    }

    /** A pool key of all input shapes. */
    private static final class ShapeKey {
        private final long[] dims;
        private final int hash;

        ShapeKey(Tensor[] ordered) {
            int total = 0;
            for (Tensor t : ordered) {
                total += t.rank() + 1;
            }
            dims = new long[total];
            int p = 0;
            for (Tensor t : ordered) {
                dims[p++] = t.rank();
                for (int d = 0; d < t.rank(); d++) {
                    dims[p++] = t.dim(d);
                }
            }
            hash = Arrays.hashCode(dims);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeKey && Arrays.equals(dims, ((ShapeKey) o).dims);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
