using OrleansRegistry.Gateway.Hosting;

var app = RegistryApplication.Build(args);
await app.RunAsync();
