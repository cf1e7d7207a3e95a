using System.Globalization;

namespace OrleansRegistry.Bench.Infrastructure;

/// <summary>CPU time (user + system) a process has used, from /proc/PID/stat, in seconds.</summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // sysconf(_SC_CLK_TCK) is 100 on Linux

    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
