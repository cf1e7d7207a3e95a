namespace OrleansRegistry.Core.IO;

/// <summary>
/// Replaces a file whole: the content is written to a temporary file beside it, which is then renamed over the
/// target (rename(2) is atomic), so readers and a crashed process see the old content or the new, never part of
/// either. When <c>durable</c>, the temporary file is flushed to disk before the rename, so that a power loss
/// cannot leave an empty or partial file in the target's place either.
/// </summary>
public static class AtomicFile
{
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, bool durable, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
        {
            await write(file, cancellationToken);
            if (durable)
            {
                file.Flush(flushToDisk: true);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
