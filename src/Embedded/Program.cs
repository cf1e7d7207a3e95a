using OrleansRegistry.Embedded;
using OrleansRegistry.Embedded.Cli;
using OrleansRegistry.Embedded.Hosting;
using OrleansRegistry.ServiceDefaults;
using Spectre.Console;

// `gc ...` is a client of a running registry's admin API; anything else runs the registry.
if (args is [CollectionCommand.Name, .. var command])
{
    return await CollectionCommand.RunAsync(command, AnsiConsole.Console, CancellationToken.None);
}

return await RegistryHost.RunAsync(() => EmbeddedRegistry.Build(args), EmbeddedStartLine.Log);
