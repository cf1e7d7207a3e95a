using OrleansRegistry.TestKit;
using OrleansRegistry.TestKit.Metadata;
using StackExchange.Redis;

namespace OrleansRegistry.Metadata.Redis.Tests;

/// <summary>The contract against a real redis-server, one per test class.</summary>
public sealed class RedisEntryStoreContractTests : EntryStoreContract, IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _connection;
    private RedisEntryStore? _store;

    protected override IEntryStore Store => _store ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        _store = new RedisEntryStore(_connection, "test/");
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _server?.Dispose();
    }
}
