package dev.baton.cli.kube;

import picocli.CommandLine;

/**
 * The error style of kubectl-baton: a bad argument is one line ("error: ...; see --help"), exit code 2,
 * not picocli's usage dump. {@link #install} applies it to a command line (the top command should call it).
 */
public final class Cli {
    private Cli() {
    }

    public static CommandLine install(CommandLine cl) {
        return cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return CliException.USAGE;
        });
    }
}
