package io.synthstream.contracts;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The contracts' packages (events ← codec, artifacts, rollout) depend one way: the rule test-support's PackageCycles
 * checks in each service, written out here because test-support depends on contracts.
 */
class PackageCyclesTest {
    @Test
    void packagesDependOneWay() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.synthstream.contracts");
        slices().matching("io.synthstream.contracts.(*)..").should().beFreeOfCycles().check(classes);
    }
}
