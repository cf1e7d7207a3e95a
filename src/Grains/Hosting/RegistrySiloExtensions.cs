using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Collection;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Quotas;
using OrleansRegistry.Grains.Retention;
using OrleansRegistry.Grains.Uploads;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Hosting;

public static class RegistrySiloExtensions
{
    /// <summary>
    /// What every silo needs to host the registry's grains: the expiry of idle uploads, the garbage collector's
    /// and the retention policies' schedules, and the error filter. The
    /// storage driver (an <see cref="IBlobStore"/>), grain storage named <see cref="GrainStorageNames.Registry"/> and
    /// the reminder service are the host's choice.
    /// </summary>
    public static ISiloBuilder AddRegistryGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<UploadOptions>().Bind(configuration.GetSection(UploadOptions.Section)).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<UploadOptions>, UploadOptionsValidator>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<CollectionOptions>().Bind(configuration.GetSection(CollectionOptions.Section)).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<CollectionOptions>, CollectionOptionsValidator>();
        silo.Services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        silo.Services.AddSingleton<RetentionPolicies>();
        silo.Services.AddOptions<QuotaOptions>().Bind(configuration.GetSection(QuotaOptions.Section)).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>();
        silo.Services.AddSingleton<QuotaLimits>();
        silo.Services.AddSingleton<UploadExpiry>();
        // Every silo makes sure the reminders exist; the reminder service keeps one of each per cluster.
        AddReminder(silo, "upload expiry", grains => grains.GetGrain<IUploadJanitorGrain>(0).StartAsync());
        AddReminder(silo, "garbage collection", grains => grains.GetGrain<ICollectorScheduleGrain>(0).ScheduleAsync());
        AddReminder(silo, "retention", grains => grains.GetGrain<IRetentionScheduleGrain>(0).ScheduleAsync());
        silo.AddIncomingGrainCallFilter<GrainExceptionFilter>();
        return silo;
    }

    private static void AddReminder(ISiloBuilder silo, string name, Func<IGrainFactory, Task> ensure) =>
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => new ReminderRegistration(
            name,
            _ => ensure(services.GetRequiredService<IGrainFactory>()),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<ReminderRegistration>>()));

    /// <summary>Grain state as files under <paramref name="grainStateDirectory"/>: the embedded registry's storage.</summary>
    public static ISiloBuilder AddRegistryFileGrainStorage(this ISiloBuilder silo, string grainStateDirectory)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Registry, (_, _) => new FileGrainStorage(grainStateDirectory, transientStates: new HashSet<string> { GrainStorageNames.UploadSessionState }));
        // A single silo's reminders need no store: the janitor registers its reminder again at every start.
        silo.UseInMemoryReminderService();
        return silo;
    }
}
