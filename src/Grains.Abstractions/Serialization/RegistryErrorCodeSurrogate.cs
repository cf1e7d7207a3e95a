using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Grains.Abstractions.Serialization;

/// <summary>How a <see cref="RegistryErrorCode"/> crosses a grain call: as its code, the spec's name for it.</summary>
[GenerateSerializer, Immutable, Alias("RegistryErrorCode")]
public readonly record struct RegistryErrorCodeSurrogate([property: Id(0)] string Value);

[RegisterConverter]
public sealed class RegistryErrorCodeConverter : IConverter<RegistryErrorCode, RegistryErrorCodeSurrogate>
{
    public RegistryErrorCode ConvertFromSurrogate(in RegistryErrorCodeSurrogate surrogate) => RegistryErrorCode.FromCode(surrogate.Value);

    public RegistryErrorCodeSurrogate ConvertToSurrogate(in RegistryErrorCode value) => new(value.Code);
}
