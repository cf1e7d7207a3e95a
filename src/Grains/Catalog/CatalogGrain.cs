namespace OrleansRegistry.Grains.Catalog;

internal sealed class CatalogGrain(
    [PersistentState("catalog", GrainStorageNames.Registry)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Deserialized sets compare by the default comparer; listings follow the spec's lexical order.
        state.State.Repositories = new SortedSet<string>(state.State.Repositories, LexicalOrder.Instance);
        return Task.CompletedTask;
    }

    public async Task AddAsync(string repository)
    {
        if (state.State.Repositories.Add(repository))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<Page> ListAsync(string? last, int limit) =>
        Task.FromResult(SortedPaging.PageAfter(state.State.Repositories, last, limit));
}
