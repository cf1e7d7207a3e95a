namespace OrleansRegistry.Grains.Abstractions.Retention;

[GenerateSerializer, Alias("RetirementReason")]
public enum RetirementReason
{
    /// <summary>More recently pushed tags fill the policy's <c>KeepLast</c>.</summary>
    KeepLast,

    /// <summary>Pushed longer ago than the policy's <c>DeleteOlderThan</c>.</summary>
    DeleteOlderThan,
}
