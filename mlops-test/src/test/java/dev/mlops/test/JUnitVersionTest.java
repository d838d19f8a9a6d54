package dev.mlops.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JUnitVersionTest {
    @Test
    void jupiter510AndLaterAreAccepted() {
        for (String v : new String[]{"5.10.0", "5.10.3", "5.11.4", "5.14.1", "6.0.0", "5.12.0-M1", "6"}) {
            assertThatCode(() -> MlopsExtension.requireSupportedJupiter(v)).as(v).doesNotThrowAnyException();
        }
    }

    @Test
    void olderJupitersFailWithAMessageThatSaysWhatToDo() {
        assertThatThrownBy(() -> MlopsExtension.requireSupportedJupiter("5.9.3"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("mlops-test needs JUnit Jupiter 5.10 or later, but the test class path has JUnit Jupiter"
                        + " 5.9.3. Import org.junit:junit-bom 5.10.0 or later in your build's dependencyManagement so"
                        + " that every JUnit artifact has one version.");
        assertThatThrownBy(() -> MlopsExtension.requireSupportedJupiter("4.13"))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("has JUnit Jupiter 4.13.");
    }

    @Test
    void anUnknownVersionDoesNotBlockTheTests() {
        for (String v : new String[]{null, "", "unknown", "x.y"}) {
            assertThatCode(() -> MlopsExtension.requireSupportedJupiter(v)).as(v).doesNotThrowAnyException();
        }
    }
}
