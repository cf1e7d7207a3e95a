using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace OrleansRegistry.Grains.Hosting;

/// <summary>
/// Makes sure a cluster-wide reminder (the upload janitor's, the collector's) exists once this silo is active,
/// retrying in the background until it does.
/// A silo that replaces its crashed predecessor on the same address can, for a few seconds, still route grain calls
/// to that predecessor (Orleans answers "the target silo is no longer active"); a failed first attempt must neither
/// stop the silo nor leave the work of the reminder undone.
/// </summary>
internal sealed class ReminderRegistration : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Func<CancellationToken, Task> _ensureReminder;
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _stopping = new();
    private Task _registration = Task.CompletedTask;

    private readonly string _reminder;

    public ReminderRegistration(string reminder, Func<CancellationToken, Task> ensureReminder, TimeProvider time, ILogger<ReminderRegistration> logger)
    {
        _reminder = reminder;
        _ensureReminder = ensureReminder;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(30),
                OnRetry = retry =>
                {
                    logger.LogWarning(retry.Outcome.Exception, "Registering the {Reminder} reminder failed (attempt {Attempt}); retrying in {Delay}",
                        reminder, retry.AttemptNumber + 1, retry.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(ReminderRegistration)}:{_reminder}", ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _registration = _retry.ExecuteAsync(async token => await _ensureReminder(token), _stopping.Token).AsTask();
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _registration.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping before the reminder was registered: the next silo to start registers it.
        }
    }
}
