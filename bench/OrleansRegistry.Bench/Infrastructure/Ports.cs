using System.Net;
using System.Net.Sockets;

namespace OrleansRegistry.Bench.Infrastructure;

internal static class Ports
{
    /// <summary>A TCP port nothing listens on now, on the loopback address.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
