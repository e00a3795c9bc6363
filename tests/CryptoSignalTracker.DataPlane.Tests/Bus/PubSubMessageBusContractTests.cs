using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.PubSub;

namespace CryptoSignalTracker.DataPlane.Tests.Bus;

/// <summary>The IMessageBus contract on Pub/Sub, against the real emulator.</summary>
public sealed class PubSubMessageBusContractTests : MessageBusContractTests
{
    private PubSubTestContext? _context;

    /// <inheritdoc />
    protected override Task<IMessageBus> CreateBusAsync()
    {
        _context = PubSubTestContext.Create();
        return Task.FromResult<IMessageBus>(_context.CreateBus());
    }

    /// <inheritdoc />
    protected override Task DisposeImplementationAsync()
    {
        _context?.Dispose();
        return Task.CompletedTask;
    }
}
