package dev.mlops.benchmarks.serving;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One prediction, four ways, in the same run (issue 5 items 7 and 8):
 * <ul>
 *   <li>{@code a_obviousOrt}: {@code OrtSession.run} written the obvious way — a tensor from a heap
 *       {@code FloatBuffer} (ONNX Runtime allocates direct memory and copies), output read with
 *       {@code getFloatBuffer()};</li>
 *   <li>{@code b_floorOrt}: the floor for Java — a direct native-order input buffer reused across calls and a pinned,
 *       reused output tensor ({@code run(inputs, pinnedOutputs)}), output copied into a reused {@code float[]};</li>
 *   <li>{@code c_ourPredict}: {@code LoadedModel.predict} (validation, pooled native buffers, pinned outputs, outputs
 *       materialised into a new {@code float[]});</li>
 *   <li>{@code d_djl}: DJL's onnxruntime engine with {@code NoopTranslator}, one predictor per thread, on the same
 *       ONNX Runtime jar.</li>
 * </ul>
 * All four use the same number of ONNX Runtime intra-op threads ({@code threads}, default 1).
 * Models are read from {@code -Dmlops.fixtures=DIR} (default {@code ../shared/fixtures}), {@code DIR/models/NAME.onnx}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PredictBenchmark {
    static {
        // DJL insists on creating the OrtEnvironment itself: start its engine before anything else touches ONNX Runtime.
        Engine.getEngine("OnnxRuntime");
    }

    @Param({"diabetes_linear", "breast_cancer_mlp_v1", "mobilenet_v3_small"})
    public String model;

    @Param({"1", "64"})
    public int batch;

    /** ONNX Runtime intra-op threads for all four contenders (1 keeps the noisy 2-core box comparable). */
    @Param({"1"})
    public int threads;

    Path file;
    OrtEnvironment env;
    OrtSession session;
    String inputName;
    String outputName;
    long[] inputShape;
    long[] outputShape;
    float[] data;
    LoadedModel loaded;
    Inputs inputs;
    ZooModel<NDList, NDList> djlModel;

    static Path fixtures() {
        return Path.of(System.getProperty("mlops.fixtures", "../shared/fixtures"));
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        file = fixtures().resolve("models").resolve(model + ".onnx");
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(threads);
        session = env.createSession(file.toString(), so);
        inputName = session.getInputNames().iterator().next();
        outputName = session.getOutputNames().iterator().next();
        loaded = Models.load(file, ModelOptions.builder().intraOpThreads(threads).build());
        inputShape = loaded.signature().inputs().get(0).shape();
        inputShape[0] = batch;
        outputShape = loaded.signature().outputs().get(0).shape();
        outputShape[0] = batch;
        int n = (int) Arrays.stream(inputShape).reduce(1, (x, y) -> x * y);
        data = new float[n];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            data[i] = (float) r.nextGaussian();
        }
        inputs = Inputs.of(Tensor.ofFloats(data, inputShape));
        djlModel = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(file).optEngine("OnnxRuntime").optTranslator(new NoopTranslator())
                .optOption("intraOpNumThreads", Integer.toString(threads)).build().loadModel();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        loaded.close();
        session.close();
        djlModel.close();
    }

    /** Per-thread state of the floor: reused direct input buffer and pinned output. */
    @State(Scope.Thread)
    public static class Floor {
        OnnxTensor input;
        FloatBuffer inputBuffer;
        OnnxTensor output;
        FloatBuffer outputBuffer;
        float[] result;
        Map<String, OnnxTensor> feed;
        Map<String, OnnxTensor> pinned;

        @Setup(Level.Trial)
        public void setUp(PredictBenchmark b) throws OrtException {
            int n = b.data.length;
            inputBuffer = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            input = OnnxTensor.createTensor(b.env, inputBuffer, b.inputShape);
            int m = (int) Arrays.stream(b.outputShape).reduce(1, (x, y) -> x * y);
            outputBuffer = ByteBuffer.allocateDirect(m * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            output = OnnxTensor.createTensor(b.env, outputBuffer, b.outputShape);
            result = new float[m];
            feed = Map.of(b.inputName, input);
            pinned = Map.of(b.outputName, output);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            input.close();
            output.close();
        }
    }

    /** Per-thread DJL predictor. */
    @State(Scope.Thread)
    public static class Djl {
        Predictor<NDList, NDList> predictor;
        NDManager manager;

        @Setup(Level.Trial)
        public void setUp(PredictBenchmark b) {
            predictor = b.djlModel.newPredictor();
            manager = b.djlModel.getNDManager().newSubManager();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            predictor.close();
            manager.close();
        }
    }

    @Benchmark
    public float[] a_obviousOrt() throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), inputShape);
             OrtSession.Result r = session.run(Map.of(inputName, t))) {
            OnnxValue v = r.get(0);
            FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }

    @Benchmark
    @SuppressWarnings("try") // the result holds the pinned output buffer; it is read through f.outputBuffer
    public float[] b_floorOrt(Floor f) throws OrtException {
        f.inputBuffer.put(0, data);
        try (OrtSession.Result r = session.run(f.feed, f.pinned)) {
            f.outputBuffer.get(0, f.result);
            return f.result;
        }
    }

    @Benchmark
    public float[] c_ourPredict() {
        return loaded.predict(inputs).first().floatData();
    }

    @Benchmark
    public float[] d_djl(Djl d) throws Exception {
        try (NDManager m = d.manager.newSubManager()) {
            NDArray a = m.create(data, new Shape(inputShape));
            NDList out = d.predictor.predict(new NDList(a));
            return out.get(0).toFloatArray();
        }
    }
}
