package dev.mlops.serving;

import dev.mlops.serving.routing.OutputComparator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default shadow comparison compares what a model says: labels for classifiers, values within ε otherwise. */
class OutputComparatorTest {
    private static final Provenance P = Provenance.ofModel("m", 0, null);

    /** A scikit-learn style classifier's outputs: int64 labels and ZipMap probabilities per row. */
    private static Outputs zipmap(long[] labels, List<Map<Long, Float>> probabilities) {
        return new Outputs(new String[]{"output_label", "output_probability"},
                new Object[]{Tensor.ofLongs(labels, labels.length), probabilities}, P);
    }

    private static Outputs probabilities(float... rowMajor2) {
        return new Outputs(new String[]{"probabilities"},
                new Object[]{Tensor.ofFloats(rowMajor2, rowMajor2.length / 2, 2)}, P);
    }

    private static Outputs regression(float... y) {
        return new Outputs(new String[]{"variable"}, new Object[]{Tensor.ofFloats(y, y.length, 1)}, P);
    }

    @Test
    void byDefaultAClassifierAgreesWhenItPredictsTheSameClassEvenIfProbabilitiesDiffer() {
        Outputs a = zipmap(new long[]{0, 1}, List.of(Map.of(0L, 0.9f, 1L, 0.1f), Map.of(0L, 0.2f, 1L, 0.8f)));
        Outputs b = zipmap(new long[]{0, 1}, List.of(Map.of(0L, 0.7f, 1L, 0.3f), Map.of(0L, 0.4f, 1L, 0.6f)));
        OutputComparator.Comparison c = OutputComparator.defaults().compare(a, b);
        assertThat(c.agree()).isTrue();
        assertThat(c.maxAbsDifference()).isZero();
        // the old rule (all values within 1e-4) called this a disagreement
        assertThat(OutputComparator.valuesWithin(1e-4).compare(a, b).agree()).isFalse();
    }

    @Test
    void aClassifierThatPredictsAnotherClassDisagreesWithTheShareOfRowsThatDiffer() {
        Outputs a = zipmap(new long[]{0, 1, 1, 0}, List.of());
        Outputs b = zipmap(new long[]{0, 0, 1, 0}, List.of());
        OutputComparator.Comparison c = OutputComparator.defaults().compare(a, b);
        assertThat(c.agree()).isFalse();
        assertThat(c.maxAbsDifference()).isEqualTo(0.25);
        assertThat(c.detail()).isEqualTo("1 of 4 rows predict another class");
    }

    @Test
    void probabilityTensorsAreComparedByArgMaxAndTopK() {
        Outputs a = probabilities(0.6f, 0.4f, 0.3f, 0.7f);
        Outputs b = probabilities(0.45f, 0.55f, 0.1f, 0.9f);
        assertThat(OutputComparator.labelEqual().compare(a, b).agree()).isFalse();
        assertThat(OutputComparator.defaults().compare(a, b).maxAbsDifference()).isEqualTo(0.5);
        assertThat(OutputComparator.topK(2).compare(a, b).agree()).isTrue();
        assertThat(OutputComparator.labelEqual().compare(a, probabilities(0.51f, 0.49f, 0.0f, 1.0f)).agree()).isTrue();
        assertThatThrownBy(() -> OutputComparator.topK(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRegressionModelIsComparedByValuesWithinTheTolerance() {
        assertThat(OutputComparator.defaults().compare(regression(1.0f, 2.0f), regression(1.00005f, 2.0f)).agree())
                .isTrue();
        OutputComparator.Comparison c = OutputComparator.defaults().compare(regression(1.0f, 2.0f),
                regression(1.0f, 2.5f));
        assertThat(c.agree()).isFalse();
        assertThat(c.maxAbsDifference()).isEqualTo(0.5);
        assertThat(OutputComparator.valuesWithin(1).compare(regression(1.0f), regression(1.5f)).agree()).isTrue();
        assertThat(OutputComparator.labelEqual().compare(regression(1.0f), regression(1.0f)).detail())
                .isEqualTo("the primary's outputs carry no class label");
    }
}
