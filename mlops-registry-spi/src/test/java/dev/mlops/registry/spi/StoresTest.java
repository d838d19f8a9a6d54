package dev.mlops.registry.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoresTest {

    @Test
    void findsProvidersOnTheClassPathByScheme() {
        assertThat(Stores.providers()).containsKey("fake");
        assertThat(Stores.provider(StoreUri.parse("FAKE:x"))).isInstanceOf(FakeStoreProvider.class);
    }

    @Test
    void opensBothHalvesFromOneUriWithTheRedactedDescription() {
        Store store = Stores.open("fake://u:pw@host/x");
        assertThat(store.description()).isEqualTo("fake://***@host/x");
        assertThat(store.toString()).doesNotContain("pw");
        assertThat(((FakeStoreProvider.Half) store.records()).uri()).isEqualTo("fake://u:pw@host/x");
    }

    @Test
    void opensRecordsAndBlobsFromTwoUris() {
        Store store = Stores.open("fake:records?password=p1", "fake:blobs?token=t2");
        assertThat(store.description()).isEqualTo("records fake:records?password=***, blobs fake:blobs?token=***");
        assertThat(((FakeStoreProvider.Half) store.records()).uri()).isEqualTo("fake:records?password=p1");
        assertThat(((FakeStoreProvider.Half) store.blobs()).uri()).isEqualTo("fake:blobs?token=t2");
    }

    @Test
    void unknownSchemeListsTheSchemesOnTheClassPathAndHidesCredentials() {
        assertThatThrownBy(() -> Stores.open("jdbc:postgresql://alice:s3cret@db/mlops?password=s3cret"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("No store provider for scheme 'jdbc'")
                .hasMessageContaining("Schemes on the class path: fake")
                .hasMessageContaining("jdbc:postgresql://***@db/mlops?password=***")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("alice");
    }

    @Test
    void theDefaultUriIsTheEnvironmentVariableOrALocalDirectory() {
        String env = System.getenv(Stores.ENV_VAR);
        String expected = env == null || env.isBlank() ? "file:./mlops-data" : env.strip();
        assertThat(Stores.defaultUri()).isEqualTo(expected);
    }
}
