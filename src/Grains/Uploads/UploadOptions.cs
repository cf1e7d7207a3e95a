using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains.Uploads;

/// <summary>Section <c>Registry:Uploads</c>.</summary>
public sealed class UploadOptions
{
    public const string Section = "Registry:Uploads";

    /// <summary>An upload with no accepted chunk for this long is deleted with its staged bytes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often staged uploads are checked for expiry.</summary>
    public TimeSpan ExpiryScanInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A chunk's writer holds a lease for this long unless it renews it; a writer that died loses its lease after
    /// this, and the upload can go on at another gateway.
    /// </summary>
    public TimeSpan WriteLeaseTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
