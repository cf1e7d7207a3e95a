using OrleansRegistry.Embedded;
using OrleansRegistry.Embedded.Hosting;
using OrleansRegistry.ServiceDefaults;

return await RegistryHost.RunAsync(() => EmbeddedRegistry.Build(args), EmbeddedStartLine.Log);
