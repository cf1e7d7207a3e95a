namespace OrleansRegistry.Metadata;

/// <summary>One change of a batch: a value put under a key, or the key deleted (a null value).</summary>
public sealed record EntryChange(string Collection, string Key, string? Value)
{
    public static EntryChange Put(string collection, string key, string value) => new(collection, key, value);

    public static EntryChange Delete(string collection, string key) => new(collection, key, null);

    public bool IsDelete => Value is null;
}
