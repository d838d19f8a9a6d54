package dev.mlops.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module rules of DESIGN.md, enforced on the compiled main classes of every library module (examples and
 * benchmarks are not library modules and are not imported: the benchmarks measure serving internals on purpose).
 * A module is recognised by its package root, see {@link #moduleOf(String)}.
 */
class ModuleRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mlops");
    }

    /** The module that owns a package of ours, or null for a package that is not ours. */
    static String moduleOf(String pkg) {
        if (!pkg.startsWith("dev.mlops.")) {
            return null;
        }
        if (pkg.startsWith("dev.mlops.registry.spi.tck")) {
            return "mlops-registry-spi-tck";
        }
        if (pkg.startsWith("dev.mlops.registry.spi")) {
            return "mlops-registry-spi";
        }
        if (pkg.startsWith("dev.mlops.registry.jdbc")) {
            return "mlops-store-jdbc";
        }
        if (pkg.startsWith("dev.mlops.registry.s3")) {
            return "mlops-store-s3";
        }
        if (pkg.equals("dev.mlops.registry") || pkg.startsWith("dev.mlops.registry.")) {
            return "mlops-core";
        }
        if (pkg.equals("dev.mlops.endpointdrift") || pkg.startsWith("dev.mlops.endpointdrift.")) {
            return "mlops-endpoint-drift";
        }
        String rest = pkg.substring("dev.mlops.".length());
        int dot = rest.indexOf('.');
        return "mlops-" + (dot < 0 ? rest : rest.substring(0, dot));
    }

    static DescribedPredicate<JavaClass> inModule(String module) {
        return DescribedPredicate.describe("in module " + module, c -> module.equals(moduleOf(c.getPackageName())));
    }

    @Test
    void everyLibraryModuleIsImported() {
        Set<String> modules = new java.util.TreeSet<>();
        classes.forEach(c -> modules.add(moduleOf(c.getPackageName())));
        assertThat(modules).contains("mlops-registry-spi", "mlops-registry-spi-tck", "mlops-core", "mlops-store-jdbc",
                "mlops-store-s3", "mlops-serving", "mlops-monitoring", "mlops-pipelines", "mlops-micrometer",
                "mlops-test", "mlops-cli", "mlops-endpoint-drift", "mlops-ui");
    }

    @Test
    void theRegistryBrowserDoesNotUseServing() {
        noClasses().that(inModule("mlops-ui")).should().dependOnClassesThat(inModule("mlops-serving"))
                .because("the registry browser reads the registry and renders drift reports: core and monitoring only")
                .check(classes);
    }

    @Test
    void servingDoesNotUseMonitoring() {
        noClasses().that(inModule("mlops-serving")).should().dependOnClassesThat(inModule("mlops-monitoring"))
                .check(classes);
    }

    @Test
    void monitoringDoesNotUseServing() {
        noClasses().that(inModule("mlops-monitoring")).should().dependOnClassesThat(inModule("mlops-serving"))
                .check(classes);
    }

    @Test
    void coreDoesNotUseServingMonitoringOrPipelines() {
        noClasses().that(inModule("mlops-core")).should().dependOnClassesThat(
                inModule("mlops-serving").or(inModule("mlops-monitoring")).or(inModule("mlops-pipelines"))
                        .or(inModule("mlops-cli"))).check(classes);
    }

    @Test
    void spiUsesNothingOfOurs() {
        noClasses().that(inModule("mlops-registry-spi")).should().dependOnClassesThat(DescribedPredicate.describe(
                "belong to another module of ours", c -> {
                    String m = moduleOf(c.getPackageName());
                    return m != null && !m.equals("mlops-registry-spi");
                })).check(classes);
    }

    @Test
    void noModuleUsesAnotherModulesInternals() {
        ArchRule rule = classes().should(new ArchCondition<>("use only their own module's ..internal.. packages") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String own = moduleOf(c.getPackageName());
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    String pkg = d.getTargetClass().getPackageName();
                    String target = moduleOf(pkg);
                    boolean internal = pkg.endsWith(".internal") || pkg.contains(".internal.");
                    if (internal && target != null && !target.equals(own)) {
                        events.add(SimpleConditionEvent.violated(d, own + " uses " + target + "'s internal "
                                + d.getDescription()));
                    }
                }
            }
        });
        rule.check(classes);
    }

    @Test
    void modulesFormNoCycle() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String m = moduleOf(c.getPackageName());
                return m == null ? SliceIdentifier.ignore() : SliceIdentifier.of(m);
            }

            @Override
            public String getDescription() {
                return "modules by package root";
            }
        }).should().beFreeOfCycles().check(classes);
    }

    /**
     * No package cycle, except through the back edges listed in {@link #KNOWN_BACK_EDGES}: a new cycle anywhere, or a
     * cycle through any other dependency, fails.
     */
    @Test
    void packagesFormNoCycleBeyondTheKnownBackEdges() {
        var rule = slices().matching("dev.mlops.(**)").should().beFreeOfCycles();
        for (String[] edge : KNOWN_BACK_EDGES) {
            rule = rule.ignoreDependency(
                    DescribedPredicate.describe("in " + edge[0], c -> c.getPackageName().equals(edge[0])),
                    DescribedPredicate.describe("in " + edge[1], c -> c.getPackageName().equals(edge[1])));
        }
        rule.check(classes);
    }

    /**
     * Dependencies from a package back to its parent that still close a cycle (origin package, target package): the
     * concept packages of core use value types of the facade package ({@code Artifact}, {@code ModelVersionRef},
     * {@code ModelVersion} …) that the facade returns, and serving's internal and routing packages use the endpoint
     * types (and the friend bridge ServingInternals the batching types); pipelines' internal scoring helpers use its step types; the ONNX reader of core's internal package and the
     * ONNX signature types use each other. Listed so that no new cycle can appear; to be removed by moving those shared value types down.
     */
    static final List<String[]> KNOWN_BACK_EDGES = List.of(
            new String[]{"dev.mlops.registry.dataset", "dev.mlops.registry"},
            new String[]{"dev.mlops.registry.event", "dev.mlops.registry"},
            new String[]{"dev.mlops.registry.experiment", "dev.mlops.registry"},
            new String[]{"dev.mlops.registry.onnx", "dev.mlops.registry"},
            new String[]{"dev.mlops.registry.internal", "dev.mlops.registry"},
            new String[]{"dev.mlops.registry.onnx", "dev.mlops.registry.internal"},
            new String[]{"dev.mlops.pipelines.internal", "dev.mlops.pipelines"},
            new String[]{"dev.mlops.serving.internal", "dev.mlops.serving"},
            // the friend bridge (ServingInternals) names the batching options it hands over: to go with the bridge
            new String[]{"dev.mlops.serving.internal", "dev.mlops.serving.batch"},
            new String[]{"dev.mlops.serving.routing", "dev.mlops.serving"});
}
