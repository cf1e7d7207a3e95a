using OrleansRegistry.Embedded;
using OrleansRegistry.Embedded.Cli;
using OrleansRegistry.Embedded.Hosting;
using OrleansRegistry.ServiceDefaults;
using Spectre.Console;

// `gc`, `retention` and `usage` are clients of a running registry's admin API; anything else runs the registry.
switch (args)
{
    case [CollectionCommand.Name, .. var command]:
        return await CollectionCommand.RunAsync(command, AnsiConsole.Console, CancellationToken.None);
    case [RetentionCommand.Name, .. var command]:
        return await RetentionCommand.RunAsync(command, AnsiConsole.Console, CancellationToken.None);
    case [UsageCommand.Name, .. var command]:
        return await UsageCommand.RunAsync(command, AnsiConsole.Console, CancellationToken.None);
}

return await RegistryHost.RunAsync(() => EmbeddedRegistry.Build(args), EmbeddedStartLine.Log);
