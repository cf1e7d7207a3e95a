using System.Net;
using System.Net.Sockets;

namespace OrleansRegistry.ServiceDefaults;

/// <summary>
/// Section <c>Registry:Cluster</c>: how silos and gateways of a cluster find each other (Redis membership) and
/// where a silo listens.
/// </summary>
public sealed class RegistryClusterOptions
{
    public const string Section = "Registry:Cluster";

    /// <summary>StackExchange.Redis connection string for membership, grain state and reminders.</summary>
    public string? Redis { get; set; }

    public string ClusterId { get; set; } = "orleans-registry";

    public string ServiceId { get; set; } = "orleans-registry";

    /// <summary>The address other silos and gateways reach this silo at; defaults to this host's first IPv4 address.</summary>
    public string? AdvertisedAddress { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// How long a silo may miss probes before it is declared dead. Orleans defaults take 12 to 19 s to fail
    /// over after a crash; a registry wants seconds (see docs/deployment.md).
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public int NumMissedProbesLimit { get; set; } = 2;

    public int NumVotesForDeathDeclaration { get; set; } = 1;

    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a silo writes that it is alive to the membership table. A joining silo waits for every silo listed
    /// active to answer unless that silo has missed two of these writes, so after a restart of the whole cluster in
    /// which a silo does not come back, this bounds how long the others take to join: Orleans' 30 s default kept a
    /// cluster unavailable for 40 to 90 s.
    /// </summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a silo keeps a gateway (an Orleans client) whose connections closed before it drops it. A gateway
    /// that died is noticed this long after its death: its upload sessions then free the uploads it was writing
    /// (see <c>IUploadWriter</c>) instead of waiting for the write lease to lapse. Orleans' default of a minute lets
    /// a client that lost its connection reconnect and still receive the answers queued for it; a gateway whose
    /// answers were dropped retries the grain call instead (every grain call may be repeated).
    /// </summary>
    public TimeSpan ClientDropTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a gateway re-reads the silos from the membership (Orleans' default is a minute): a restarted silo
    /// takes gateway calls, and a dead one stops getting them, at most this long after the membership says so.
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a gateway waits for a grain call. A call caught by a silo crash fails after this and is retried
    /// (every grain call may be repeated), so it bounds how long a request can hang on a dead silo.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IPAddress ResolveAdvertisedAddress()
    {
        if (AdvertisedAddress is { Length: > 0 } configured)
        {
            return IPAddress.Parse(configured);
        }

        return Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
