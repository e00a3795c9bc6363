namespace CryptoSignalTracker.Hosting.Tests;

public sealed class FunctionTargetTests
{
    [Fact]
    public void Resolve_SeveralCandidatesWithoutTarget_ThrowsListingThem()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FunctionTarget.Resolve(typeof(EchoFunction).Assembly, null));
        Assert.Contains(typeof(EchoFunction).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(RecordingFunction).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.Contains("FUNCTION_TARGET", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EchoFunction")]
    [InlineData("CryptoSignalTracker.Hosting.Tests.EchoFunction")]
    public void Resolve_TargetBySimpleOrFullName_FindsIt(string target) =>
        Assert.Equal(typeof(EchoFunction), FunctionTarget.Resolve(typeof(EchoFunction).Assembly, target));

    [Fact]
    public void Resolve_TargetThatIsNotAFunction_ThrowsNamingIt()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FunctionTarget.Resolve(typeof(EchoFunction).Assembly, "CryptoSignalTracker.Hosting.Tests.Received"));
        Assert.Contains("does not implement", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownTarget_ThrowsListingCandidates()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FunctionTarget.Resolve(typeof(EchoFunction).Assembly, "Nope"));
        Assert.Contains("'Nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EchoFunction", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AssemblyWithoutFunctions_Throws() =>
        Assert.Throws<InvalidOperationException>(() => FunctionTarget.Resolve(typeof(object).Assembly, null));
}
