namespace OrleansRegistry.Grains.Abstractions.Retention;

/// <summary>
/// Runs the retention policies over the repositories they name, one per cluster: in the background on a reminder
/// (for the rules of time: tags too old, tags no longer pulled) and on demand. Each repository decides, as the single
/// writer of its tags, which of them go. A push applies <c>KeepLast</c> by itself, so runs only catch up.
/// </summary>
[Alias("IRetentionGrain")]
public interface IRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Starts a run unless one is running, and answers at once with the status of the run that is.</summary>
    [Alias("Run")]
    Task<RetentionStatus> RunAsync(RetentionRequest request);

    [Alias("GetStatus")]
    Task<RetentionStatus> GetStatusAsync();
}
