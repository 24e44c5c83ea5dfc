package dev.baton.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays the small regression cases under src/test/resources/differential/ (each an input.xml that exercises
 * one scheduling rule and the expected.json oracle.py recorded from Debian's crm_simulate for it) and requires
 * every one to match.
 */
class DifferentialCasesTest {
    @Test
    void everyRegressionCaseMatchesCrmSimulate() throws IOException, URISyntaxException {
        Path root = Path.of(getClass().getResource("/differential").toURI());
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(root)) {
            cases = dirs.filter(d -> Files.isRegularFile(d.resolve("input.xml"))).sorted().toList();
        }
        Map<String, String> failing = new TreeMap<>();
        for (Path c : cases) {
            CaseComparison.Result r = CaseComparison.compare(c.resolve("input.xml"), c.resolve("expected.json"));
            if (!r.pass()) {
                failing.put(c.getFileName().toString(), r.diff());
            }
        }
        assertThat(cases).as("regression cases under %s", root).isNotEmpty();
        assertThat(failing).as("cases that disagree with crm_simulate").isEmpty();
    }
}
