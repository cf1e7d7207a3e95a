using StackExchange.Redis;

namespace OrleansRegistry.Metadata.Redis;

/// <summary>
/// Entries in Redis: per owner and collection, a hash from key to value and a sorted set of sort keys (all scored 0,
/// so Redis orders them bytewise and <c>ZRANGEBYLEX</c> pages them). A get is <c>HGET</c>, a page a range of the
/// sorted set, a batch one Lua script, which Redis runs atomically.
/// </summary>
/// <remarks>
/// Every key of an owner carries the owner in braces, Redis Cluster's hash tag, so an owner's keys share a slot and
/// one script may touch them all. The script first compares the owner's epoch with the writer's fence, so a stale
/// activation changes nothing. Durability is Redis's: run it with an append-only file (docs/deployment.md).
/// </remarks>
public sealed class RedisEntryStore(IConnectionMultiplexer redis, string keyPrefix) : IEntryStore
{
    private const string WriteScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return redis.error_reply('STALE')
        end
        local k = 2
        for a = 2, #ARGV, 4 do
          if ARGV[a] == 'P' then
            redis.call('HSET', KEYS[k], ARGV[a + 1], ARGV[a + 3])
            redis.call('ZADD', KEYS[k + 1], 0, ARGV[a + 2])
          else
            redis.call('HDEL', KEYS[k], ARGV[a + 1])
            redis.call('ZREM', KEYS[k + 1], ARGV[a + 2])
          end
          k = k + 2
        end
        return 1
        """;

    private IDatabase Database => redis.GetDatabase();

    public async Task<EntryFence> OpenAsync(EntryOwner owner, CancellationToken cancellationToken) =>
        new(owner, await ReachAsync(() => Database.StringIncrementAsync(EpochKey(owner))));

    public async Task<string?> GetAsync(EntryOwner owner, string collection, string key, CancellationToken cancellationToken) =>
        await ReachAsync(() => Database.HashGetAsync(ValuesKey(owner, collection), key));

    public async Task<IReadOnlyList<string?>> GetManyAsync(EntryOwner owner, string collection, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var values = await ReachAsync(() => Database.HashGetAsync(ValuesKey(owner, collection), keys.Select(key => (RedisValue)key).ToArray()));
        return values.Select(value => (string?)value).ToList();
    }

    public async Task<EntryPage> ListAsync(EntryOwner owner, string collection, string? after, int limit, CancellationToken cancellationToken)
    {
        // One more than asked, to know whether more follow.
        var members = await ReachAsync(() => Database.SortedSetRangeByValueAsync(
            OrderKey(owner, collection),
            min: after is null ? RedisValue.Null : ListingOrder.SortKey(after),
            max: RedisValue.Null,
            exclude: Exclude.Start,
            order: Order.Ascending,
            skip: 0,
            take: limit + 1L));
        var keys = members.Take(limit).Select(member => ListingOrder.KeyOf(member!)).ToList();
        return new EntryPage(keys, members.Length > limit);
    }

    public async Task WriteAsync(EntryFence fence, IReadOnlyList<EntryChange> changes, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[1 + 2 * changes.Count];
        var arguments = new RedisValue[1 + 4 * changes.Count];
        keys[0] = EpochKey(fence.Owner);
        arguments[0] = fence.Epoch;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            keys[1 + 2 * i] = ValuesKey(fence.Owner, change.Collection);
            keys[2 + 2 * i] = OrderKey(fence.Owner, change.Collection);
            arguments[1 + 4 * i] = change.IsDelete ? "D" : "P";
            arguments[2 + 4 * i] = change.Key;
            arguments[3 + 4 * i] = ListingOrder.SortKey(change.Key);
            arguments[4 + 4 * i] = change.Value ?? "";
        }

        try
        {
            await ReachAsync(() => Database.ScriptEvaluateAsync(WriteScript, keys, arguments));
        }
        catch (RedisServerException e) when (e.Message.Contains("STALE", StringComparison.Ordinal))
        {
            throw new StaleFenceException(fence);
        }
    }

    /// <summary>A Redis that cannot be reached or does not answer in time is a failure to retry later.</summary>
    private static async Task<T> ReachAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            throw new MetadataUnavailableException($"the metadata store (Redis) is unavailable: {e.Message}", e);
        }
    }

    private string EpochKey(EntryOwner owner) => $"{keyPrefix}{{{owner}}}/epoch";

    private string ValuesKey(EntryOwner owner, string collection) => $"{keyPrefix}{{{owner}}}/values/{collection}";

    private string OrderKey(EntryOwner owner, string collection) => $"{keyPrefix}{{{owner}}}/order/{collection}";
}
