using Microsoft.Data.Sqlite;

namespace OrleansRegistry.Metadata.Sqlite;

/// <summary>
/// Entries in one SQLite database: a row per entry, keyed by owner, collection and sort key, so a get is an index
/// lookup, a page a range scan and a batch one transaction whatever the size of the collections.
/// </summary>
/// <remarks>
/// Chosen over a journal of our own because it already is one (the write-ahead log) with what a journal needs on
/// top: indexes for paging, compaction (checkpoints), atomic batches and crash recovery, tested far beyond what a
/// registry could test. <c>synchronous=FULL</c> flushes every commit to disk before the call returns, so content is
/// durable before it is visible, as the embedded registry promises. Writes go one at a time through one connection
/// (SQLite has one writer); reads run beside them on pooled connections, as the write-ahead log allows.
/// </remarks>
public sealed class SqliteEntryStore : IEntryStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteEntryStore(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS entries (
                owner TEXT NOT NULL, collection TEXT NOT NULL, sort_key TEXT NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (owner, collection, sort_key)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS epochs (owner TEXT NOT NULL PRIMARY KEY, epoch INTEGER NOT NULL) WITHOUT ROWID;
            """);
    }

    public async Task<EntryFence> OpenAsync(EntryOwner owner, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var command = _writer.CreateCommand();
            command.CommandText = """
                INSERT INTO epochs (owner, epoch) VALUES ($owner, 1)
                ON CONFLICT (owner) DO UPDATE SET epoch = epoch + 1
                RETURNING epoch;
                """;
            command.Parameters.AddWithValue("$owner", owner.ToString());
            return new EntryFence(owner, (long)command.ExecuteScalar()!);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<string?> GetAsync(EntryOwner owner, string collection, string key, CancellationToken cancellationToken) =>
        (await GetManyAsync(owner, collection, [key], cancellationToken))[0];

    public Task<IReadOnlyList<string?>> GetManyAsync(EntryOwner owner, string collection, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM entries WHERE owner = $owner AND collection = $collection AND sort_key = $sortKey";
        command.Parameters.AddWithValue("$owner", owner.ToString());
        command.Parameters.AddWithValue("$collection", collection);
        var sortKey = command.Parameters.Add("$sortKey", SqliteType.Text);
        var values = new string?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            sortKey.Value = ListingOrder.SortKey(keys[i]);
            values[i] = command.ExecuteScalar() as string;
        }

        return Task.FromResult<IReadOnlyList<string?>>(values);
    }

    public Task<EntryPage> ListAsync(EntryOwner owner, string collection, string? after, int limit, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sort_key FROM entries
            WHERE owner = $owner AND collection = $collection AND sort_key > $after
            ORDER BY sort_key LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$owner", owner.ToString());
        command.Parameters.AddWithValue("$collection", collection);
        command.Parameters.AddWithValue("$after", after is null ? "" : ListingOrder.SortKey(after));
        // One more than asked, to know whether more follow.
        command.Parameters.AddWithValue("$limit", (long)limit + 1);
        var keys = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                keys.Add(ListingOrder.KeyOf(reader.GetString(0)));
            }
        }

        var hasMore = keys.Count > limit;
        if (hasMore)
        {
            keys.RemoveAt(limit);
        }

        return Task.FromResult(new EntryPage(keys, hasMore));
    }

    public async Task WriteAsync(EntryFence fence, IReadOnlyList<EntryChange> changes, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction();
            using (var epoch = _writer.CreateCommand())
            {
                epoch.Transaction = transaction;
                epoch.CommandText = "SELECT epoch FROM epochs WHERE owner = $owner";
                epoch.Parameters.AddWithValue("$owner", fence.Owner.ToString());
                if (epoch.ExecuteScalar() is not long current || current != fence.Epoch)
                {
                    throw new StaleFenceException(fence);
                }
            }

            using var put = Command(transaction, "INSERT OR REPLACE INTO entries (owner, collection, sort_key, value) VALUES ($owner, $collection, $sortKey, $value)", fence.Owner);
            using var delete = Command(transaction, "DELETE FROM entries WHERE owner = $owner AND collection = $collection AND sort_key = $sortKey", fence.Owner);
            foreach (var change in changes)
            {
                var command = change.IsDelete ? delete : put;
                command.Parameters["$collection"].Value = change.Collection;
                command.Parameters["$sortKey"].Value = ListingOrder.SortKey(change.Key);
                if (!change.IsDelete)
                {
                    command.Parameters["$value"].Value = change.Value;
                }

                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _writeGate.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql, EntryOwner owner)
    {
        var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$owner", owner.ToString());
        command.Parameters.Add("$collection", SqliteType.Text);
        command.Parameters.Add("$sortKey", SqliteType.Text);
        if (sql.Contains("$value", StringComparison.Ordinal))
        {
            command.Parameters.Add("$value", SqliteType.Text);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
