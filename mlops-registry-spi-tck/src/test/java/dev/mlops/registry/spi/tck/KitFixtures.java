package dev.mlops.registry.spi.tck;

import dev.mlops.registry.spi.Store;

/**
 * The kit applied to {@link SimpleStore} with and without planted bugs. Not run by surefire (the names do not end in
 * Test): {@link StoreCompatibilityKitTest} launches them and checks which kit tests fail.
 */
final class KitFixtures {
    private KitFixtures() {
    }

    /** Opens a store with {@code bug}. */
    abstract static class WithBug extends StoreCompatibilityKit {
        private final SimpleStore.Bug bug;
        private SimpleStore store;

        WithBug(SimpleStore.Bug bug) {
            this.bug = bug;
        }

        @Override
        protected Store openStore(KitContext context) {
            store = new SimpleStore(bug, context.clock());
            return store.asStore();
        }

        @Override
        protected java.util.Optional<BlobCorrupter> corrupter() {
            return java.util.Optional.of(store.corrupter());
        }

        @Override
        protected long largeBlobSize() {
            return 4L << 20;
        }
    }

    /** A correct store. */
    public static class CorrectStoreFixture extends WithBug {
        public CorrectStoreFixture() {
            super(SimpleStore.Bug.NONE);
        }
    }

    /** CAS that checks and writes in two steps. */
    public static class LostUpdateFixture extends WithBug {
        public LostUpdateFixture() {
            super(SimpleStore.Bug.LOST_UPDATE);
        }
    }

    /** A repeated put that keeps the old last-used mark. */
    public static class NoRefreshFixture extends WithBug {
        public NoRefreshFixture() {
            super(SimpleStore.Bug.NO_LAST_USED_REFRESH);
        }
    }

    /** A get that does not verify the digest. */
    public static class UnverifiedGetFixture extends WithBug {
        public UnverifiedGetFixture() {
            super(SimpleStore.Bug.UNVERIFIED_GET);
        }
    }

    /** A listing in reverse order. */
    public static class UnsortedListFixture extends WithBug {
        public UnsortedListFixture() {
            super(SimpleStore.Bug.UNSORTED_LIST);
        }
    }

    /** A store that takes any key. */
    public static class AcceptsAnyKeyFixture extends WithBug {
        public AcceptsAnyKeyFixture() {
            super(SimpleStore.Bug.ACCEPTS_ANY_KEY);
        }
    }

    /** A put that keeps a damaged stored copy instead of the good bytes. */
    public static class KeepsDamagedCopyFixture extends WithBug {
        public KeepsDamagedCopyFixture() {
            super(SimpleStore.Bug.KEEPS_DAMAGED_COPY);
        }
    }
}
