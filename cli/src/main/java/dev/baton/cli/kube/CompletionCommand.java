package dev.baton.cli.kube;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubectl baton completion bash}: picocli's generated completion script for every command. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script: source <(kubectl-baton completion bash).",
                "It completes kubectl-baton; for 'kubectl baton' use kubectl's plugin completion (kubectl_complete-baton)."})
public final class CompletionCommand extends BatonCommand {
    @Parameters(paramLabel = "SHELL", description = "bash (zsh reads it too, with bashcompinit).")
    String shell;

    @Override
    protected int execute() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw CliException.usage("no completion for shell '" + shell + "' (bash or zsh)");
        }
        out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        return 0;
    }
}
