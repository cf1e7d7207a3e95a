using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions.Serialization;

/// <summary>How a <see cref="RepositoryName"/> crosses a grain call: as the text it was parsed from, parsed again on arrival.</summary>
[GenerateSerializer, Immutable, Alias("RepositoryName")]
public readonly record struct RepositoryNameSurrogate([property: Id(0)] string Value);

[RegisterConverter]
public sealed class RepositoryNameConverter : IConverter<RepositoryName, RepositoryNameSurrogate>
{
    public RepositoryName ConvertFromSurrogate(in RepositoryNameSurrogate surrogate) => RepositoryName.Parse(surrogate.Value);

    public RepositoryNameSurrogate ConvertToSurrogate(in RepositoryName value) => new(value.Value);
}
