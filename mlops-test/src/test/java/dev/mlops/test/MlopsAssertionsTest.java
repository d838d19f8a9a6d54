package dev.mlops.test;

import dev.mlops.monitoring.DriftAnalysis;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckSuite;
import dev.mlops.serving.ElementType;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MlopsTest
class MlopsAssertionsTest {
    static final Tensor PROBS = Tensor.ofFloats(new float[]{0.1f, 0.9f, 0.25f, 0.75f}, 2, 2);

    /** Reference x = 0..99; current either the same or shifted by 60. */
    static DriftResult result(double shift) {
        String[] x = new String[100];
        String[] y = new String[100];
        for (int i = 0; i < 100; i++) {
            x[i] = Double.toString(i);
            y[i] = Double.toString(i % 10);
        }
        ReferenceProfile p = ReferenceProfile.fromTable(Table.of(columns(x, y)), Set.of(), Set.of("y"));
        String[] cx = new String[100];
        for (int i = 0; i < 100; i++) {
            cx[i] = Double.toString(i + shift);
        }
        return DriftAnalysis.compare(p, Table.of(columns(cx, y)));
    }

    /** Columns x then y, in that order. */
    static Map<String, String[]> columns(String[] x, String[] y) {
        Map<String, String[]> m = new java.util.LinkedHashMap<>();
        m.put("x", x);
        m.put("y", y);
        return m;
    }

    @Test
    void tensorAssertionsPassOnMatchingValuesAndNameTheFirstDifference() {
        MlopsAssertions.assertThat(PROBS).hasShape(2, 2).hasType(ElementType.FLOAT).allBetween(0, 1)
                .isCloseTo(new float[]{0.1f, 0.9f, 0.25f, 0.75f}, 1e-7);
        assertThatThrownBy(() -> MlopsAssertions.assertThat(PROBS).isCloseTo(new double[]{0.1, 0.9, 0.3, 0.7}, 0.01))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 of 4 differ; the first at index 2: expected 0.3, found 0.25");
        assertThatThrownBy(() -> MlopsAssertions.assertThat(PROBS).hasShape(4))
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected shape [4] but found [2, 2]");
        assertThatThrownBy(() -> MlopsAssertions.assertThat(PROBS).allBetween(0, 0.5))
                .isInstanceOf(AssertionError.class).hasMessageContaining("index 1 is 0.8999999761"); // 0.9f
    }

    @Test
    void outputsAssertionsCheckNamesAndCompareModels(
            @ModelEndpoint(resource = "models/diabetes_linear.onnx") LoadedModel model) {
        Outputs a = model.predict(MlopsExtensionTest.ROWS);
        Outputs b = model.predict(MlopsExtensionTest.ROWS);
        MlopsAssertions.assertThat(a).hasOutputs("y").agreesWith(b, 0);
        assertThatThrownBy(() -> MlopsAssertions.assertThat(a).hasOutputs("probabilities"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected outputs [probabilities] but found [y]");
        assertThatThrownBy(() -> MlopsAssertions.assertThat(a).output("label"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected an output named 'label' but the outputs are [y]");
    }

    @Test
    void driftAssertionsDescribeEveryFeatureWhenTheyFail() {
        DriftResult quiet = result(0);
        DriftResult shifted = result(60);
        MlopsAssertions.assertThat(quiet).hasNoDrift().hasRows(100).feature("x").isStable().hasPsiLessThan(0.01);
        MlopsAssertions.assertThat(shifted).hasDrift().hasDriftedFeatures("x").hasInputDrift()
                .feature("x").isDrifted().hasPsiGreaterThan(1);
        assertThatThrownBy(() -> MlopsAssertions.assertThat(shifted).hasNoDrift())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected no drift but [x] drifted over 100 rows")
                .hasMessageContaining("DRIFTED").hasMessageContaining("stable");
        assertThatThrownBy(() -> MlopsAssertions.assertThat(shifted).hasOutputDrift())
                .isInstanceOf(AssertionError.class).hasMessageContaining("no output feature drifted");
        assertThatThrownBy(() -> MlopsAssertions.assertThat(quiet).feature("x").isDrifted())
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected feature 'x' to drift");
        assertThatThrownBy(() -> MlopsAssertions.assertThat(quiet).feature("z"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("[x, y]");
    }

    @Test
    void checkReportAssertionsShowTheReportWhenTheyFail() {
        CheckReport report = CheckSuite.builder().range("age", 0, 120).rowCount(1, 10).build()
                .run(Table.readCsv("age\n30\n250\n", "people.csv"));
        MlopsAssertions.assertThat(report).hasPercentPassedAtLeast(50).hasFailedChecks("range(age, 0, 120)");
        assertThatThrownBy(() -> MlopsAssertions.assertThat(report).allPassed())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 failed").hasMessageContaining("FAIL  range(age, 0, 120)");
        assertThatThrownBy(() -> MlopsAssertions.assertThat(report).hasPercentPassedAtLeast(90))
                .isInstanceOf(AssertionError.class).hasMessageContaining("but 50.0% did");
    }
}
