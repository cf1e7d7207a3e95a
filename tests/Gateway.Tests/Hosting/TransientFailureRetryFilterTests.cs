using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansRegistry.Gateway.Hosting;
using Orleans.Serialization.Invocation;

namespace OrleansRegistry.Gateway.Tests.Hosting;

/// <summary>
/// A registry grain call that fails because a silo went away is repeated; a call to an Orleans system target is
/// not, so that the client's own failover for it moves on to another silo at once.
/// </summary>
public sealed class TransientFailureRetryFilterTests
{
    private readonly TransientFailureRetryFilter _filter = new(NullLogger<TransientFailureRetryFilter>.Instance);

    [Fact]
    public async Task Registry_grain_call_that_fails_once_for_a_gone_silo_is_repeated_and_succeeds()
    {
        var call = new FailingCall(GrainId.Create("repository", "library/app"), failures: 1);

        await _filter.Invoke(call);

        Assert.Equal(2, call.Attempts);
    }

    [Fact]
    public async Task Registry_grain_call_that_fails_for_a_bad_request_is_not_repeated()
    {
        var call = new FailingCall(GrainId.Create("repository", "library/app"), failures: 1, new InvalidOperationException("not transient"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _filter.Invoke(call));

        Assert.Equal(1, call.Attempts);
    }

    [Fact]
    public async Task System_target_call_that_fails_for_a_gone_silo_fails_at_once()
    {
        var manifest = SystemTargetGrainId.Create(GrainType.Create("sys.svc.manifest"), SiloAddress.New(System.Net.IPAddress.Loopback, 30000, 0)).GrainId;
        var call = new FailingCall(manifest, failures: 1);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => _filter.Invoke(call));

        Assert.Equal(1, call.Attempts);
    }

    private sealed class FailingCall(GrainId target, int failures, Exception? failure = null) : IOutgoingGrainCallContext
    {
        public int Attempts { get; private set; }

        public GrainId TargetId => target;

        public string MethodName => "Call";

        public Task Invoke() =>
            ++Attempts <= failures ? Task.FromException(failure ?? new SiloUnavailableException("gone")) : Task.CompletedTask;

        public IInvokable Request => throw new NotSupportedException();
        public object Grain => throw new NotSupportedException();
        public GrainId? SourceId => null;
        public GrainInterfaceType InterfaceType => default;
        public string InterfaceName => "IRegistryGrain";
        public MethodInfo InterfaceMethod => throw new NotSupportedException();
        public object? Result { get; set; }
        public Response? Response { get; set; }
        public IGrainContext? SourceContext => null;
    }
}
