package io.taskmanager;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages' dependencies, as DESIGN.md lays them out: no cycles, each package only on the
 * ones below it, and inside a package boundary on control on entity, never back.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importTheApplication() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.taskmanager");
    }

    @Test
    void noCycleBetweenTheTopLevelPackages() {
        slices().matching("io.taskmanager.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noCycleBetweenAnyTwoPackages() {
        slices().matching("io.taskmanager.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * From the features down to what every part stands on. A package may use any below it;
     * the ones that are not features (protection, errors, platform and the rest) know none.
     */
    @Test
    void eachPackageUsesOnlyThoseBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("export").definedBy("io.taskmanager.export..")
                .layer("tasks").definedBy("io.taskmanager.tasks..")
                .layer("accounts").definedBy("io.taskmanager.accounts..")
                .layer("mail").definedBy("io.taskmanager.mail..")
                .layer("operations").definedBy("io.taskmanager.operations..")
                .layer("protection").definedBy("io.taskmanager.protection..")
                .layer("input").definedBy("io.taskmanager.input..")
                .layer("errors").definedBy("io.taskmanager.errors..")
                .layer("platform").definedBy("io.taskmanager.platform..")
                .whereLayer("export").mayNotBeAccessedByAnyLayer()
                .whereLayer("tasks").mayOnlyBeAccessedByLayers("export")
                .whereLayer("accounts").mayOnlyBeAccessedByLayers("export", "tasks")
                .whereLayer("mail").mayOnlyBeAccessedByLayers("export", "tasks", "accounts")
                .whereLayer("operations").mayOnlyBeAccessedByLayers("export", "tasks", "accounts", "mail")
                .whereLayer("protection").mayOnlyBeAccessedByLayers("export", "tasks", "accounts", "mail", "operations")
                .whereLayer("input").mayOnlyBeAccessedByLayers("export", "tasks", "accounts")
                .whereLayer("errors").mayOnlyBeAccessedByLayers("export", "tasks", "accounts", "mail", "operations", "protection", "input")
                .check(classes);
    }

    @Test
    void controlNeverUsesABoundary() {
        noClasses().that().resideInAPackage("..control..")
                .should().dependOnClassesThat().resideInAPackage("..boundary..")
                .check(classes);
    }

    @Test
    void entitiesUseNeitherControlNorBoundary() {
        noClasses().that().resideInAPackage("..entity..")
                .should().dependOnClassesThat().resideInAnyPackage("..control..", "..boundary..")
                .check(classes);
    }
}
