using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>A registry started with <c>Registry:Api:DeleteEnabled=false</c>.</summary>
public sealed class DeletesDisabledRegistryFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private RunningRegistry? _registry;

    public RegistryClient Client => (_registry ?? throw new InvalidOperationException("the registry is not started")).Client;

    public async Task InitializeAsync() =>
        _registry = await RunningRegistry.StartAsync(_data.Path, "--Registry:Api:DeleteEnabled=false");

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _data.Dispose();
    }
}
