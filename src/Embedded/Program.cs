using OrleansRegistry.Embedded;

var app = EmbeddedRegistry.Build(args);
await app.RunAsync();
