namespace OrleansRegistry.Grains;

/// <summary>
/// The order of tag and repository listings: the spec's lexical, case-insensitive order, with an ordinal
/// tie-break so that names differing only in case are distinct and always listed in the same order.
/// </summary>
internal sealed class LexicalOrder : IComparer<string>
{
    public static readonly LexicalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var ignoringCase = StringComparer.OrdinalIgnoreCase.Compare(x, y);
        return ignoringCase != 0 ? ignoringCase : StringComparer.Ordinal.Compare(x, y);
    }
}
