using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Grains.Abstractions.Serialization;

/// <summary>How a <see cref="Digest"/> crosses a grain call: as the text it was parsed from, parsed again on arrival.</summary>
[GenerateSerializer, Immutable, Alias("Digest")]
public readonly record struct DigestSurrogate([property: Id(0)] string Value);

[RegisterConverter]
public sealed class DigestConverter : IConverter<Digest, DigestSurrogate>
{
    public Digest ConvertFromSurrogate(in DigestSurrogate surrogate) => Digest.Parse(surrogate.Value);

    public DigestSurrogate ConvertToSurrogate(in Digest value) => new(value.ToString());
}
