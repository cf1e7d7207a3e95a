using OrleansRegistry.TestKit;

namespace OrleansRegistry.Metadata.Sqlite.Tests;

/// <summary>The embedded registry's metadata is on disk once written, and a restart finds it and its epochs.</summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private static readonly EntryOwner Owner = new("repository", "team/app");

    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => _directory.Combine("registry.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Entries_written_before_a_restart_are_read_after_it()
    {
        using (var before = new SqliteEntryStore(DatabasePath))
        {
            var fence = await before.OpenAsync(Owner, default);
            await before.WriteAsync(fence, [EntryChange.Put("tags", "v1", "sha256:1")], default);
        }

        using var after = new SqliteEntryStore(DatabasePath);

        Assert.Equal("sha256:1", await after.GetAsync(Owner, "tags", "v1", default));
    }

    [Fact]
    public async Task A_writer_from_before_a_restart_is_stale_once_the_owner_opens_again()
    {
        EntryFence stale;
        using (var before = new SqliteEntryStore(DatabasePath))
        {
            stale = await before.OpenAsync(Owner, default);
        }

        using var after = new SqliteEntryStore(DatabasePath);
        var current = await after.OpenAsync(Owner, default);

        Assert.True(current.Epoch > stale.Epoch);
        await Assert.ThrowsAsync<StaleFenceException>(() => after.WriteAsync(stale, [EntryChange.Put("tags", "v1", "x")], default));
    }
}
