using System.Net;
using System.Net.Sockets;

namespace OrleansRegistry.TestKit;

public static class LoopbackPort
{
    /// <summary>
    /// A free loopback port: the kernel picks one for port 0, and it is released right away for a child process
    /// to bind. The tiny race is acceptable on a test machine.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
