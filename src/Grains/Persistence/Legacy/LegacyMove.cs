namespace OrleansRegistry.Grains.Persistence.Legacy;

/// <summary>
/// Moves a grain's state from the sharded layout into its entries, once, crash-safely: the entries are written in
/// batches and the layout marker only with the last, so a move that is interrupted is repeated in full by the next
/// activation (puts of the same values change nothing); the old states are cleared only after the marker.
/// </summary>
internal static class LegacyMove
{
    private const int BatchSize = 500;

    public static async Task WriteAsync(GrainEntries entries, IReadOnlyList<Metadata.EntryChange> changes)
    {
        var batches = changes.Chunk(BatchSize).ToList();
        for (var i = 0; i < batches.Count; i++)
        {
            await entries.WriteAsync(batches[i], markLayout: i == batches.Count - 1);
        }

        if (batches.Count == 0)
        {
            await entries.WriteAsync([]);
        }
    }
}
