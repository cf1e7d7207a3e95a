using System.Globalization;

namespace OrleansRegistry.Bench.Infrastructure;

/// <summary>
/// Resident memory of a process from /proc/PID/status: VmRSS now, VmHWM (the peak) since the last
/// <see cref="ResetPeak"/>. Also sampled every 20 ms while a workload runs, in case the peak cannot be reset.
/// </summary>
public sealed class ProcessMemory : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _maxSampled;

    private ProcessMemory(int pid)
    {
        _pid = pid;
        var peakReset = ResetPeak(pid);
        PeakResetWorked = peakReset;
        _sampling = Task.Run(SampleAsync);
    }

    public bool PeakResetWorked { get; }

    /// <summary>Starts watching a process: resets its peak and samples its RSS until disposed.</summary>
    public static ProcessMemory Watch(int pid) => new(pid);

    /// <summary>The highest resident set size seen, in bytes: VmHWM when it could be reset, else the sampled maximum.</summary>
    public long PeakBytes()
    {
        var (_, hwm) = Read(_pid);
        return PeakResetWorked ? Math.Max(hwm, Volatile.Read(ref _maxSampled)) : Volatile.Read(ref _maxSampled);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    /// <summary>Writes 5 to /proc/PID/clear_refs, which resets VmHWM to the current RSS (Linux 4.0+).</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>(VmRSS, VmHWM) in bytes; zeros when the process is gone.</summary>
    public static (long Rss, long Hwm) Read(int pid)
    {
        long rss = 0, hwm = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return (rss, hwm);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var (rss, _) = Read(_pid);
            if (rss > _maxSampled)
            {
                Volatile.Write(ref _maxSampled, rss);
            }

            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
