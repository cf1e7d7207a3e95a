namespace OrleansRegistry.Grains.Blobs;

internal sealed class BlobGrain(
    [PersistentState("blob", GrainStorageNames.Registry)] IPersistentState<BlobState> state) : Grain, IBlobGrain
{
    public async Task RegisterAsync(long size)
    {
        if (state.State.Size != size)
        {
            state.State.Size = size;
            await state.WriteStateAsync();
        }
    }

    public Task<long?> GetSizeAsync() => Task.FromResult(state.State.Size);

    public async Task AddLinkAsync(string repository)
    {
        if (state.State.Links.Add(repository))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveLinkAsync(string repository)
    {
        if (state.State.Links.Remove(repository))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetLinksAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Links.ToList());
}
