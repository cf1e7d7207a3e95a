namespace OrleansRegistry.Grains.Retention;

/// <summary>The retention runner's reminder, which every silo makes sure of at start.</summary>
[Alias("IRetentionScheduleGrain")]
public interface IRetentionScheduleGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder, or removes it where background runs are off or no policy is set; idempotent.</summary>
    [Alias("Schedule")]
    Task ScheduleAsync();
}
