namespace OrleansRegistry.Grains.Abstractions.Import;

/// <summary>Something of the tree an import left out, and why.</summary>
/// <param name="Repository">The repository's name as the tree spells it.</param>
/// <param name="Item">What was left out: <c>blob sha256:…</c>, <c>manifest sha256:…</c>, <c>tag latest</c>, or the repository itself.</param>
[GenerateSerializer, Immutable, Alias("ImportProblem")]
public sealed record ImportProblem([property: Id(0)] string Repository, [property: Id(1)] string Item, [property: Id(2)] string Reason);
