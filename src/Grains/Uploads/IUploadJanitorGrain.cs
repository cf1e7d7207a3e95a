namespace OrleansRegistry.Grains.Uploads;

/// <summary>
/// Runs the expiry of idle uploads on a reminder, once for the whole cluster rather than once per silo.
/// </summary>
[Alias("IUploadJanitorGrain")]
public interface IUploadJanitorGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder; every silo calls it at start, and it is idempotent.</summary>
    [Alias("Start")]
    Task StartAsync();
}
