using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Uploads;

/// <summary>
/// Deletes uploads nobody finished: it lists what storage has staged, so that it also finds staged bytes whose
/// session is gone, and lets each session decide whether it is idle.
/// </summary>
internal sealed class UploadExpiry(
    IBlobStore store,
    IGrainFactory grains,
    IOptions<UploadOptions> options,
    TimeProvider time,
    ILogger<UploadExpiry> logger)
{
    internal async Task<int> ExpireIdleUploadsAsync(CancellationToken cancellationToken)
    {
        var idleTimeout = options.Value.IdleTimeout;
        var expired = 0;
        await foreach (var upload in store.ListUploadsAsync(cancellationToken))
        {
            if (upload.LastModified + idleTimeout > time.GetUtcNow())
            {
                continue;
            }

            if (!UploadId.TryParse(upload.UploadId, out var uploadId))
            {
                continue;
            }

            if (await grains.UploadSession(uploadId).ExpireIfIdleAsync(idleTimeout))
            {
                // Also removes staged bytes whose session state was lost.
                await store.AbortUploadAsync(upload.Token, cancellationToken);
                expired++;
            }
        }

        if (expired > 0)
        {
            logger.LogInformation("Expired {Count} idle uploads", expired);
        }

        return expired;
    }
}
