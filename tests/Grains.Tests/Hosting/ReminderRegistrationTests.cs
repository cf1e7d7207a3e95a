using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrleansRegistry.Grains.Hosting;

namespace OrleansRegistry.Grains.Tests.Hosting;

/// <summary>
/// A silo registers a cluster-wide reminder in the background once active: a failure neither stops the silo nor is
/// final. Time is a fake clock, advanced past each backoff.
/// </summary>
public sealed class ReminderRegistrationTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLifecycle _lifecycle = new();

    [Fact]
    public async Task Active_silo_whose_first_attempts_fail_keeps_trying_until_the_reminder_is_registered()
    {
        var attempts = new AttemptLog(failuresBeforeSuccess: 3);
        Register(attempts.EnsureAsync);

        await _lifecycle.Observer.OnStart(CancellationToken.None);
        await attempts.WaitForAsync(1);
        for (var expected = 2; expected <= 4; expected++)
        {
            await AdvanceUntilAsync(attempts, expected);
        }

        _time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(50);
        Assert.Equal(4, attempts.Count);
        await _lifecycle.Observer.OnStop(CancellationToken.None);
    }

    [Fact]
    public async Task Start_of_the_silo_does_not_wait_for_the_registration()
    {
        var attempts = new AttemptLog(failuresBeforeSuccess: int.MaxValue);
        Register(attempts.EnsureAsync);

        var start = _lifecycle.Observer.OnStart(CancellationToken.None);

        Assert.True(start.IsCompletedSuccessfully);
        await attempts.WaitForAsync(1);
        await _lifecycle.Observer.OnStop(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_silo_ends_the_retries()
    {
        var attempts = new AttemptLog(failuresBeforeSuccess: int.MaxValue);
        Register(attempts.EnsureAsync);
        await _lifecycle.Observer.OnStart(CancellationToken.None);
        await attempts.WaitForAsync(1);

        await _lifecycle.Observer.OnStop(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(50);

        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public void Registration_joins_the_lifecycle_when_the_silo_becomes_active()
    {
        Register(_ => Task.CompletedTask);

        Assert.Equal(ServiceLifecycleStage.Active, _lifecycle.Stage);
    }

    /// <summary>
    /// Advances the clock past a backoff until the next attempt is made. An attempt is counted before its retry
    /// loop sets its next timer, so one advance can come too early and go unseen; it is repeated then. The fourth
    /// attempt succeeds and ends the loop, so advancing too far adds no attempt.
    /// </summary>
    private async Task AdvanceUntilAsync(AttemptLog attempts, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (attempts.Count < count)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(20, timeout.Token);
        }
    }

    private void Register(Func<CancellationToken, Task> ensureReminder) =>
        new ReminderRegistration("test", ensureReminder, _time, NullLogger<ReminderRegistration>.Instance).Participate(_lifecycle);

    /// <summary>Counts attempts and fails the first ones as a call to a silo that is gone fails.</summary>
    private sealed class AttemptLog(int failuresBeforeSuccess)
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task EnsureAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _count) <= failuresBeforeSuccess
                ? Task.FromException(new SiloUnavailableException("The target silo is no longer active"))
                : Task.CompletedTask;

        public async Task WaitForAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (Count < count)
            {
                await Task.Delay(5, timeout.Token);
            }
        }
    }

    private sealed class RecordingLifecycle : ISiloLifecycle
    {
        public ILifecycleObserver Observer { get; private set; } = null!;

        public int Stage { get; private set; }

        public int HighestCompletedStage => Stage;

        public int LowestStoppedStage => Stage;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            Stage = stage;
            Observer = observer;
            return new CancellationTokenSource();
        }
    }
}
