namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>
/// A registry of its own whose storage root holds a Distribution tree that its tests write repositories into, each
/// its own, before they import (an import takes in the whole tree, so each test judges only its repositories).
/// </summary>
public sealed class ImportingRegistryFixture : IAsyncLifetime
{
    private readonly RegistryFixture _registry = new();

    public ImportingRegistryFixture()
    {
        Tree = new DistributionTreeWriter(Path.Combine(_registry.DataDirectory, "storage"));
    }

    public DistributionTreeWriter Tree { get; }

    public RegistryClient Client => _registry.Client;

    public RunningRegistry Registry => _registry.Registry;

    public Task InitializeAsync() => _registry.InitializeAsync();

    public Task DisposeAsync() => _registry.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ImportingRegistryCollection : ICollectionFixture<ImportingRegistryFixture>
{
    public const string Name = "importing registry";
}
