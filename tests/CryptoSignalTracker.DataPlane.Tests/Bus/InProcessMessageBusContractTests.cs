using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;

namespace CryptoSignalTracker.DataPlane.Tests.Bus;

/// <summary>The IMessageBus contract on the in-process channel bus.</summary>
public sealed class InProcessMessageBusContractTests : MessageBusContractTests
{
    /// <inheritdoc />
    protected override Task<IMessageBus> CreateBusAsync() => Task.FromResult<IMessageBus>(new InProcessMessageBus());
}
