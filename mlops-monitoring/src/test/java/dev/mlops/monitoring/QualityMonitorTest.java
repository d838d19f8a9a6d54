package dev.mlops.monitoring;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QualityMonitorTest {
    /** Iris: label = virginica, score = 1 / (1 + exp(-(petal_length - 4.9) * 3)). */
    private static double[][] irisScores() {
        Table t = MonitoringTestData.load("iris.csv");
        double[] pl = t.numbers("petal length (cm)");
        double[] target = t.numbers("target");
        double[] score = new double[pl.length];
        double[] label = new double[pl.length];
        for (int i = 0; i < pl.length; i++) {
            score[i] = 1 / (1 + Math.exp(-(pl[i] - 4.9) * 3));
            label[i] = target[i] == 2 ? 1 : 0;
        }
        return new double[][]{score, label};
    }

    @Test
    void labelsArrivingLaterJoinByRequestIdIntoMetricsThatMatchSklearnDefinitions() {
        double[][] d = irisScores();
        List<QualityResult> alerts = new ArrayList<>();
        QualityMonitor m = QualityMonitor.binaryClassification().windowSize(150)
                .alertBelow("accuracy", 0.97)
                .listener(new QualityListener() {
                    @Override
                    public void onAlert(QualityResult r) {
                        alerts.add(r);
                    }
                }).build();
        for (int i = 0; i < 150; i++) {
            m.recordPrediction("req-" + i, d[0][i]);
        }
        assertThat(m.pendingPredictions()).isEqualTo(150);
        for (int i = 149; i >= 0; i--) {
            m.recordLabel("req-" + i, d[1][i]);
        }
        assertThat(alerts).hasSize(1);
        QualityResult r = alerts.get(0);
        assertThat(r.joined()).isEqualTo(150);
        // numpy: p = 1/(1+np.exp(-(pl-4.9)*3)); y = target == 2; pred = p >= 0.5
        // np.mean(pred == y) -> 0.9533333333333334; tp/(tp+fp) -> 0.9215686274509803; tp/(tp+fn) -> 0.94
        assertThat(r.metric("accuracy")).isCloseTo(0.9533333333333334, within(1e-15));
        assertThat(r.metric("precision")).isCloseTo(0.9215686274509803, within(1e-15));
        assertThat(r.metric("recall")).isCloseTo(0.94, within(1e-15));
        // stats.mannwhitneyu(p[y==1], p[y==0]).statistic / (50*100) -> 0.9911
        assertThat(r.metric("roc_auc")).isCloseTo(0.9911, within(1e-12));
        // pc = np.clip(p, 1e-15, 1-1e-15); -np.mean(y*np.log(pc) + (1-y)*np.log(1-pc)) -> 0.16913872447382158
        assertThat(r.metric("log_loss")).isCloseTo(0.16913872447382158, within(1e-12));
        assertThat(r.breaches()).containsExactly("accuracy 0.953333 < 0.97");
        assertThat(r.toJson()).contains("\"alert\" : true").contains("\"roc_auc\" : 0.9911");
        assertThat(m.pendingPredictions()).isZero();
    }

    @Test
    void regressionWindowsGiveMaeAndRmse() {
        Table t = MonitoringTestData.MACRO;
        double[] gdp = t.numbers("realgdp");
        double[] cons = t.numbers("realcons");
        QualityMonitor m = QualityMonitor.regression().windowSize(1000).alertAbove("rmse", 100).build();
        for (int i = 0; i < gdp.length; i++) {
            m.recordLabel("q" + i, cons[i]); // labels first: they wait for the prediction
            m.recordPrediction("q" + i, 0.68 * gdp[i]);
        }
        QualityResult r = m.closeWindow();
        // pr = 0.68*realgdp; np.mean(np.abs(pr-c)) -> 163.2658116256159; np.sqrt(np.mean((pr-c)**2)) -> 176.3391081633772
        assertThat(r.joined()).isEqualTo(203);
        assertThat(r.metric("mae")).isCloseTo(163.2658116256159, within(1e-9));
        assertThat(r.metric("rmse")).isCloseTo(176.3391081633772, within(1e-9));
        assertThat(r.alert()).isTrue();
    }

    @Test
    void unjoinedPredictionsExpireAfterTheConfiguredTimeAndAreCounted() {
        MutableClock clock = new MutableClock();
        QualityMonitor m = QualityMonitor.binaryClassification().clock(clock).expireAfter(Duration.ofMinutes(10))
                .windowSize(10).build();
        m.recordPrediction("a", 0.9);
        m.recordPrediction("b", 0.1);
        clock.advance(Duration.ofMinutes(5));
        m.recordPrediction("c", 0.7);
        clock.advance(Duration.ofMinutes(6)); // a, b are 11 minutes old, c is 6
        m.expire();
        assertThat(m.expiredPredictions()).isEqualTo(2);
        assertThat(m.pendingPredictions()).isEqualTo(1);
        m.recordLabel("a", 1); // too late: waits as an unmatched label
        m.recordLabel("c", 1);
        assertThat(m.pendingLabels()).isEqualTo(1);
        QualityResult r = m.closeWindow();
        assertThat(r.joined()).isEqualTo(1);
        assertThat(r.expiredPredictions()).isEqualTo(2);
        assertThat(r.metric("roc_auc")).isNull(); // one class only
        assertThat(r.metric("accuracy")).isEqualTo(1.0);
    }

    @Test
    void pendingPredictionsAreBoundedByEvictingTheOldest() {
        QualityMonitor m = QualityMonitor.binaryClassification().maxPending(100).build();
        for (int i = 0; i < 1000; i++) {
            m.recordPrediction("r" + i, 0.5);
        }
        assertThat(m.pendingPredictions()).isEqualTo(100);
        assertThat(m.expiredPredictions()).isEqualTo(900);
        m.recordLabel("r999", 1);
        m.recordLabel("r0", 1);
        assertThat(m.pendingPredictions()).isEqualTo(99);
        assertThat(m.pendingLabels()).isEqualTo(1);
    }

    @Test
    void unknownMetricsAreRejectedAtBuildTime() {
        assertThatThrownBy(() -> QualityMonitor.regression().alertBelow("accuracy", 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mae");
    }

    @Test
    void multiclassWindowsGiveSklearnMacroMetrics() {
        Table t = MonitoringTestData.load("iris.csv");
        double[] pl = t.numbers("petal length (cm)");
        double[] target = t.numbers("target");
        QualityMonitor m = QualityMonitor.multiclassClassification(3).windowSize(1000).build();
        for (int i = 0; i < pl.length; i++) {
            double[] logits = {-(pl[i] - 1.5) * 2, -Math.abs(pl[i] - 4.3) * 2, (pl[i] - 5.0) * 2};
            double z = Math.exp(logits[0]) + Math.exp(logits[1]) + Math.exp(logits[2]);
            m.recordPrediction("r" + i, new double[]{Math.exp(logits[0]) / z, Math.exp(logits[1]) / z,
                    Math.exp(logits[2]) / z});
        }
        for (int i = 0; i < pl.length; i++) {
            m.recordLabel("r" + i, target[i]);
        }
        QualityResult r = m.closeWindow();
        // L = np.stack([-(pl-1.5)*2, -np.abs(pl-4.3)*2, (pl-5.0)*2], 1); P = softmax(L); pred = P.argmax(1)
        // np.mean(pred == y) -> 0.92; macro precision (0 for never-predicted classes) -> 0.9305555555555557;
        // macro recall -> 0.9199999999999999; mean over c of mannwhitneyu(P[y==c,c], P[y!=c,c]) / (n1*n0)
        // -> 0.9939999999999999; -np.mean(np.log(np.clip(P[range(150), y], 1e-15, 1-1e-15))) -> 0.20458222255640252
        assertThat(r.joined()).isEqualTo(150);
        assertThat(r.metric("accuracy")).isCloseTo(0.92, within(1e-15));
        assertThat(r.metric("precision")).isCloseTo(0.9305555555555557, within(1e-14));
        assertThat(r.metric("recall")).isCloseTo(0.9199999999999999, within(1e-14));
        assertThat(r.metric("roc_auc")).isCloseTo(0.9939999999999999, within(1e-12));
        assertThat(r.metric("log_loss")).isCloseTo(0.20458222255640252, within(1e-12));
        assertThatThrownBy(() -> m.recordPrediction("x", 0.5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.recordPrediction("x", new double[2])).isInstanceOf(IllegalArgumentException.class);
    }
}
