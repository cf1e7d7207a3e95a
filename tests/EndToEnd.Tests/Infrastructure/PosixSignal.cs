using System.Runtime.InteropServices;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Sends POSIX signals. .NET's Process.Kill only sends SIGKILL, but a graceful stop must be what a
/// service manager does: SIGTERM, which ASP.NET Core and Orleans turn into an orderly shutdown.
/// Same effect as `kill -TERM PID`, without depending on a kill binary on PATH.
/// </summary>
internal static partial class PosixSignal
{
    private const int SigTerm = 15;

    public static void Terminate(int pid)
    {
        if (Kill(pid, SigTerm) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            // ESRCH: the process is already gone, which is what we wanted anyway.
            if (errno != 3)
            {
                throw new InvalidOperationException($"kill({pid}, SIGTERM) failed with errno {errno}");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
