using Microsoft.Extensions.Options;

namespace OrleansRegistry.Grains.Uploads;

internal sealed class UploadJanitorGrain(UploadExpiry expiry, IOptions<UploadOptions> options) : Grain, IUploadJanitorGrain, IRemindable
{
    private const string ReminderName = "expire-idle-uploads";

    public async Task StartAsync()
    {
        var interval = options.Value.ExpiryScanInterval;
        await this.RegisterOrUpdateReminder(ReminderName, interval, interval);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? expiry.ExpireIdleUploadsAsync(CancellationToken.None) : Task.CompletedTask;
}
