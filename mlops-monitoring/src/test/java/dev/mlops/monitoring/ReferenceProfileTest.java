package dev.mlops.monitoring;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReferenceProfileTest {
    private final double[] infl60 = MonitoringTestData.macro("infl", 1960, 1970);
    private final double[] unemp60 = MonitoringTestData.macro("unemp", 1960, 1970);

    private ReferenceProfile profile() {
        String[] quarter = new String[infl60.length];
        for (int i = 0; i < quarter.length; i++) {
            quarter[i] = "q" + (i % 4 + 1);
        }
        return ReferenceProfile.builder()
                .numeric("infl", infl60)
                .categorical("quarter", quarter)
                .output("unemp", unemp60)
                .build();
    }

    @Test
    void profileHoldsDecileEdgesCountsQuantilesAndFrequencies() {
        ReferenceProfile p = profile();
        assertThat(p.rowCount()).isEqualTo(40);
        ReferenceProfile.FeatureProfile u = p.feature("unemp");
        assertThat(u.role()).isEqualTo(FeatureRole.OUTPUT);
        // np.bincount(np.searchsorted(np.quantile(u, np.arange(1,10)/10), u, side='right'))
        assertThat(u.binCounts()).containsExactly(3, 4, 2, 7, 4, 2, 3, 4, 7, 4);
        // np.quantile(s60['unemp'], [0, .5, 1]) -> [3.4, 4.95, 7.0]
        assertThat(u.quantiles().get("p0")).isEqualTo(3.4);
        assertThat(u.quantiles().get("p50")).isCloseTo(4.95, within(1e-12));
        assertThat(u.quantiles().get("p100")).isEqualTo(7.0);
        // np.std(s60['unemp']) -> 1.069786777820702
        assertThat(u.std()).isCloseTo(1.069786777820702, within(1e-12));
        assertThat(p.feature("quarter").categories()).containsEntry("q1", 10L).containsEntry("q4", 10L);
    }

    @Test
    void jsonRoundTripKeepsEveryFieldAndCarriesTheFormatVersion() {
        ReferenceProfile p = profile();
        String json = p.toJson();
        assertThat(json).contains("\"format\" : \"mlops-reference-profile\"").contains("\"format_version\" : 1");
        ReferenceProfile back = ReferenceProfile.fromJson(json);
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(back.feature("infl").binCounts()).containsExactly(p.feature("infl").binCounts());
        assertThat(back.feature("infl").sample().values()).containsExactly(p.feature("infl").sample().values());
        assertThat(back.featureNames()).isEqualTo(List.of("infl", "quarter", "unemp"));
    }

    @Test
    void newerFormatVersionsAreRejectedWithAMessage() {
        String json = profile().toJson().replace("\"format_version\" : 1", "\"format_version\" : 99");
        assertThatThrownBy(() -> ReferenceProfile.fromJson(json))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("unsupported format_version 99");
        assertThatThrownBy(() -> ReferenceProfile.fromJson("{\"x\":1}"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("mlops-reference-profile");
    }

    @Test
    void largeReferencesAreSketchedWithAStatedBound() {
        double[] big = new double[50_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = Math.sin(i * 0.37) * 10;
        }
        ReferenceProfile p = ReferenceProfile.builder().exactLimit(1000).sketchK(256).numeric("x", big).build();
        ReferenceProfile.FeatureProfile f = p.feature("x");
        assertThat(f.sampleWeights()).isNotNull();
        assertThat(f.sampleRankError()).isPositive().isLessThan(0.05);
        assertThat(f.sample().totalWeight()).isEqualTo(50_000);
        assertThat(ReferenceProfile.fromJson(p.toJson()).feature("x").sampleRankError()).isEqualTo(f.sampleRankError());
    }

    @Test
    void fromTableMakesTextColumnsCategorical() {
        Table t = Table.readCsv("a,b,c\n1,x,3\n2,y,\n3,x,5\n", "inline");
        ReferenceProfile p = ReferenceProfile.fromTable(t, Set.of("c"), Set.of());
        assertThat(p.feature("a").kind()).isEqualTo(FeatureKind.NUMERIC);
        assertThat(p.feature("b").kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(p.feature("c").kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(p.feature("c").missing()).isEqualTo(1);
    }
}
