namespace OrleansRegistry.Metadata;

/// <summary>A page of keys in listing order; <see cref="HasMore"/> says whether keys follow the last one.</summary>
public sealed record EntryPage(IReadOnlyList<string> Keys, bool HasMore);
