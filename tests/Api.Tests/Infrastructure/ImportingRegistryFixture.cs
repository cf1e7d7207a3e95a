using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>
/// A registry whose storage root holds a Distribution tree that its tests write repositories into, each its own,
/// before they import (an import takes in the whole tree, so each test judges only its repositories).
/// </summary>
public sealed class ImportingRegistryFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private RunningRegistry? _registry;

    public ImportingRegistryFixture()
    {
        Tree = new DistributionTreeWriter(Path.Combine(_data.Path, "storage"));
    }

    public DistributionTreeWriter Tree { get; }

    public RegistryClient Client => Registry.Client;

    public RunningRegistry Registry => _registry ?? throw new InvalidOperationException("the registry is not started");

    public async Task InitializeAsync() => _registry = await RunningRegistry.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ImportingRegistryCollection : ICollectionFixture<ImportingRegistryFixture>
{
    public const string Name = "importing registry";
}
