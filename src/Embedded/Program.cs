using OrleansRegistry.Embedded;
using OrleansRegistry.Embedded.Cli;
using OrleansRegistry.Embedded.Hosting;
using OrleansRegistry.ServiceDefaults;
using Spectre.Console;

// `gc`, `retention`, `usage` and `import` are clients of a running registry's admin API; anything else runs the
// registry.
return args switch
{
    [CollectionCommand.Name, .. var command] => await CollectionCommand.RunAsync(command, AnsiConsole.Console, CancellationToken.None),
    [RetentionCommand.Name, .. var command] => await RetentionCommand.RunAsync(command, AnsiConsole.Console, CancellationToken.None),
    [UsageCommand.Name, .. var command] => await UsageCommand.RunAsync(command, AnsiConsole.Console, CancellationToken.None),
    [ImportCommand.Name, .. var command] => await ImportCommand.RunAsync(command, AnsiConsole.Console, CancellationToken.None),
    _ => await RegistryHost.RunAsync(() => EmbeddedRegistry.Build(args), EmbeddedStartLine.Log),
};
