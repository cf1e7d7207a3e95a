using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>One registry with default settings, shared by the tests of <see cref="RegistryCollection"/>.</summary>
/// <remarks>Tests share it safely because each works in repositories of its own (<see cref="RepositoryNames"/>).</remarks>
public sealed class RegistryFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private RunningRegistry? _registry;

    public RegistryClient Client => Registry.Client;

    /// <summary>Where the registry keeps its data; its storage root is <c>storage</c> under it.</summary>
    public string DataDirectory => _data.Path;

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
