namespace OrleansRegistry.Metadata;

/// <summary>Whose entries these are: a kind of grain and its key, e.g. <c>repository</c> and <c>team/app</c>.</summary>
public readonly record struct EntryOwner(string Kind, string Id)
{
    public override string ToString() => $"{Kind}/{Id}";
}
