namespace OrleansRegistry.Grains.Abstractions;

/// <summary>A page of a sorted list; <see cref="HasMore"/> says whether entries follow the last one.</summary>
[GenerateSerializer, Immutable, Alias("Page`1")]
public sealed record Page<T>([property: Id(0)] IReadOnlyList<T> Items, [property: Id(1)] bool HasMore);
