namespace OrleansRegistry.Silo.Operations;

/// <summary>
/// <c>GET /silos</c>: every silo the cluster's membership lists, newest first, with its status, so that an operator
/// sees whether a restarted silo has joined (Active) and which ones the cluster declared Dead.
/// </summary>
internal static class ClusterSilos
{
    public static async Task<IResult> ListAsync(IGrainFactory grains, ILocalSiloDetails local)
    {
        var entries = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return Results.Ok(entries
            .OrderByDescending(entry => entry.StartTime)
            .Select(entry => new SiloEntry(
                entry.SiloAddress.ToParsableString(),
                entry.SiloName,
                entry.HostName,
                entry.Status.ToString(),
                entry.StartTime,
                entry.IAmAliveTime,
                entry.SiloAddress.Equals(local.SiloAddress))));
    }

    /// <param name="Address">Silo-to-silo endpoint and generation, as Redis membership keys it (<c>ip:port@generation</c>).</param>
    /// <param name="LastAlive">The last time the silo wrote that it is alive (<c>Registry:Cluster:IAmAliveTablePublishTimeout</c>).</param>
    /// <param name="Self">Whether this is the silo that answered.</param>
    internal sealed record SiloEntry(string Address, string Name, string Host, string Status, DateTime Started, DateTime LastAlive, bool Self);
}
