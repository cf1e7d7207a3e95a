namespace OrleansRegistry.Grains.Collection;

/// <summary>The collector's reminder, which every silo makes sure of at start.</summary>
[Alias("ICollectorScheduleGrain")]
public interface ICollectorScheduleGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder, or removes it where background runs are off; idempotent.</summary>
    [Alias("Schedule")]
    Task ScheduleAsync();
}
