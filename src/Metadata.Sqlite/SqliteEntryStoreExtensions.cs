using Microsoft.Extensions.DependencyInjection;

namespace OrleansRegistry.Metadata.Sqlite;

public static class SqliteEntryStoreExtensions
{
    /// <summary>Grain metadata in the SQLite database at <paramref name="databasePath"/>, created where missing.</summary>
    public static IServiceCollection AddSqliteEntryStore(this IServiceCollection services, string databasePath) =>
        services.AddSingleton<IEntryStore>(_ => new SqliteEntryStore(databasePath));
}
