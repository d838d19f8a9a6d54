package dev.mlops.pipelines.internal;

import dev.mlops.monitoring.Table;
import dev.mlops.pipelines.PipelineException;
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetFiles;
import dev.mlops.registry.Registry;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Loading versions and data sets from the registry and scoring tables with binary classifiers. Stateless, thread-safe. */
public final class Scoring {
    private Scoring() {
    }

    /** Loads {@code model} version {@code version}'s ONNX artifact from the registry. */
    public static LoadedModel load(Registry registry, String model, int version) {
        return Models.load(registry, model, version); // verified stream, named model:version
    }

    /** The single CSV file of data set {@code name} version {@code version}, as a table. */
    public static Table dataset(Registry registry, String name, int version) {
        DatasetFile file = DatasetFiles.of(name, version, registry.datasets().files(name, version)).single(List.of(".csv"),
                found -> new PipelineException("Data set " + name + ":" + version + " must hold exactly one .csv file"
                        + " to be read as a table, found " + found.size() + "; pass the table yourself with"
                        + " TableSource.of(table)"));
        try (InputStream in = registry.openBlob(file.digest())) {
            return Table.readCsv(in, name + ":" + version + "/" + file.path());
        } catch (IOException e) {
            throw new PipelineException("cannot read data set " + name + ":" + version + ": " + e.getMessage(), e);
        }
    }

    /** The feature columns: {@code features} if non-empty, else every column but {@code label}. */
    public static List<String> featureColumns(Table table, List<String> features, String label) {
        if (!features.isEmpty()) {
            return features;
        }
        return table.columns().stream().filter(c -> !c.equals(label)).toList();
    }

    /** Rows × features as floats. */
    public static float[][] rows(Table table, List<String> features) {
        int n = table.rowCount();
        float[][] out = new float[n][features.size()];
        for (int j = 0; j < features.size(); j++) {
            double[] col = table.numbers(features.get(j));
            for (int i = 0; i < n; i++) {
                out[i][j] = (float) col[i];
            }
        }
        return out;
    }

    /** The probability of class 1 for each row of {@code outputs}' first (or named) output: [n,2] → column 1, [n,1] or [n] → itself. */
    public static double[] positiveScores(Outputs outputs, String outputName) {
        Tensor t = outputName == null ? outputs.first() : outputs.tensor(outputName);
        long n = t.dim(0);
        long k = t.rank() == 1 ? 1 : t.dim(1);
        double[] out = new double[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = t.getDouble((int) (i * k + (k >= 2 ? 1 : 0)));
        }
        return out;
    }

    /** Scores {@code rows} with {@code model}. */
    public static double[] score(LoadedModel model, float[][] rows, String outputName) {
        return positiveScores(model.predict(rows), outputName);
    }
}
