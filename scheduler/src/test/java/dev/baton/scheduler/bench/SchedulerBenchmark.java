package dev.baton.scheduler.bench;

import dev.baton.scheduler.Decision;
import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.importer.CibImporter;
import dev.baton.scheduler.model.ClusterModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduler alone, in process: one {@link Scheduler#schedule} of an already imported CIB (e.g. from
 * ../shared/conformance/gen_cib.py). Run by hack/bench-scheduler.sh with {@code -p cib=FILE}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
public class SchedulerBenchmark {
    @Param("")
    public String cib;

    private ClusterModel model;

    @Setup
    public void load() throws IOException {
        model = CibImporter.read(Path.of(cib));
    }

    @Benchmark
    public Decision schedule() {
        return Scheduler.schedule(model);
    }
}
