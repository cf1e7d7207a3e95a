using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>
/// A grain's refusal, carried across grain calls as the spec's error code so that the gateway answers it as such.
/// </summary>
[GenerateSerializer, Alias("RegistryGrainException")]
public sealed class RegistryGrainException : Exception
{
    /// <param name="clientMessage">
    /// The error's <c>message</c> where the reason must reach the user (clients show <c>code: message</c> and drop
    /// <c>detail</c>), instead of the code's usual words.
    /// </param>
    public RegistryGrainException(RegistryErrorCode error, string? detail = null, int? status = null, string? clientMessage = null)
        : base(detail is null ? error.Message : $"{error.Message}: {detail}")
    {
        Error = error;
        Detail = detail;
        Status = status ?? (int)error.Status;
        ClientMessage = clientMessage;
    }

    [Id(0)]
    public RegistryErrorCode Error { get; private set; }

    [Id(1)]
    public string? Detail { get; private set; }

    /// <summary>The HTTP status; a few refusals are answered with another status than their code's usual one.</summary>
    [Id(2)]
    public int Status { get; private set; }

    [Id(3)]
    public string? ClientMessage { get; private set; }
}
