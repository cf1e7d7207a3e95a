using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OrleansRegistry.Bench.Infrastructure;

namespace OrleansRegistry.Bench;

/// <summary>What the numbers were measured on.</summary>
public static class Machine
{
    public static IEnumerable<(string Name, string Value)> Describe()
    {
        var cpuinfo = Read("/proc/cpuinfo");
        var model = cpuinfo.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var shaNi = cpuinfo.Split('\n').Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Split(' ').Contains("sha_ni"));
        var memTotal = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            ?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memory = long.TryParse(memTotal, CultureInfo.InvariantCulture, out var kb) ? $"{kb / 1048576.0:0.0} GiB" : "unknown";
        yield return ("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        yield return ("CPU", $"{model}, {Environment.ProcessorCount} cores, SHA-NI {(shaNi ? "yes" : "no")}");
        yield return ("memory", memory);
        yield return ("OS", RuntimeInformation.OSDescription);
        yield return (".NET", RuntimeInformation.FrameworkDescription);
        yield return ("load average at start", LoadAverage());
    }

    public static string LoadAverage() => string.Join(' ', Read("/proc/loadavg").Split(' ').Take(3));

    /// <summary>SHA-256 throughput of this process with the platform's implementation (OpenSSL on Linux), MB/s.</summary>
    public static double NativeSha256(long bytes)
    {
        var buffer = new byte[1 << 20];
        Random.Shared.NextBytes(buffer);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Warm-up, then the measured pass.
        for (var i = 0; i < 16; i++)
        {
            hash.AppendData(buffer);
        }

        hash.GetHashAndReset();
        var clock = Stopwatch.StartNew();
        for (long done = 0; done < bytes; done += buffer.Length)
        {
            hash.AppendData(buffer);
        }

        hash.GetHashAndReset();
        return bytes / 1e6 / clock.Elapsed.TotalSeconds;
    }

    /// <summary><c>openssl speed</c> for 1 MiB blocks, MB/s, when openssl is installed.</summary>
    public static async Task<double?> OpenSslSpeedAsync()
    {
        try
        {
            var (code, output) = await Shell.RunAsync("openssl", ["speed", "-seconds", "2", "-bytes", "1048576", "sha256"], check: false);
            var line = output.Split('\n').LastOrDefault(l => l.StartsWith("sha256", StringComparison.Ordinal));
            var value = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.TrimEnd('k');
            return code == 0 && double.TryParse(value, CultureInfo.InvariantCulture, out var kbps) ? kbps / 1000 : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            return null;
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
