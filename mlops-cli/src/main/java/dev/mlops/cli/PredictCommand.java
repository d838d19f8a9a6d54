package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.TensorJson;
import dev.mlops.serving.TensorSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mlops predict --model MODEL.onnx --input INPUT.json [--json]}: runs a model once on inputs given as
 * {@code {"inputs": {name: {"dtype", "shape", "data"}}}} (the format of the reference vectors) and prints the outputs
 * in the same format. Not thread-safe; one instance per invocation.
 */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        description = "Run an ONNX model on inputs from a JSON file.",
        footer = {"", "INPUT.json: {\"inputs\": {NAME: {\"dtype\": \"float32\", \"shape\": [1, 4], \"data\": [...]}}};"
                + " dtypes as numpy names them (float32 float64 float16 bfloat16 int8 int16 int32 int64 uint8 bool object)."
                + " Other top-level keys are ignored.",
                "", "Example:", "  bin/mlops predict --model model.onnx --input input.json --json"})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL.onnx", description = "The ONNX model file.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "INPUT.json", description = "The inputs (see below).")
    Path input;

    @Option(names = "--json", description = "Print {\"outputs\": {...}} as JSON on stdout.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        InputFiles.requireReadableFile("--model", model, "an ONNX model file");
        InputFiles.requireTextFile("--input", input, "a JSON file {\"inputs\": {NAME: {\"dtype\", \"shape\", \"data\"}}}");
        JsonNode root;
        try {
            root = TensorJson.mapper().readTree(Files.readAllBytes(input));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("input file " + input + " does not exist");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("input file " + input + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.has("inputs")) {
            throw new IllegalArgumentException("input file " + input
                    + " must hold an object with \"inputs\": {name: {\"dtype\", \"shape\", \"data\"}}");
        }
        Inputs inputs = TensorJson.readInputs(root.get("inputs"));
        PrintWriter out = spec.commandLine().getOut();
        try (LoadedModel m = Models.load(model)) {
            Outputs outputs = m.predict(inputs);
            if (json) {
                TensorJson.write(TensorJson.writeOutputs(outputs), out);
            } else {
                printHuman(m, outputs, out);
            }
        }
        out.flush();
        return 0;
    }

    /** {@code [name: float32[?, 4]]}; a sequence or map as people write it, not ONNX Runtime's internal form. */
    static String describe(List<TensorSpec> specs) {
        StringBuilder sb = new StringBuilder("[");
        for (TensorSpec s : specs) {
            sb.append(sb.length() > 1 ? ", " : "").append(s.name()).append(": ");
            switch (s.kind()) {
                case TENSOR -> sb.append(s.elementType().map(Object::toString).orElse("?")).append(s.shapeString());
                case SEQUENCE, MAP -> sb.append(containerType(s.description()));
                default -> sb.append(s.description());
            }
        }
        return sb.append(']').toString();
    }

    private static final java.util.regex.Pattern MAP_INFO =
            java.util.regex.Pattern.compile("keyType=(\\w+),\\s*valueType=(\\w+)");

    /** {@code SequenceInfo(…MapInfo(…keyType=INT64,valueType=FLOAT))} as {@code sequence of map(int64 -> float32)}. */
    static String containerType(String onnxRuntimeDescription) {
        String d = onnxRuntimeDescription;
        boolean sequence = d.startsWith("SequenceInfo") || d.startsWith("seq");
        java.util.regex.Matcher m = MAP_INFO.matcher(d);
        String map = m.find() ? "map(" + typeName(m.group(1)) + " -> " + typeName(m.group(2)) + ")" : null;
        if (sequence) {
            return "sequence of " + (map != null ? map : "tensors");
        }
        return map != null ? map : d;
    }

    private static String typeName(String onnx) {
        return switch (onnx.toUpperCase(java.util.Locale.ROOT)) {
            case "FLOAT" -> "float32";
            case "DOUBLE" -> "float64";
            default -> onnx.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String value(Object v) {
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(sb.length() > 1 ? ", " : "").append(e.getKey()).append(": ").append(e.getValue());
            }
            return sb.append('}').toString();
        }
        return String.valueOf(v);
    }

    private static void printHuman(LoadedModel m, Outputs outputs, PrintWriter out) {
        out.println("model " + m.name() + ": inputs " + describe(m.signature().inputs()) + " -> outputs "
                + describe(m.signature().outputs()));
        for (Map.Entry<String, Object> e : outputs.asMap().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Tensor) {
                Tensor t = (Tensor) v;
                StringBuilder sb = new StringBuilder();
                int n = Math.min(t.size(), 10);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append(t.getObject(i));
                }
                if (t.size() > n) {
                    sb.append(", … (").append(t.size()).append(" values)");
                }
                out.println(e.getKey() + " " + t.type() + java.util.Arrays.toString(t.shape()) + ": [" + sb + "]");
            } else if (v instanceof List) {
                List<?> l = (List<?>) v;
                StringBuilder sb = new StringBuilder();
                int n = Math.min(l.size(), 3);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append(value(l.get(i)));
                }
                if (l.size() > n) {
                    sb.append(", …");
                }
                out.println(e.getKey() + " sequence of " + l.size() + ": [" + sb + "]");
            } else {
                out.println(e.getKey() + ": " + value(v));
            }
        }
        out.println("(use --json for every value)");
    }
}
