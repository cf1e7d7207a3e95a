namespace OrleansRegistry.Grains.Abstractions;

/// <summary>A page of a sorted list; <see cref="HasMore"/> says whether entries follow the last one.</summary>
[GenerateSerializer, Immutable, Alias("Page")]
public sealed record Page([property: Id(0)] IReadOnlyList<string> Items, [property: Id(1)] bool HasMore);
