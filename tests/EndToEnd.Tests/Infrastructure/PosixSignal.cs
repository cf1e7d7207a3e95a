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
    private const int SigStop = 19;
    private const int SigCont = 18;

    public static void Terminate(int pid) => Send(pid, SigTerm, "SIGTERM");

    /// <summary>Freezes a process: its sockets stay open and nothing answers, as with a hung server.</summary>
    public static void Stop(int pid) => Send(pid, SigStop, "SIGSTOP");

    public static void Continue(int pid) => Send(pid, SigCont, "SIGCONT");

    private static void Send(int pid, int signal, string name)
    {
        if (Kill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            // ESRCH: the process is already gone, which is what a SIGTERM wanted anyway.
            if (errno != 3 || signal != SigTerm)
            {
                throw new InvalidOperationException($"kill({pid}, {name}) failed with errno {errno}");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
