using OrleansRegistry.TestKit;
using OrleansRegistry.TestKit.Metadata;

namespace OrleansRegistry.Metadata.Sqlite.Tests;

public sealed class SqliteEntryStoreContractTests : EntryStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly SqliteEntryStore _store;

    public SqliteEntryStoreContractTests() => _store = new SqliteEntryStore(_directory.Combine("metadata", "registry.db"));

    protected override IEntryStore Store => _store;

    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }
}
