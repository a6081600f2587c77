package io.synthstream.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The architecture rule each service module's {@code PackageCyclesTest} checks on its main classes: no package
 * depends, directly or through others, on a package that depends on it. Stages then read one way (the trainer's
 * data → gan → export → evaluation → publish, the generator's models → requests → samples), and a format or a stage
 * changes in one place. contracts, which this module depends on, checks the same rule in its own test.
 */
public final class PackageCycles {
    private PackageCycles() {
    }

    /** @throws AssertionError naming every cycle among the sub-packages of {@code rootPackage} and the classes that make it */
    public static void assertNoneIn(String rootPackage) {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(rootPackage);
        slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
