using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>
/// A grain's refusal, carried across grain calls as the spec's error code so that the gateway answers it as such.
/// </summary>
[GenerateSerializer, Alias("RegistryGrainException")]
public sealed class RegistryGrainException : Exception
{
    public RegistryGrainException(RegistryErrorCode error, string? detail = null, int? status = null)
        : base(detail is null ? error.Message : $"{error.Message}: {detail}")
    {
        Code = error.Code;
        Detail = detail;
        Status = status ?? (int)error.Status;
    }

    [Id(0)]
    public string Code { get; private set; }

    [Id(1)]
    public string? Detail { get; private set; }

    [Id(2)]
    public int Status { get; private set; }
}
